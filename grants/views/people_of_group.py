"""A group's people: who they are, adding someone by name and email, and removing someone.

Views are thin: the rules live in `services.people`.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from core.guards import allowed_or_404, person
from core.once import done_before, run_once
from core.refusals import Refused

from ..forms.people import PersonForm
from ..models import Group
from ..services import people as people_rules
from .apply import posted


def group_for(request, pk):
    return allowed_or_404(request.user, "edit_group", get_object_or_404(Group, pk=pk))


@person
@require_http_methods(["GET", "POST"])
def group_people(request, pk):
    group = group_for(request, pk)
    # A second tap (or Back and send again) lands where the first went: one person added.
    first_result = done_before(request) if request.method == "POST" else None
    if first_result:
        return redirect(first_result)
    form = PersonForm(posted(request))
    if request.method == "POST" and form.is_valid():

        def add():
            people_rules.person_add(group, **form.cleaned_data, by=request.user)
            name, email = form.cleaned_data["name"], form.cleaned_data["email"]
            messages.success(
                request,
                gettext(
                    "We added %(name)s. Tell them to sign in with %(email)s: they will then see "
                    "%(group)s's forms and grants."
                )
                % {"name": name, "email": email, "group": group.name},
            )
            return reverse("group_people", args=[group.pk])

        try:
            return redirect(run_once(request, add))
        except Refused as refused:
            form.add_error("email", refused.message)
    return render(
        request,
        "grants/group_people.html",
        {"group": group, "people": people_rules.people_of(group), "form": form},
    )


@person
@require_POST
def group_person_remove(request, pk):
    group = group_for(request, pk)
    try:
        name = people_rules.person_remove(group, request.POST.get("person", ""), by=request.user)
    except Refused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request,
            gettext("We removed %(name)s from %(group)s.") % {"name": name, "group": group.name},
        )
    return redirect("group_people", pk=group.pk)
