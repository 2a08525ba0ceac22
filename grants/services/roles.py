"""Giving and taking away roles. Other apps call these (the panels app gives a round's
`panel_member` role when someone joins its panel, and takes it away when they step down)."""

from ..models import Role
from ..permissions import forget


def role_grant(user, kind, *, round=None, funder=None):  # noqa: A002  (the model's own word)
    """Give `user` the role `kind` on a round or a funder. Returns the Role; idempotent."""
    if round is None and funder is None:
        raise ValueError("A role needs a round or a funder.")
    role, _ = Role.objects.get_or_create(user=user, kind=kind, round=round, funder=funder)
    forget(user)
    return role


def role_revoke(user, kind, *, round=None, funder=None):  # noqa: A002
    """Take the role `kind` on a round or a funder away from `user`. Returns how many went."""
    deleted, _ = Role.objects.filter(user=user, kind=kind, round=round, funder=funder).delete()
    forget(user)
    return deleted
