"""The one place that answers "may this user do this to this object?".

Views, querysets and the state machines' transition permissions all ask `can(user, action, obj)`.
Each app registers the rules for its own actions with `@rule("action")` in its `permissions`
module (loaded from its `AppConfig.ready()`). A rule gets the user (already known to be signed
in and active) and the object, and returns True or False. Platform admins (superusers) may do
everything.

Core knows no app: the rule "view_staff_pages" (who counts as the funder's staff) is registered
by the app that knows about roles (`grants.permissions`).
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


def rule_for(action: str) -> Callable:
    """The function registered for `action` (tests replace it to prove a guard is needed)."""
    return _RULES[action]
