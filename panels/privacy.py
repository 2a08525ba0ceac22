"""The personal data panels hold, for `grants.privacy` (export, erasure, retention).

Registered from `PanelsConfig.ready()`.
"""

from core.privacy import register_personal_data, relabel_audit_events

from .models import Declaration, MeetingNote, MemberPayment, PanelMember, ScoreSheet


def _when(value):
    return value.isoformat() if value else None


def _memberships(members):
    """The panels the person was on."""
    return [
        {
            "round": m.panel.round.title,
            "name_on_the_panel": m.name,
            "where_it_stands": m.get_state_display(),
            "chair": m.panel.chair_id == m.pk,
            "invited": _when(m.invited_at),
            "read_the_guide": _when(m.read_guide_at),
            "agreed_the_code_of_conduct": _when(m.agreed_conduct_at),
            "joined": _when(m.joined_at),
            "stepped_down": _when(m.stepped_down_at),
            "why_you_stepped_down": m.step_down_reason,
        }
        for m in members
    ]


def _payments(user):
    """Payments for the person's time on panels."""
    return [
        {
            "round": p.member.panel.round.title,
            "how": p.get_kind_display(),
            "what_for": p.what_for,
            "amount": str(p.amount),
            "paid_on": _when(p.paid_on),
        }
        for p in MemberPayment.objects.filter(member__user=user)
        .select_related("member__panel__round")
        .order_by("pk")
    ]


def export(user):
    members = PanelMember.objects.filter(user=user).select_related("panel__round")
    sheets = (
        ScoreSheet.objects.filter(member__user=user)
        .select_related("application", "member__panel__round")
        .prefetch_related("scores__criterion")
        .order_by("pk")
    )
    return {
        "memberships": _memberships(members),
        "declarations": [
            {
                "round": d.member.panel.round.title,
                "application": d.application.reference,
                "your_link_to_the_group": d.get_link_display(),
                "details": d.details,
                "declared": _when(d.declared_at),
            }
            for d in Declaration.objects.filter(member__user=user)
            .select_related("application", "member__panel__round")
            .order_by("pk")
        ],
        "scores_you_gave": [
            {
                "round": s.member.panel.round.title,
                "application": s.application.reference,
                "scores": {score.criterion.title: score.value for score in s.scores.all()},
                "comment": s.comment,
                "finished": s.is_complete,
            }
            for s in sheets
        ],
        "payments_for_your_time": _payments(user),
        "meeting_notes_you_last_changed": [
            {"application": n.application.reference, "note": n.text}
            for n in MeetingNote.objects.filter(updated_by=user)
            .select_related("application")
            .order_by("pk")
        ],
    }


def erase(user, pseudonym):
    """Scores and declarations stay (the round's record); the member's name and the words
    describing their link to a group go."""
    members = list(PanelMember.objects.filter(user=user).select_related("panel__round"))
    PanelMember.objects.filter(user=user).update(name=pseudonym)
    Declaration.objects.filter(member__user=user).update(details="")
    relabel_audit_events(PanelMember, {m.pk: f"{pseudonym} on {m.panel.round}" for m in members})


def erase_application(application):
    """Retention: the panel's words about an unsuccessful application go; the scores stay."""
    changed = (
        ScoreSheet.objects.filter(application=application).exclude(comment="").update(comment="")
    )
    changed += MeetingNote.objects.filter(application=application).exclude(text="").update(text="")
    changed += (
        Declaration.objects.filter(application=application).exclude(details="").update(details="")
    )
    return changed


register_personal_data(
    "panels", exporter=export, eraser=erase, application_eraser=erase_application
)
