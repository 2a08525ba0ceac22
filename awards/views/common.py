"""What the group's and the staff's award pages share."""

from django.contrib import messages
from django.shortcuts import get_object_or_404

from ..models import Award


def award_or_404(pk):
    return get_object_or_404(
        Award.objects.select_related("funder", "round", "group", "application"), pk=pk
    )


def show_refusal(request, refused, form=None, field=None):
    """Show a refusal beside the field it is about, or at the top of the page."""
    problems = refused.problems or [refused.message]
    by_field = getattr(refused, "by_field", None)
    if form is not None and by_field:
        for name, problem in by_field.items():
            form.add_error(name if name in form.fields else field, problem)
    elif form is not None:
        for problem in problems:
            form.add_error(field, problem)
    else:
        for problem in problems:
            messages.error(request, problem)
