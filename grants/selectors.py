"""Reads of grants' data that other apps may use (they never query grants' models directly)."""

from django.db.models import BooleanField, Q, Value
from django.shortcuts import get_object_or_404

from .models import (
    Answer,
    Application,
    ApplicationState,
    Funder,
    Group,
    GroupEquityAnswers,
    Role,
    Round,
    RoundState,
    User,
)
from .permissions import funder_ids, round_ids


def user_by_email(email):
    return User.objects.filter(email=email).first()


def awarded_applications(round_slug):
    """The applications the round `round_slug` decided to fund, with their groups."""
    return list(
        Application.objects.filter(
            round__slug=round_slug, state=ApplicationState.AWARDED
        ).select_related("group", "round")
    )


def round_or_404(pk):
    """A round with its funder, or 404."""
    return get_object_or_404(Round.objects.select_related("funder"), pk=pk)


def rounds_of(funder):
    return Round.objects.filter(funder=funder).order_by("-opens_at", "title")


def rounds_of_funders(funder_ids):
    return Round.objects.filter(funder_id__in=funder_ids)


def round_of_funder(funder, slug):
    return Round.objects.filter(funder=funder, slug=slug).first()


def round_by_slug(slug):
    return Round.objects.filter(slug=slug).first()


def funder_by_slug(slug):
    return Funder.objects.filter(slug=slug).first()


def funders_visible_to(user):
    """The funders whose dashboards and reports `user` may read (every funder for an admin)."""
    if user.is_superuser:
        return Funder.objects.order_by("name")
    return Funder.objects.filter(pk__in=funder_ids(user, "officer", "funder_viewer")).order_by(
        "name"
    )


def application_or_404(pk, *, round=None, related=("group", "round")):
    filters = {"pk": pk}
    if round is not None:
        filters["round"] = round
    return get_object_or_404(Application.objects.select_related(*related), **filters)


def answer_or_404(pk, application):
    return get_object_or_404(Answer, pk=pk, application=application)


def applications_in(rnd, states):
    """The round's applications in `states`, by reference (none when there is no round)."""
    if rnd is None:
        return Application.objects.none()
    return Application.objects.filter(round=rnd, state__in=states).order_by("reference")


def voting_rounds_of(user):
    """The rounds now voting whose panel `user` sits on."""
    return Round.objects.filter(
        state=RoundState.VOTING, pk__in=round_ids(user, "panel_member")
    ).order_by("pk")


def rounds_with_eligible_applications(funder, *, excluding=None):
    rounds = Round.objects.filter(funder=funder, applications__state=ApplicationState.ELIGIBLE)
    if excluding is not None:
        rounds = rounds.exclude(pk=excluding.pk)
    return rounds.distinct()


def officer_emails(funder):
    """The email addresses of the funder's active officers."""
    return list(
        Role.objects.filter(funder=funder, kind=Role.Kind.OFFICER, user__is_active=True)
        .order_by("user__email")
        .values_list("user__email", flat=True)
        .distinct()
    )


def areas_of(funder):
    """The areas (neighbourhoods) of the groups that applied to the funder, A to Z."""
    return (
        Group.objects.filter(applications__round__funder=funder)
        .exclude(area="")
        .values_list("area", flat=True)
        .distinct()
        .order_by("area")
    )


def any_groups():
    return Group.objects.exists()


def group_by_pk(pk):
    """One group, or None."""
    return Group.objects.filter(pk=pk).first()


def groups_by_pks(pks):
    """The groups with these ids, by name."""
    return list(Group.objects.filter(pk__in=pks).order_by("name"))


def round_for_update(rnd):
    """The round's row, locked until the end of the transaction (callers check budgets)."""
    return Round.objects.select_for_update().get(pk=rnd.pk)


def application_for_update(application):
    """The application's row, locked until the end of the transaction, with round and group."""
    return (
        Application.objects.select_for_update()
        .select_related("round", "group")
        .get(pk=application.pk)
    )


def application_for_staff_or_404(pk):
    return get_object_or_404(Application.objects.select_related("round__funder", "group"), pk=pk)


def awarded_applications_of(funder):
    """The funder's applications the panel decided to fund, by round and group."""
    return (
        Application.objects.filter(round__funder=funder, state=ApplicationState.AWARDED)
        .select_related("round", "group")
        .order_by("round__title", "group__name")
    )


def sent_applications_of(funder):
    """The funder's applications that were ever sent (drafts never sent, and withdrawn drafts,
    left out)."""
    return Application.objects.filter(round__funder=funder).filter(
        Q(submitted_at__isnull=False) | ~Q(state__in=[ApplicationState.DRAFT, "withdrawn"])
    )


def funder_or_404(slug):
    return get_object_or_404(Funder, slug=slug)


def equity_answers_of(group):
    """The group's answers to the optional equity questions, or None. Only for the group's own
    pages, its data download and the open data (with its agreement): never the panel's."""
    return GroupEquityAnswers.objects.filter(group=group).first()


def equity_answers_by_group(group_ids):
    """{group id: its equity answers} for counting (the fairness funnel), in one query."""
    return {
        kept.group_id: kept for kept in GroupEquityAnswers.objects.filter(group_id__in=group_ids)
    }


# --------------------------------------------------------------------------------------------
# Stages other apps define: "scored" belongs to the panels app, which registers it (its ready())
# so that apps that may not read panels (reports) can still count scored applications.
# --------------------------------------------------------------------------------------------
_SCORED = []


def register_scored_expression(make_expression):
    """`make_expression()` -> a boolean expression over applications: scored by the panel."""
    _SCORED[:] = [make_expression]
    return make_expression


def scored_expression():
    """Whether an application was scored by the panel (False for all without a panels app)."""
    return _SCORED[0]() if _SCORED else Value(False, output_field=BooleanField())
