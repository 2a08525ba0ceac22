"""Screening: an officer checks each submitted application and says whether it goes to the panel.

Every decision runs through `transitions.perform` (row lock, state check, permission, audit
record), so two officers deciding at once cannot both win: the second is refused with a plain
message. After a decision the group is told by email, in plain words.
"""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from core.guards import is_staff_member
from core.notify import email
from core.transitions import TransitionRefused, perform

from ..models import Application, ApplicationState

# What an officer can decide, the transition it runs, and the email the group gets.
DECISIONS = {
    "eligible": ("mark_eligible", "screening_eligible", "marked as going to the panel"),
    "ineligible": ("mark_ineligible", "screening_ineligible", "marked as not eligible"),
    "more_info": (
        "ask_for_more_information",
        "screening_more_info",
        "sent back for more information",
    ),
}
REASON_NEEDED = {"ineligible", "more_info"}

# Applications officers see while screening: everything the group has sent at least once.
NOT_SENT = [ApplicationState.DRAFT]


@dataclass
class Outcome:
    application: Application
    done: bool
    message: str = ""


def recipients(app):
    """Who hears about a decision: the group's first contact, and whoever filled the form in
    for the group (unless that was one of the funder's staff)."""
    people = [app.group.contact_email]
    creator = app.created_by
    if creator is not None and creator.email and not is_staff_member(creator):
        people.append(creator.email)
    return list(dict.fromkeys(p.lower() for p in people if p))


def screening_decide(app, decision, *, by, reason=""):
    """Run one screening decision and email the group. Raises TransitionRefused."""
    if decision not in DECISIONS:
        raise TransitionRefused(_("That is not a decision Seedbed knows."))
    reason = (reason or "").strip()
    if decision in REASON_NEEDED and not reason:
        raise TransitionRefused(_("Write the reason the group will see."))
    transition, template, _done = DECISIONS[decision]
    app = perform(app, transition, by=by, reason=reason)
    app = Application.objects.select_related("group", "round", "created_by").get(pk=app.pk)
    email(
        recipients(app),
        template,
        {"application": app, "group": app.group, "round": app.round, "reason": reason},
    )
    return app


def screening_decide_many(applications, decision, *, by, reason=""):
    """Apply one decision to several applications, each on its own; say which worked."""
    outcomes = []
    for app in applications:
        try:
            screening_decide(app, decision, by=by, reason=reason)
        except TransitionRefused as refused:
            outcomes.append(Outcome(app, False, refused.message))
        else:
            outcomes.append(Outcome(app, True))
    return outcomes


# --------------------------------------------------------------------------------------------
# The list officers work through
# --------------------------------------------------------------------------------------------
SORTS = {
    "oldest": ("submitted_at", "pk"),
    "newest": ("-submitted_at", "-pk"),
    "amount_high": ("-amount_requested", "pk"),
    "amount_low": ("amount_requested", "pk"),
    "group": ("group__name", "pk"),
    "reference": ("reference",),
}
HELPED = [Application.Channel.PHONE, Application.Channel.PAPER, Application.Channel.ASSISTED]


def sent_applications(rnd):
    return (
        Application.objects.filter(round=rnd)
        .exclude(state__in=NOT_SENT)
        .select_related("group", "assisted_by")
    )


def filtered(rnd, filters):
    """The round's sent applications, filtered and sorted by a cleaned ScreeningFilterForm."""
    apps = sent_applications(rnd)
    if filters.get("state"):
        apps = apps.filter(state=filters["state"])
    if filters.get("kind"):
        apps = apps.filter(group__kind=filters["kind"])
    if filters.get("area"):
        apps = apps.filter(group__area__icontains=filters["area"])
    if filters.get("min_amount") is not None:
        apps = apps.filter(amount_requested__gte=filters["min_amount"])
    if filters.get("max_amount") is not None:
        apps = apps.filter(amount_requested__lte=filters["max_amount"])
    if filters.get("assisted") == "yes":
        apps = apps.filter(Q(assisted_by__isnull=False) | Q(channel__in=HELPED))
    elif filters.get("assisted") == "no":
        apps = apps.filter(assisted_by__isnull=True).exclude(channel__in=HELPED)
    if filters.get("q"):
        text = filters["q"]
        apps = apps.filter(
            Q(title__icontains=text) | Q(reference__icontains=text) | Q(group__name__icontains=text)
        )
    return apps.order_by(*SORTS.get(filters.get("sort") or "oldest", SORTS["oldest"]))


def groups_applying_twice(rnd):
    """Ids of groups with more than one live application in the round (one query)."""
    return set(
        Application.objects.filter(round=rnd)
        .exclude(state__in=[ApplicationState.DRAFT, ApplicationState.WITHDRAWN])
        .values("group_id")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values_list("group_id", flat=True)
    )


def other_applications_of_group(app):
    """The group's other live applications to the same round, for the hint on its page."""
    return list(
        Application.objects.filter(round_id=app.round_id, group_id=app.group_id)
        .exclude(pk=app.pk)
        .exclude(state__in=[ApplicationState.DRAFT, ApplicationState.WITHDRAWN])
        .only("pk", "reference", "title", "state")
    )


def counts_by_state(rnd):
    rows = (
        Application.objects.filter(round=rnd)
        .exclude(state__in=NOT_SENT)
        .values("state")
        .annotate(n=Count("pk"))
    )
    found = {row["state"]: row["n"] for row in rows}
    return [
        (value, label, found.get(value, 0))
        for value, label in ApplicationState.choices
        if value not in NOT_SENT
    ]
