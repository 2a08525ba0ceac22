"""The group's optional equity questions: a section of the group's profile page, and a page of
their own (where mistakes are shown, and where the "application sent" page links)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from core.guards import allowed_or_404, person

from ..forms.equity import EquityForm
from ..models import Group
from ..selectors import equity_answers_of
from ..services import equity as equity_rules
from .apply import posted


@person
@require_http_methods(["GET", "POST"])
def group_equity(request, pk):
    group = allowed_or_404(request.user, "edit_group", get_object_or_404(Group, pk=pk))
    if request.method == "POST":
        form = EquityForm(posted(request))
        if form.is_valid():
            kept = equity_rules.equity_answers_save(group, form.cleaned_data, by=request.user)
            if kept is None:
                messages.success(
                    request, gettext("No answers are kept. That is fine: they are optional.")
                )
            else:
                messages.success(request, gettext("We saved your answers. Thank you."))
            return redirect(reverse("group_edit", args=[group.pk]) + "#equity")
    else:
        form = EquityForm.from_answers(equity_answers_of(group))
    return render(request, "grants/apply/group_equity.html", {"form": form, "group": group})
