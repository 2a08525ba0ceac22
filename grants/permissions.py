"""The one place that answers "may this user do this to this object?".

Views, querysets and the state machines' transition permissions all ask `can(user, action, obj)`.
Each app registers the rules for its own actions with `@rule("action")`; the grants rules are
below. A rule gets the user (already known to be signed in and active) and the object, and
returns True or False. Platform admins (superusers) may do everything.
"""

from collections.abc import Callable

_RULES: dict[str, Callable] = {}


class UnknownAction(LookupError):
    pass


def rule(action: str):
    """Register the rule answering `action`. One rule per action, project-wide."""

    def register(func):
        if action in _RULES and _RULES[action] is not func:
            raise ValueError(f"A rule for {action!r} is already registered.")
        _RULES[action] = func
        return func

    return register


def can(user, action: str, obj=None) -> bool:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if action not in _RULES:
        raise UnknownAction(action)
    if user.is_superuser:
        return True
    return bool(_RULES[action](user, obj))


def transition_permission(action: str):
    """A django-fsm `permission=` callable that asks `can` about the instance."""

    def check(instance, user):
        return can(user, action, instance)

    check.action = action
    return check


def registered_actions():
    return sorted(_RULES)


# --------------------------------------------------------------------------------------------
# Facts about a user, cached on the user object for the length of a request.
# --------------------------------------------------------------------------------------------
def _role_index(user):
    cached = getattr(user, "_seedbed_roles", None)
    if cached is None:
        from .models import Role

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
        from .models import GroupMember

        cached = set(GroupMember.objects.filter(user=user).values_list("group_id", flat=True))
        user._seedbed_groups = cached
    return cached


def supported_group_ids(user) -> set[int]:
    cached = getattr(user, "_seedbed_supported", None)
    if cached is None:
        from .models import Group

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
    """Officers, funder viewers and admins: the people who must use a second factor."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or bool(funder_ids(user, "officer", "funder_viewer"))


def is_supporter(user) -> bool:
    return bool(funder_ids(user, "supporter"))


def _funder_id_of(obj):
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
    return is_officer(user, _funder_id_of(rnd))


@rule("open_round")
def _open_round(user, rnd):
    return is_officer(user, _funder_id_of(rnd))


@rule("close_round")
def _close_round(user, rnd):
    return is_officer(user, _funder_id_of(rnd))


@rule("decide_round")
def _decide_round(user, obj):
    return is_officer(user, _funder_id_of(obj))


@rule("view_round_dashboard")
def _view_round_dashboard(user, obj):
    return _funder_id_of(obj) in funder_ids(user, "officer", "funder_viewer")


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
    """The group, its supporters, and the funder's staff. Panel members use the blind view."""
    return (
        app.group_id in group_ids(user)
        or app.group_id in supported_group_ids(user)
        or _funder_id_of(app) in funder_ids(user, "officer", "funder_viewer")
    )


@rule("edit_application")
def _edit_application(user, app):
    return (
        app.group_id in group_ids(user)
        or app.group_id in supported_group_ids(user)
        or is_officer(user, _funder_id_of(app))
    )


@rule("withdraw_application")
def _withdraw_application(user, app):
    return _edit_application(user, app)


@rule("screen_application")
def _screen_application(user, app):
    return is_officer(user, _funder_id_of(app))


@rule("apply_for_group")
def _apply_for_group(user, group):
    """Start an application for a group: its members, its supporters (assisted)."""
    return group.pk in group_ids(user) or group.pk in supported_group_ids(user)


@rule("apply_with_any_group")
def _apply_with_any_group(user, rnd):
    """Supporters and the round's officers can start an application with a group."""
    fid = _funder_id_of(rnd)
    return fid in funder_ids(user, "supporter") or is_officer(user, fid)


@rule("view_audit")
def _view_audit(user, obj):
    return _funder_id_of(obj) in funder_ids(user, "officer", "funder_viewer")


# --------------------------------------------------------------------------------------------
# Awards and payments rules (grants.award_models)
# --------------------------------------------------------------------------------------------
def _award_funder_id(obj):
    """The funder behind a Funder, Award, Payment or Application."""
    from .models import Funder, Payment

    if isinstance(obj, Funder):
        return obj.pk
    if isinstance(obj, Payment):
        return obj.award.funder_id
    return _funder_id_of(obj)


@rule("view_award")
def _view_award(user, award):
    """The group's members and supporters, and the funder's staff."""
    return (
        award.group_id in group_ids(user)
        or award.group_id in supported_group_ids(user)
        or award.funder_id in funder_ids(user, "officer", "funder_viewer")
    )


@rule("accept_award")
def _accept_award(user, award):
    """Only the group's own members accept or decline an offer for it."""
    return award.group_id in group_ids(user)


@rule("ask_award_change")
def _ask_award_change(user, award):
    """The group's members and supporters (who may see its award page) ask the funder to change
    the amount or dates. Officers change it themselves ("manage_award")."""
    return award.group_id in group_ids(user) or award.group_id in supported_group_ids(user)


@rule("make_offer")
def _make_offer(user, application):
    return is_officer(user, _award_funder_id(application))


@rule("manage_award")
def _manage_award(user, obj):
    return is_officer(user, _award_funder_id(obj))


@rule("record_payment")
def _record_payment(user, obj):
    return is_officer(user, _award_funder_id(obj))


@rule("view_award_register")
def _view_award_register(user, funder):
    return _award_funder_id(funder) in funder_ids(user, "officer", "funder_viewer")


@rule("export_open_data")
def _export_open_data(user, funder):
    return _award_funder_id(funder) in funder_ids(user, "officer", "funder_viewer")
