"""What the panels app does, for its pages and for other apps (the voting app uses
`active_members`, `is_conflicted`, `eligible_applications_for` and `member_may_vote_on`).

Conflicts of interest are enforced here, in querysets, not only in templates: a member's list of
applications never holds one they have a link to or have not yet declared on.
"""

from collections import Counter

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from core import notify
from core.permissions import can
from core.refusals import Refused
from core.transitions import perform
from grants.accounts import ensure_account
from grants.models import Application, ApplicationState, Round

from . import scoring
from .models import (
    CriterionScore,
    Declaration,
    MeetingNote,
    MemberPayment,
    MemberState,
    Panel,
    PanelMember,
    PanelState,
    ScoreSheet,
)


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


def forget_membership(user):
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


def invite(rnd, *, name, email, by, chair=False) -> PanelMember:
    """Invite a resident (an account is made for their email if needed) and email them a link.

    Inviting someone who stepped down invites them again; inviting someone already invited or
    on the panel sends the link again.
    """
    if not can(by, "manage_panel", rnd):
        raise PermissionDenied("Only the round's officers can invite panel members.")
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
            make_chair(member, by=by)
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


def make_chair(member, *, by):
    if not can(by, "manage_panel", member):
        raise PermissionDenied("Only the round's officers can choose the chair.")
    Panel.objects.filter(pk=member.panel_id).update(chair=member)
    member.panel.chair = member


def accept_invitation(member, *, by, read_guide: bool, agreed_conduct: bool) -> PanelMember:
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
    forget_membership(by)
    return member


def step_down(member, *, by, reason) -> PanelMember:
    member = perform(member, "step_down", by=by, reason=reason)
    forget_membership(member.user)
    if by is not None:
        forget_membership(by)
    return member


# --------------------------------------------------------------------------------------------
# Conflicts of interest
# --------------------------------------------------------------------------------------------
def panel_applications(rnd):
    """The applications the panel deals with: those marked as going to the panel."""
    return Application.objects.filter(
        round=rnd,
        state__in=[
            ApplicationState.ELIGIBLE,
            ApplicationState.AWARDED,
            ApplicationState.NOT_AWARDED,
        ],
    ).order_by("reference")


def _declarations(member) -> dict[int, Declaration]:
    cache = member.__dict__.get("_declarations")
    if cache is None:
        cache = {d.application_id: d for d in Declaration.objects.filter(member=member)}
        member.__dict__["_declarations"] = cache
    return cache


def declarations_needed(member):
    """The round's applications `member` has not yet declared on."""
    return panel_applications(member.panel.round).exclude(panel_declarations__member=member)


def has_declared_on_all(member) -> bool:
    """Kept on the member for the rest of the request (a page asks several times);
    `record_declaration` forgets it."""
    if "_declared_on_all" not in member.__dict__:
        member.__dict__["_declared_on_all"] = not declarations_needed(member).exists()
    return member.__dict__["_declared_on_all"]


def record_declaration(member, application, *, link, details="", by) -> Declaration:
    """Record or change a member's declaration. A member may add a link at any time, but only an
    officer may take one back (so a recusal cannot quietly disappear)."""
    if member.state != MemberState.ACTIVE:
        raise PermissionDenied("Only people on the panel make declarations.")
    if application.round_id != member.panel.round_id:
        raise PermissionDenied("That application is not in this round.")
    if link not in Declaration.Link.values:
        raise ValueError("Unknown kind of link.")
    details = details.strip()[:200] if link != Declaration.Link.NONE else ""
    existing = Declaration.objects.filter(member=member, application=application).first()
    if existing is not None:
        if (
            existing.is_conflict
            and link == Declaration.Link.NONE
            and not can(by, "manage_panel", member)
        ):
            raise PermissionDenied(
                "You told us you have a link to this group. Ask the officer to change it."
            )
        existing.link, existing.details = link, details
        existing.save(update_fields=["link", "details", "updated_at"])
        declaration = existing
    else:
        declaration = Declaration.objects.create(
            member=member, application=application, link=link, details=details
        )
    member.__dict__.pop("_declarations", None)
    member.__dict__.pop("_declared_on_all", None)
    forget_membership(member.user)
    return declaration


# Short words for each answer, for the audit record (its from and to hold 40 characters).
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


def correct_declaration(member, application, *, link, details="", reason, by) -> Declaration:
    """An officer changes a member's declaration on their behalf (a link they forgot, or one
    ticked by mistake). The reason is required; who, when, from, to and why are audited on the
    member's record. A new link stops the member's scores for that application counting; a link
    taken back lets them read it again."""
    from core.audit import record_transition

    if not can(by, "manage_panel", member):
        raise PermissionDenied("Only the round's officers can change a member's links.")
    reason = (reason or "").strip()
    if not reason:
        raise CorrectionRefused("Say why you are changing this.")
    if member.state != MemberState.ACTIVE:
        raise CorrectionRefused(f"{member.name} is not on the panel now, so this cannot change.")
    if link not in Declaration.Link.values:
        raise CorrectionRefused("Choose one of the answers.")
    details = (details or "").strip()[:200] if link != Declaration.Link.NONE else ""
    with transaction.atomic():
        before = (
            Declaration.objects.select_for_update()
            .filter(member=member, application=application)
            .first()
        )
        if before is not None and (before.link, before.details) == (link, details):
            raise CorrectionRefused("That is what they already told us. Choose another answer.")
        source = LINK_WORDS[before.link] if before is not None else NOT_ANSWERED
        declaration = record_declaration(member, application, link=link, details=details, by=by)
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


def _conflict_q(member_ref="member", application_ref="application"):
    return Exists(
        Declaration.objects.filter(
            member=OuterRef(member_ref), application=OuterRef(application_ref)
        ).exclude(link=Declaration.Link.NONE)
    )


def applications_for_member(member):
    """The applications `member` may open: on the panel's list, declared on, no link. Empty
    until the member is active and has declared on every application in the round."""
    if member is None or member.state != MemberState.ACTIVE or not has_declared_on_all(member):
        return Application.objects.none()
    return panel_applications(member.panel.round).filter(
        panel_declarations__member=member, panel_declarations__link=Declaration.Link.NONE
    )


def eligible_applications_for(user, rnd):
    """The applications `user` may read, score and vote on in this round (a queryset)."""
    return applications_for_member(active_membership(user, rnd))


def is_conflicted(user, application) -> bool:
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
    declarations = _declarations(member)
    declaration = declarations.get(application.pk)
    if declaration is None or declaration.is_conflict:
        return False
    return has_declared_on_all(member)


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


# --------------------------------------------------------------------------------------------
# Scoring
# --------------------------------------------------------------------------------------------
class ScoringRefused(Refused):
    """Scores that cannot be saved now; `.message` is plain words."""


def score_sheet(member, application) -> ScoreSheet | None:
    return (
        ScoreSheet.objects.filter(member=member, application=application)
        .prefetch_related("scores")
        .first()
    )


def save_scores(member, application, *, values, comment="", by) -> ScoreSheet:
    """Save a member's scores for one application. `values` maps criterion id to a score (or
    None for not scored yet). Saves whatever was given, even if other criteria are blank."""
    if member is None or by is None or member.user_id != by.pk:
        raise PermissionDenied("Only the panel member can save their own scores.")
    if not can(by, "score_application", application):
        raise PermissionDenied("You cannot score this application.")
    rnd = application.round
    criteria = {c.pk: c for c in rnd.criteria.all()}
    for criterion_id, value in values.items():
        if criterion_id not in criteria:
            raise ScoringRefused("That is not one of this round's criteria.")
        if value is not None and not (1 <= int(value) <= rnd.score_max):
            raise ScoringRefused(f"Scores go from 1 to {rnd.score_max}.")
    with transaction.atomic():
        sheet, _ = ScoreSheet.objects.select_for_update().get_or_create(
            member=member, application=application
        )
        for criterion_id, value in values.items():
            if value is None:
                CriterionScore.objects.filter(sheet=sheet, criterion_id=criterion_id).delete()
            else:
                CriterionScore.objects.update_or_create(
                    sheet=sheet, criterion_id=criterion_id, defaults={"value": int(value)}
                )
        sheet.comment = (comment or "").strip()[:2000]
        scored = set(sheet.scores.values_list("criterion_id", flat=True))
        sheet.is_complete = bool(criteria) and set(criteria) <= scored
        sheet.save()
    return sheet


def progress(member) -> tuple[int, int]:
    """(applications this member has fully scored, applications they can score)."""
    apps = applications_for_member(member)
    total = apps.count()
    done = ScoreSheet.objects.filter(member=member, is_complete=True, application__in=apps).count()
    return done, total


def _counted_sheets(rnd):
    """Complete score sheets that count: from active members with no link to the group."""
    return ScoreSheet.objects.filter(
        application__round=rnd,
        is_complete=True,
        member__state=MemberState.ACTIVE,
        member__panel__round=rnd,
    ).exclude(_conflict_q())


def complete_score_counts(rnd) -> Counter:
    """{application id: complete scores that count}, in one query."""
    return Counter(_counted_sheets(rnd).values_list("application_id", flat=True))


def applications_short_of_scores(rnd) -> list:
    """The round's eligible applications with fewer than its minimum of complete scores."""
    counts = complete_score_counts(rnd)
    need = rnd.min_scores_per_application
    return [
        app
        for app in Application.objects.filter(round=rnd, state=ApplicationState.ELIGIBLE).order_by(
            "reference"
        )
        if counts.get(app.pk, 0) < need
    ]


def waive_minimum_scores(rnd, *, by, reason):
    reason = (reason or "").strip()
    if not reason:
        raise ValueError("Say why the vote can start without enough scores.")
    return perform(panel_for(rnd), "waive_minimum_scores", by=by, reason=reason)


def minimum_scores_waived(rnd) -> bool:
    return Panel.objects.filter(round=rnd, state=PanelState.SCORES_WAIVED).exists()


# --------------------------------------------------------------------------------------------
# Readiness checks registered with grants
# --------------------------------------------------------------------------------------------
def quorum_problems(rnd):
    """Registered with grants: the round cannot move to scoring without a quorum."""
    active = active_memberships(rnd).count()
    if active < rnd.panel_quorum:
        return [
            f"The panel needs at least {rnd.panel_quorum} people who have joined. It has {active}."
        ]
    return []


def enough_scores_problems(rnd):
    """Registered with grants: the round cannot move to voting until each eligible application
    has the minimum number of complete scores, unless an officer waived that."""
    if minimum_scores_waived(rnd):
        return []
    short = len(applications_short_of_scores(rnd))
    if short:
        need = rnd.min_scores_per_application
        return [
            f"{short} application{'s have' if short != 1 else ' has'} fewer than {need} "
            f"complete score{'s' if need != 1 else ''}. Ask the panel to finish scoring, "
            "or waive this with a reason on the panel page."
        ]
    return []


# --------------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------------
def results(rnd):
    """The ranked results of scoring, with the budget line, in a bounded number of queries.

    Returns a dict: rows (ranked, each with .application, .result, .note, .recusals,
    .above_line), line_after (how many fit in the budget), budget, scale, criteria_count.
    """
    from django.db.models import Avg

    applications = list(
        panel_applications(rnd)
        .select_related("group")
        .only(
            "pk",
            "reference",
            "title",
            "amount_requested",
            "theme",
            "state",
            "round_id",
            "group__kind",
            "group__area",
            "group__name",
        )
    )
    sheets = (
        _counted_sheets(rnd)
        .values_list("member_id", "application_id")
        .annotate(average=Avg("scores__value"))
    )
    scores = {(m, a): float(avg) for m, a, avg in sheets if avg is not None}
    ranked = scoring.summarise(scores, [a.pk for a in applications], low=1, high=rnd.score_max)
    by_pk = {a.pk: a for a in applications}
    notes = {
        n.application_id: n
        for n in MeetingNote.objects.filter(panel__round=rnd).select_related("updated_by")
    }
    recused: dict[int, list[Declaration]] = {}
    for declaration in recusals(rnd):
        recused.setdefault(declaration.application_id, []).append(declaration)
    line_after = scoring.within_budget([by_pk[r.key].amount_requested for r in ranked], rnd.budget)
    rows = []
    running = 0
    for index, result in enumerate(ranked):
        app = by_pk[result.key]
        running += app.amount_requested or 0
        rows.append(
            ResultRow(
                application=app,
                result=result,
                note=notes.get(app.pk),
                recusals=recused.get(app.pk, []),
                above_line=index < line_after,
                running_total=running,
            )
        )
    return {
        "rows": rows,
        "line_after": line_after,
        "budget": rnd.budget,
        "scale": rnd.score_max,
        "flagged": sum(1 for r in rows if r.result.wide_disagreement),
        "half_scale": (rnd.score_max - 1) / 2,
    }


class ResultRow:
    def __init__(self, **kwargs):
        self.__dict__.update(kwargs)


def save_note(rnd, application, *, text, by) -> MeetingNote:
    if not can(by, "run_panel_meeting", rnd):
        raise PermissionDenied("Only officers and the chair can write meeting notes.")
    if application.round_id != rnd.pk:
        raise PermissionDenied("That application is not in this round.")
    note, _ = MeetingNote.objects.update_or_create(
        panel=panel_for(rnd),
        application=application,
        defaults={"text": (text or "").strip()[:2000], "updated_by": by},
    )
    return note


def payments_summary(member):
    owed = sum((p.amount for p in member.payments.all() if not p.is_paid), start=0)
    paid = sum((p.amount for p in member.payments.all() if p.is_paid), start=0)
    return {"owed": owed, "paid": paid}


def record_payment(member, *, by, payment=None, **fields) -> MemberPayment:
    if not can(by, "manage_panel", member):
        raise PermissionDenied("Only the round's officers record payments.")
    if payment is None:
        payment = MemberPayment(member=member)
    for key, value in fields.items():
        setattr(payment, key, value)
    payment.recorded_by = by
    payment.save()
    return payment
