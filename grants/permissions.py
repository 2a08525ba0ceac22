"""Who may do what with funders, rounds, groups and applications: the facts about a person's
roles and groups (cached for the length of a request), and the grants rules registered with
`core.permissions.rule`. Other apps ask `core.permissions.can`, and read these facts through
the functions here (`funder_ids`, `group_ids`, ...).
"""

from core.permissions import rule

from .models import ApplicationState, Group, GroupMember, Role


# --------------------------------------------------------------------------------------------
# Facts about a user, cached on the user object for the length of a request.
# --------------------------------------------------------------------------------------------
def _role_index(user):
    cached = getattr(user, "_seedbed_roles", None)
    if cached is None:
        cached = {"funder": {}, "round": {}}
        for kind, funder_id, round_id in Role.objects.filter(user=user).values_list(
            "kind", "funder_id", "round_id"
        ):
            if funder_id:
                cached["funder"].setdefault(kind, set()).add(funder_id)
            if round_id:
                cached["round"].setdefault(kind, set()).add(round_id)
        user._seedbed_roles = cached
    return cached


def funder_ids(user, *kinds) -> set[int]:
    index = _role_index(user)["funder"]
    return set().union(*(index.get(kind, set()) for kind in kinds)) if kinds else set()


def round_ids(user, *kinds) -> set[int]:
    index = _role_index(user)["round"]
    return set().union(*(index.get(kind, set()) for kind in kinds)) if kinds else set()


def group_ids(user) -> set[int]:
    cached = getattr(user, "_seedbed_groups", None)
    if cached is None:
        cached = set(GroupMember.objects.filter(user=user).values_list("group_id", flat=True))
        user._seedbed_groups = cached
    return cached


def supported_group_ids(user) -> set[int]:
    cached = getattr(user, "_seedbed_supported", None)
    if cached is None:
        cached = set(Group.objects.filter(supporters=user).values_list("pk", flat=True))
        user._seedbed_supported = cached
    return cached


def forget(user):
    """Drop what was cached about the user's roles (after granting or removing one)."""
    for attr in ("_seedbed_roles", "_seedbed_groups", "_seedbed_supported"):
        if hasattr(user, attr):
            delattr(user, attr)


def is_officer(user, funder_id) -> bool:
    return user.is_superuser or funder_id in funder_ids(user, "officer")


def is_staff_member(user) -> bool:
    """Officers, funder viewers and admins: the people who must use a second factor. Pages ask
    `core.guards.is_staff_member`, which asks the "view_staff_pages" rule below."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or bool(funder_ids(user, "officer", "funder_viewer"))


def is_supporter(user) -> bool:
    return bool(funder_ids(user, "supporter"))


def funder_id_of(obj):
    for attr in ("funder_id",):
        if hasattr(obj, attr):
            return getattr(obj, attr)
    rnd = getattr(obj, "round", None)
    if rnd is not None:
        return rnd.funder_id
    return None


# --------------------------------------------------------------------------------------------
# Grants rules
# --------------------------------------------------------------------------------------------
@rule("view_staff_pages")
def _view_staff_pages(user, obj):
    return is_staff_member(user)


@rule("manage_round")
def _manage_round(user, rnd):
    return is_officer(user, funder_id_of(rnd))


@rule("open_round")
def _open_round(user, rnd):
    return is_officer(user, funder_id_of(rnd))


@rule("close_round")
def _close_round(user, rnd):
    return is_officer(user, funder_id_of(rnd))


@rule("decide_round")
def _decide_round(user, obj):
    return is_officer(user, funder_id_of(obj))


@rule("view_round_dashboard")
def _view_round_dashboard(user, obj):
    return funder_id_of(obj) in funder_ids(user, "officer", "funder_viewer")


@rule("view_funder")
def _view_funder(user, funder):
    return funder.pk in funder_ids(user, "officer", "funder_viewer")


@rule("manage_funder")
def _manage_funder(user, funder):
    return funder.pk in funder_ids(user, "officer")


@rule("view_group")
def _view_group(user, group):
    return group.pk in group_ids(user) or group.pk in supported_group_ids(user)


@rule("edit_group")
def _edit_group(user, group):
    return group.pk in group_ids(user) or group.pk in supported_group_ids(user)


@rule("view_application")
def _view_application(user, app):
    """The group, its supporters, and the funder's staff. Panel members use the blind view.
    A draft (not sent yet) is the group's own: its supporters and the funder's officers (who may
    help and screen it) see it too, funder viewers do not -- nor its recordings or anything
    else of it (every view of an application and its files asks this rule)."""
    if app.group_id in group_ids(user) or app.group_id in supported_group_ids(user):
        return True
    kinds = ("officer",) if app.state == ApplicationState.DRAFT else ("officer", "funder_viewer")
    return funder_id_of(app) in funder_ids(user, *kinds)


@rule("edit_application")
def _edit_application(user, app):
    return (
        app.group_id in group_ids(user)
        or app.group_id in supported_group_ids(user)
        or is_officer(user, funder_id_of(app))
    )


@rule("withdraw_application")
def _withdraw_application(user, app):
    return _edit_application(user, app)


@rule("screen_application")
def _screen_application(user, app):
    return is_officer(user, funder_id_of(app))


@rule("apply_for_group")
def _apply_for_group(user, group):
    """Start an application for a group: its members, its supporters (assisted)."""
    return group.pk in group_ids(user) or group.pk in supported_group_ids(user)


@rule("apply_with_any_group")
def _apply_with_any_group(user, rnd):
    """Supporters and the round's officers can start an application with a group."""
    fid = funder_id_of(rnd)
    return fid in funder_ids(user, "supporter") or is_officer(user, fid)


@rule("view_audit")
def _view_audit(user, obj):
    return funder_id_of(obj) in funder_ids(user, "officer", "funder_viewer")
