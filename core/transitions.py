"""Run a state-machine transition the one safe way.

`perform(obj, "submit", by=user, reason="...")`:
- locks the row, so two people acting at once cannot both win;
- checks the transition exists from the current state, the user may run it, and its
  conditions hold, answering each failure with a plain message (`TransitionRefused`);
- runs it, saves, and (through the `post_transition` signal) writes the audit record.
"""

from django.db import transaction
from django.utils.translation import gettext
from django_fsm import TransitionNotAllowed, can_proceed

from .refusals import Refused


class TransitionRefused(Refused):
    """A transition that is not allowed now, with a message a person can act on."""


def _label(obj):
    return obj._meta.verbose_name


def check(obj, name, user):
    """Raise TransitionRefused if `user` may not run transition `name` on `obj` now."""
    method = getattr(obj, name)
    if not can_proceed(method, check_conditions=False):
        state = obj.get_state_display() if hasattr(obj, "get_state_display") else obj.state
        raise TransitionRefused(
            gettext(
                "This %(thing)s is now “%(state)s”, so that cannot be done any more. "
                "Someone else may have just changed it: reload the page to see where it stands."
            )
            % {"thing": _label(obj), "state": state}
        )
    transition = method._django_fsm.get_transition(obj.state)
    if user is not None and not transition.has_perm(obj, user):
        raise TransitionRefused(
            gettext("You are not allowed to do that to this %(thing)s.") % {"thing": _label(obj)}
        )
    if not can_proceed(method, check_conditions=True):
        problems = []
        for condition in transition.conditions:
            if not condition(obj):
                problems.extend(_problems_of(obj, condition))
        raise TransitionRefused(
            problems[0]
            if len(problems) == 1
            else gettext("This %(thing)s is not ready yet.") % {"thing": _label(obj)},
            problems,
        )


def _problems_of(obj, condition):
    explain = getattr(condition, "explain", None)
    if explain:
        return list(explain(obj))
    return [
        getattr(condition, "message", None) or gettext("Something needed for this step is missing.")
    ]


def perform(obj, name, *, by, reason="", **kwargs):
    """Run transition `name` on `obj` for user `by`; returns the fresh, saved object."""
    model = type(obj)
    with transaction.atomic():
        locked = model.objects.select_for_update().get(pk=obj.pk)
        check(locked, name, by)
        try:
            getattr(locked, name)(by=by, reason=reason, **kwargs)
        except TransitionNotAllowed as exc:  # pragma: no cover - checked above
            raise TransitionRefused(gettext("That cannot be done now.")) from exc
        locked.save()
    return locked


def available(obj, user):
    """The transitions `user` may run on `obj` now (names), for showing buttons."""
    state_field = obj._meta.get_field("state")
    return [
        t.name for t in getattr(obj, f"get_available_user_{state_field.name}_transitions")(user)
    ]
