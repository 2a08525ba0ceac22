"""Scores: a member's score sheets, progress, the minimum number of scores, and the checks the
round must pass before it moves on (registered with grants.checks)."""

from collections import Counter

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext, ngettext

from core.permissions import can
from core.refusals import Refused
from core.transitions import perform
from grants.models import ApplicationState
from grants.selectors import applications_in

from ..models import (
    CriterionScore,
    MemberState,
    Panel,
    PanelState,
    ScoreSheet,
)
from .conflicts import applications_for_member, conflict_q
from .membership import active_memberships, panel_for


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


def scores_save(member, application, *, values, comment="", by) -> ScoreSheet:
    """Save a member's scores for one application. `values` maps criterion id to a score (or
    None for not scored yet). Saves whatever was given, even if other criteria are blank."""
    if member is None or by is None or member.user_id != by.pk:
        raise PermissionDenied(gettext("Only the panel member can save their own scores."))
    if not can(by, "score_application", application):
        raise PermissionDenied(gettext("You cannot score this application."))
    rnd = application.round
    criteria = {c.pk: c for c in rnd.criteria.all()}
    for criterion_id, value in values.items():
        if criterion_id not in criteria:
            raise ScoringRefused(gettext("That is not one of this round's criteria."))
        if value is not None and not (1 <= int(value) <= rnd.score_max):
            raise ScoringRefused(gettext("Scores go from 1 to %(most)s.") % {"most": rnd.score_max})
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


def counted_sheets(rnd):
    """Complete score sheets that count: from active members with no link to the group."""
    return ScoreSheet.objects.filter(
        application__round=rnd,
        is_complete=True,
        member__state=MemberState.ACTIVE,
        member__panel__round=rnd,
    ).exclude(conflict_q())


def scored_expression():
    """Whether an application was scored: at least one complete score sheet from a panel member
    not conflicted on it (registered with grants, so the dashboard can count scored
    applications without reading panels)."""
    return Exists(
        ScoreSheet.objects.filter(application=OuterRef("pk"), is_complete=True).exclude(
            conflict_q()
        )
    )


def complete_score_counts(rnd) -> Counter:
    """{application id: complete scores that count}, in one query."""
    return Counter(counted_sheets(rnd).values_list("application_id", flat=True))


def applications_short_of_scores(rnd) -> list:
    """The round's eligible applications with fewer than its minimum of complete scores."""
    counts = complete_score_counts(rnd)
    need = rnd.min_scores_per_application
    return [
        app
        for app in applications_in(rnd, [ApplicationState.ELIGIBLE])
        if counts.get(app.pk, 0) < need
    ]


def minimum_scores_waive(rnd, *, by, reason):
    reason = (reason or "").strip()
    if not reason:
        raise ValueError(gettext("Say why the vote can start without enough scores."))
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
            ngettext(
                "The panel needs at least %(quorum)s people who have joined. It has %(active)s.",
                "The panel needs at least %(quorum)s people who have joined. It has %(active)s.",
                rnd.panel_quorum,
            )
            % {"quorum": rnd.panel_quorum, "active": active}
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
        scores = ngettext("%(need)s complete score", "%(need)s complete scores", need) % {
            "need": need
        }
        return [
            ngettext(
                "%(short)s application has fewer than %(scores)s. Ask the panel to finish "
                "scoring, or waive this with a reason on the panel page.",
                "%(short)s applications have fewer than %(scores)s. Ask the panel to finish "
                "scoring, or waive this with a reason on the panel page.",
                short,
            )
            % {"short": short, "scores": scores}
        ]
    return []
