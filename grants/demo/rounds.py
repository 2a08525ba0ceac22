"""Every demo round is made here, by one helper, from the round template."""

from datetime import timedelta

from django.utils import timezone

from core.transitions import perform

from ..models import Application, ApplicationState, Group, Round, RoundState
from ..round_template import apply_template


def demo_round(
    funder,
    slug,
    title,
    *,
    summary,
    who_can_apply,
    area,
    budget,
    opened_days_ago,
    closes_in_days,
    state,
    decision_in_days=None,
    min_grant=300,
    max_grant=5000,
    **extra,
):
    """The demo round `slug` (made from the template if it is not there yet), put straight into
    `state`: demo set-up only, the round's own steps are not run."""
    existing = Round.objects.filter(slug=slug).first()
    if existing is not None:
        return existing
    now = timezone.now()
    rnd = Round.objects.create(
        funder=funder,
        slug=slug,
        title=title,
        summary=summary,
        who_can_apply=who_can_apply,
        area=area,
        budget=budget,
        min_grant=min_grant,
        max_grant=max_grant,
        opens_at=now - timedelta(days=opened_days_ago),
        closes_at=now + timedelta(days=closes_in_days),
        decision_by=(now + timedelta(days=decision_in_days)).date()
        if decision_in_days is not None
        else None,
        **extra,
    )
    apply_template(rnd)
    Round.objects.filter(pk=rnd.pk).update(state=state)
    rnd.refresh_from_db()
    return rnd


def demo_round_state(rnd, state):
    """Put a demo round straight into `state` (demo set-up only)."""
    Round.objects.filter(pk=rnd.pk).update(state=state)
    rnd.refresh_from_db()
    return rnd


def demo_eligible_applications(rnd, plans, *, submitted_days_ago):
    """One application per group (A to Z) for each (title, amount) in `plans`, put straight into
    "going to the panel" (demo set-up only: the applying and checking steps are skipped).
    Returns the applications made (none when there are no groups)."""
    groups = list(Group.objects.order_by("name")[: len(plans)])
    made = []
    for group, (title, amount) in zip(groups, plans, strict=False):
        app = Application.objects.create(
            round=rnd, group=group, title=title, amount_requested=amount
        )
        made.append(app.pk)
    Application.objects.filter(pk__in=made).update(
        state=ApplicationState.ELIGIBLE,
        submitted_at=timezone.now() - timedelta(days=submitted_days_ago),
    )
    return made


def winter_round(funder, officer):
    """A closed round being checked; its steps run as the officer, so the audit trail is real."""
    if Round.objects.filter(slug="winter-warmth-2026").exists():
        return Round.objects.get(slug="winter-warmth-2026")
    rnd = demo_round(
        funder,
        "winter-warmth-2026",
        "Winter Warmth Fund 2026",
        summary="Money for groups that help people keep warm and well this winter.",
        who_can_apply="Groups in Millbrook and Eastside. You do not need to be a charity.",
        what_happens_next="We check every application. Then a panel of local people decides.",
        area="Millbrook and Eastside",
        budget=15000,
        min_grant=250,
        opened_days_ago=60,
        closes_in_days=-21,
        decision_in_days=30,
        one_application_per_group=False,
        state=RoundState.DRAFT,
    )
    for step in ("open", "close", "start_screening"):
        rnd = perform(rnd, step, by=officer, reason="Demo data")
    return rnd


# The finished 2026 round: these groups were awarded money (the awards app makes the offers).
FINISHED_ROUND = "healthy-neighbours-2026"
FINISHED_AWARDS = [
    ("Tuesday Lunch Club", "Hot lunches and company on Tuesdays", 900),
    ("Millbrook Walkers", "Walks for people new to exercise", 1500),
    ("Eastside Community Fridge", "A bigger fridge and a freezer", 2500),
]


def finished_round(funder, officer):
    """Last year's round, being monitored, with three awarded applications."""
    if Round.objects.filter(slug=FINISHED_ROUND).exists():
        return Round.objects.get(slug=FINISHED_ROUND)
    last = demo_round(
        funder,
        FINISHED_ROUND,
        "Healthy Neighbours Fund 2026",
        summary="Money for local groups that help people feel well and less alone.",
        who_can_apply="Any group of local people doing good things for others in Riverside.",
        area="Riverside",
        budget=20000,
        opened_days_ago=400,
        closes_in_days=-340,
        state=RoundState.MONITORING,
    )
    for name, title, asked in FINISHED_AWARDS:
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        app = Application.objects.create(
            round=last,
            group=group,
            title=title,
            amount_requested=asked,
            created_by=officer,
            theme="Health and wellbeing",
        )
        for step in ("submit", "mark_eligible", "award"):
            app = perform(app, step, by=None, reason="Demo data")
    return last
