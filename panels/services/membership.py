"""Panels and their members: invitations, the chair, accepting, stepping down."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from core import notify
from core.permissions import can
from core.transitions import perform
from grants.accounts import ensure_account
from grants.models import Round

from ..models import (
    MemberState,
    Panel,
    PanelMember,
)
from ..signals import member_left


# --------------------------------------------------------------------------------------------
# Panels and members
# --------------------------------------------------------------------------------------------
def panel_for(rnd) -> Panel:
    """The round's panel, made if it does not exist yet."""
    panel, _ = Panel.objects.get_or_create(round=rnd)
    return panel


def membership(user, rnd) -> PanelMember | None:
    """`user`'s membership of the round's panel, in any state, cached per request on the user."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    cache = user.__dict__.setdefault("_seedbed_panel_memberships", {})
    round_id = rnd.pk if isinstance(rnd, Round) else rnd
    if round_id not in cache:
        cache[round_id] = (
            PanelMember.objects.select_related("panel", "panel__round")
            .filter(panel__round_id=round_id, user=user)
            .first()
        )
    return cache[round_id]


def membership_forget(user):
    user.__dict__.pop("_seedbed_panel_memberships", None)
    user.__dict__.pop("_seedbed_declarations", None)


def active_membership(user, rnd) -> PanelMember | None:
    member = membership(user, rnd)
    return member if member is not None and member.state == MemberState.ACTIVE else None


def active_memberships(rnd):
    """The round's active panel members (PanelMember rows, with their users)."""
    return PanelMember.objects.filter(panel__round=rnd, state=MemberState.ACTIVE).select_related(
        "user"
    )


def active_members(rnd):
    """The people on the round's panel now (a User queryset): the voters."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(
        panel_memberships__panel__round=rnd, panel_memberships__state=MemberState.ACTIVE
    )


def member_invite(rnd, *, name, email, by, chair=False) -> PanelMember:
    """Invite a resident (an account is made for their email if needed) and email them a link.

    Inviting someone who stepped down invites them again; inviting someone already invited or
    on the panel sends the link again.
    """
    if not can(by, "manage_panel", rnd):
        raise PermissionDenied(gettext("Only the round's officers can invite panel members."))
    panel = panel_for(rnd)
    user = ensure_account(email)
    if not user.name:
        user.name = name
        user.save(update_fields=["name"])
    with transaction.atomic():
        member, made = PanelMember.objects.get_or_create(
            panel=panel, user=user, defaults={"name": name, "invited_by": by}
        )
        if not made and member.state == MemberState.STEPPED_DOWN:
            member = perform(member, "invite_again", by=by, reason="Invited again")
        if chair:
            member_make_chair(member, by=by)
    if member.state == MemberState.INVITED:
        notify.email(
            user.email,
            "panel_invitation",
            {"member": member, "round": rnd, "funder": rnd.funder, "path": invitation_path(member)},
        )
    return member


def invitation_path(member) -> str:
    from django.urls import reverse

    return reverse("panel_invitation", args=[member.token])


def member_make_chair(member, *, by):
    if not can(by, "manage_panel", member):
        raise PermissionDenied(gettext("Only the round's officers can choose the chair."))
    Panel.objects.filter(pk=member.panel_id).update(chair=member)
    member.panel.chair = member


def invitation_accept(member, *, by, read_guide: bool, agreed_conduct: bool) -> PanelMember:
    """The resident joins: they read the guide and agreed the code of conduct (both recorded)."""
    now = timezone.now()
    changed = []
    if read_guide and not member.read_guide_at:
        member.read_guide_at = now
        changed.append("read_guide_at")
    if agreed_conduct and not member.agreed_conduct_at:
        member.agreed_conduct_at = now
        changed.append("agreed_conduct_at")
    if changed:
        member.save(update_fields=changed)
    member = perform(member, "accept", by=by, reason="Accepted the invitation")
    membership_forget(by)
    return member


def member_step_down(member, *, by, reason) -> PanelMember:
    """The member leaves the panel. Other apps are told in the same transaction (a ballot in
    an open vote is taken out: see panels.signals)."""
    with transaction.atomic():
        member = perform(member, "step_down", by=by, reason=reason)
        member_left.send(sender=PanelMember, member=member, by=by)
    membership_forget(member.user)
    if by is not None:
        membership_forget(by)
    return member
