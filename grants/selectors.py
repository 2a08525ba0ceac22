"""Reads of grants' data that other apps may use (they never query grants' models directly)."""

from .models import Application, ApplicationState, Group, User


def user_by_email(email):
    return User.objects.filter(email=email).first()


def awarded_applications(round_slug):
    """The applications the round `round_slug` decided to fund, with their groups."""
    return list(
        Application.objects.filter(
            round__slug=round_slug, state=ApplicationState.AWARDED
        ).select_related("group", "round")
    )


def group_by_pk(pk):
    """One group, or None."""
    return Group.objects.filter(pk=pk).first()


def groups_by_pks(pks):
    """The groups with these ids, by name."""
    return list(Group.objects.filter(pk__in=pks).order_by("name"))
