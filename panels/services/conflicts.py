"""Conflicts of interest: declarations, corrections by officers, and what a member may read
and vote on. Enforced in querysets, not only in templates: a member's list of applications never
holds one they have a link to or have not yet declared on."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext

from core.audit import record_transition
from core.permissions import can
from core.refusals import Refused
from grants.models import ApplicationState
from grants.selectors import applications_in

from ..models import (
    Declaration,
    MemberState,
)
from ..signals import link_declared
from .membership import active_membership, membership_forget


# --------------------------------------------------------------------------------------------
# Conflicts of interest
# --------------------------------------------------------------------------------------------
def panel_applications(rnd):
    """The applications the panel deals with: those marked as going to the panel."""
    return applications_in(
        rnd, [ApplicationState.ELIGIBLE, ApplicationState.AWARDED, ApplicationState.NOT_AWARDED]
    )


def _declaration(member, application_id) -> Declaration | None:
    """The member's declaration on one application, kept on the member for the request. One
    row, not all the member's declarations: a page about one application should not cost
    more as the round grows."""
    cache = member.__dict__.setdefault("_declaration_on", {})
    if application_id not in cache:
        cache[application_id] = Declaration.objects.filter(
            member=member, application_id=application_id
        ).first()
    return cache[application_id]


def declarations_needed(member):
    """The round's applications `member` has not yet declared on."""
    return panel_applications(member.panel.round).exclude(panel_declarations__member=member)


def member_has_declared_on_all(member) -> bool:
    """Kept on the member for the rest of the request (a page asks several times);
    `declaration_record` forgets it."""
    if "_declared_on_all" not in member.__dict__:
        member.__dict__["_declared_on_all"] = not declarations_needed(member).exists()
    return member.__dict__["_declared_on_all"]


def declaration_record(member, application, *, link, details="", by) -> Declaration:
    """Record or change a member's declaration. A member may add a link at any time, but only an
    officer may take one back (so a recusal cannot quietly disappear)."""
    if member.state != MemberState.ACTIVE:
        raise PermissionDenied(gettext("Only people on the panel make declarations."))
    if application.round_id != member.panel.round_id:
        raise PermissionDenied(gettext("That application is not in this round."))
    if link not in Declaration.Link.values:
        raise ValueError("Unknown kind of link.")
    details = details.strip()[:200] if link != Declaration.Link.NONE else ""
    with transaction.atomic():
        existing = Declaration.objects.filter(member=member, application=application).first()
        was_conflict = existing is not None and existing.is_conflict
        declaration = _save_declaration(member, application, existing, link, details, by)
        if declaration.is_conflict and not was_conflict:
            # The same rule for scores and ballots: a new link takes back this member's say on
            # the application wherever it was given (see panels.signals).
            link_declared.send(sender=Declaration, member=member, application=application, by=by)
    member.__dict__.pop("_declaration_on", None)
    member.__dict__.pop("_declared_on_all", None)
    membership_forget(member.user)
    return declaration


def _save_declaration(member, application, existing, link, details, by) -> Declaration:
    if existing is not None:
        if (
            existing.is_conflict
            and link == Declaration.Link.NONE
            and not can(by, "manage_panel", member)
        ):
            raise PermissionDenied(
                gettext("You told us you have a link to this group. Ask the officer to change it.")
            )
        existing.link, existing.details = link, details
        existing.save(update_fields=["link", "details", "updated_at"])
        return existing
    return Declaration.objects.create(
        member=member, application=application, link=link, details=details
    )


# Short words for each answer, for the audit record (its from and to hold 40 characters). Kept in
# English, like the rest of the record: they are stored, not shown as they are made.
LINK_WORDS = {
    Declaration.Link.NONE: "No link",
    Declaration.Link.FAMILY: "Family or household",
    Declaration.Link.MEMBER: "Member of the group",
    Declaration.Link.WORKS_WITH: "Works with the group",
    Declaration.Link.OTHER: "Another link",
}
NOT_ANSWERED = "Not answered"


class CorrectionRefused(Refused):
    """An officer's change to a declaration that cannot be made; `.message` is plain words."""


def declaration_correct(member, application, *, link, details="", reason, by) -> Declaration:
    """An officer changes a member's declaration on their behalf (a link they forgot, or one
    ticked by mistake). The reason is required; who, when, from, to and why are audited on the
    member's record. A new link stops the member's scores for that application counting; a link
    taken back lets them read it again."""

    if not can(by, "manage_panel", member):
        raise PermissionDenied(gettext("Only the round's officers can change a member's links."))
    reason = (reason or "").strip()
    if not reason:
        raise CorrectionRefused(gettext("Say why you are changing this."))
    if member.state != MemberState.ACTIVE:
        raise CorrectionRefused(
            gettext("%(name)s is not on the panel now, so this cannot change.")
            % {"name": member.name}
        )
    if link not in Declaration.Link.values:
        raise CorrectionRefused(gettext("Choose one of the answers."))
    details = (details or "").strip()[:200] if link != Declaration.Link.NONE else ""
    with transaction.atomic():
        before = (
            Declaration.objects.select_for_update()
            .filter(member=member, application=application)
            .first()
        )
        if before is not None and (before.link, before.details) == (link, details):
            raise CorrectionRefused(
                gettext("That is what they already told us. Choose another answer.")
            )
        source = LINK_WORDS[before.link] if before is not None else NOT_ANSWERED
        declaration = declaration_record(member, application, link=link, details=details, by=by)
        group = application.group.name
        record_transition(
            sender=type(member),
            instance=member,
            name="correct_declaration",
            source=source,
            target=LINK_WORDS[link],
            method_kwargs={"by": by, "reason": f"{application.reference} ({group}): {reason}"},
        )
    return declaration


def declarations_for_officers(member):
    """Every application on the round's panel with what `member` said about it (None: not
    answered yet), links first, then no link, then not answered; in two queries."""
    said = {d.application_id: d for d in Declaration.objects.filter(member=member)}
    applications = panel_applications(member.panel.round_id).select_related("group")
    rows = [(app, said.get(app.pk)) for app in applications]

    def order(row):
        declaration = row[1]
        if declaration is None:
            return 2
        return 0 if declaration.is_conflict else 1

    return sorted(rows, key=order)


def conflict_q(member_ref="member", application_ref="application"):
    return Exists(
        Declaration.objects.filter(
            member=OuterRef(member_ref), application=OuterRef(application_ref)
        ).exclude(link=Declaration.Link.NONE)
    )


def applications_for_member(member):
    """The applications `member` may open: on the panel's list, declared on, no link. Empty
    until the member is active and has declared on every application in the round."""
    if (
        member is None
        or member.state != MemberState.ACTIVE
        or not member_has_declared_on_all(member)
    ):
        return applications_in(None, [])
    return panel_applications(member.panel.round).filter(
        panel_declarations__member=member, panel_declarations__link=Declaration.Link.NONE
    )


def eligible_applications_for(user, rnd):
    """The applications `user` may read, score and vote on in this round (a queryset)."""
    return applications_for_member(active_membership(user, rnd))


def member_is_conflicted(user, application) -> bool:
    """Has `user` declared a link to this application's group?"""
    return (
        Declaration.objects.filter(
            member__user=user, member__panel__round_id=application.round_id, application=application
        )
        .exclude(link=Declaration.Link.NONE)
        .exists()
    )


def member_may_read(user, application) -> bool:
    """Active on the round's panel, declared on everything, and no link to this group."""
    member = active_membership(user, application.round_id)
    if member is None:
        return False
    declaration = _declaration(member, application.pk)
    if declaration is None or declaration.is_conflict:
        return False
    return member_has_declared_on_all(member)


def member_may_vote_on(user, application) -> bool:
    """For the voting app: the same test as reading (active, declared, no link)."""
    return member_may_read(user, application)


def recusals(rnd):
    """Every declared link in the round, for the officers and the meeting."""
    return (
        Declaration.objects.filter(member__panel__round=rnd)
        .exclude(link=Declaration.Link.NONE)
        .select_related("member", "application")
        .order_by("application__reference", "member__name")
    )
