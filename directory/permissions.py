"""Who may do what with directory listings (rules registered with `core.permissions`).

- The group's own people and its supporters write the listing, send it for a check, hide it,
  show it again or take it down.
- The officers of the funder behind the listing check it (list it or ask for changes), and may
  hide it or take it down.
- The funder's viewers may read it. Everyone may read a listed listing: that needs no rule.
"""

from core.permissions import rule
from grants.permissions import funder_ids, group_ids, is_officer, supported_group_ids


def _group_id(obj):
    return getattr(obj, "group_id", None) or obj.pk


def _is_groups_person(user, obj):
    group_id = _group_id(obj)
    return group_id in group_ids(user) or group_id in supported_group_ids(user)


@rule("list_group")
def _list_group(user, group):
    """Start a listing for a group: its people and supporters."""
    return _is_groups_person(user, group)


@rule("edit_listing")
def _edit_listing(user, listing):
    return _is_groups_person(user, listing)


@rule("check_listing")
def _check_listing(user, listing):
    return is_officer(user, listing.funder_id)


@rule("hide_listing")
def _hide_listing(user, listing):
    return _is_groups_person(user, listing) or is_officer(user, listing.funder_id)


@rule("view_listing")
def _view_listing(user, listing):
    return _is_groups_person(user, listing) or listing.funder_id in funder_ids(
        user, "officer", "funder_viewer"
    )


@rule("view_listings_to_check")
def _view_listings_to_check(user, obj):
    return bool(funder_ids(user, "officer", "funder_viewer"))
