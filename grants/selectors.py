"""Reads of grants' data that other apps may use (they never query grants' models directly)."""

from .models import Application, ApplicationState, User


def user_by_email(email):
    return User.objects.filter(email=email).first()


def awarded_applications(round_slug):
    """The applications the round `round_slug` decided to fund, with their groups."""
    return list(
        Application.objects.filter(
            round__slug=round_slug, state=ApplicationState.AWARDED
        ).select_related("group", "round")
    )
