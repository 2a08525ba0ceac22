"""Reads of awards' data that other apps may use (they never query awards' models directly)."""

from .models import LIVE_AWARD_STATES, Award
from .open_data import grant_id


def live_awards_for_groups(group_ids):
    """The groups' real grants (accepted, paid, changing or closed), oldest first, with their
    funder, round and application."""
    return list(
        Award.objects.filter(group_id__in=group_ids, state__in=LIVE_AWARD_STATES)
        .select_related("funder", "round", "application")
        .order_by("accepted_at", "pk")
    )


def grant_ids_by_group(group_ids):
    """{group id: [the 360Giving ids of its real grants]} (one query)."""
    found = {}
    for award in live_awards_for_groups(group_ids):
        found.setdefault(award.group_id, []).append(
            {"id": grant_id(award), "funder": award.funder.name, "round": award.round.title}
        )
    return found


def live_awards_for_funder(funder_id):
    """A funder's real grants, oldest first, with their group and application."""
    return list(
        Award.objects.filter(funder_id=funder_id, state__in=LIVE_AWARD_STATES)
        .select_related("group", "application")
        .order_by("accepted_at", "pk")
    )
