"""Pages for the funder's staff: officers and funder viewers (and platform admins)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from core.attention import items_for
from core.audit import timeline
from core.guards import allowed_or_404, is_staff_member, signed_in, staff_only
from core.permissions import can
from core.transitions import TransitionRefused, available, perform

from ..models import Funder, Round
from ..permissions import funder_ids

ROUND_STEPS = {
    "open": _("Open the round to applications"),
    "close": _("Close the round to applications"),
    "start_screening": _("Start checking applications"),
    "start_scoring": _("Start panel scoring"),
    "start_voting": _("Start the vote"),
    "start_monitoring": _("Start monitoring grants"),
    "complete": _("Mark the round complete"),
    "cancel": _("Cancel the round"),
}


def visible_funders(user):
    if user.is_superuser:
        return Funder.objects.all()
    return Funder.objects.filter(pk__in=funder_ids(user, "officer", "funder_viewer"))


@signed_in
def second_factor_needed(request):
    if not is_staff_member(request.user):
        return redirect("my_home")
    return render(request, "grants/staff/second_factor_needed.html")


@staff_only
def staff_home(request):
    funders = list(visible_funders(request.user).prefetch_related("rounds"))
    # What needs looking at, per funder (one query per kind of thing, whatever the data).
    attention = items_for(funders, user=request.user)
    for funder in funders:
        funder.attention = attention[funder.pk]
    manageable = (
        {f.pk for f in funders}
        if request.user.is_superuser
        else funder_ids(request.user, "officer")
    )
    return render(
        request,
        "grants/staff/home.html",
        {
            "funders": funders,
            "manageable_funder_ids": manageable,
        },
    )


@staff_only
def round_detail(request, pk):
    rnd = allowed_or_404(
        request.user,
        "view_round_dashboard",
        get_object_or_404(Round.objects.select_related("funder"), pk=pk),
    )
    # Deciding is done on the vote's pages (confirming the count decides the round): a bare
    # "decide" button here would only be refused.
    steps = [
        (name, ROUND_STEPS[name]) for name in available(rnd, request.user) if name in ROUND_STEPS
    ]
    return render(
        request,
        "grants/staff/round_detail.html",
        {
            "round": rnd,
            "steps": steps,
            "events": timeline(rnd),
            "opening_problems": rnd.opening_problems() if rnd.state == "draft" else [],
            "can_manage_round": can(request.user, "manage_round", rnd),
        },
    )


@staff_only
@require_POST
def round_step(request, pk):
    rnd = allowed_or_404(request.user, "view_round_dashboard", get_object_or_404(Round, pk=pk))
    step = request.POST.get("step", "")
    if step not in ROUND_STEPS:
        messages.error(request, gettext("That step is not one Seedbed knows."))
        return redirect("staff_round", pk=rnd.pk)
    try:
        perform(rnd, step, by=request.user, reason=request.POST.get("reason", "")[:2000])
    except TransitionRefused as refused:
        for problem in refused.problems or [refused.message]:
            messages.error(request, problem)
    else:
        messages.success(request, gettext("Done: %(step)s.") % {"step": ROUND_STEPS[step].lower()})
    return redirect("staff_round", pk=rnd.pk)
