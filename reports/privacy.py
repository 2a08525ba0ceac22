"""The personal data the reports app holds, for `grants.privacy` (the subject-access export).

Reports belong to the funded group; people who sent them are linked with SET_NULL, so deleting
an account keeps the report. Registered from `ReportsConfig.ready()`.
"""

from django.db.models import Q

from core.privacy import register_personal_data

from .models import Report


def _when(value):
    return value.isoformat() if value else None


def export(user):
    reports = (
        Report.objects.filter(
            Q(submitted_by=user) | Q(entered_by=user) | Q(group__memberships__user=user)
        )
        .distinct()
        .select_related("award__application", "group")
        .prefetch_related("photos")
        .order_by("pk")
    )
    return {
        "reports": [
            {
                "grant": r.award.application.reference,
                "group": r.group.name,
                "kind": r.get_kind_display(),
                "where_it_stands": r.get_state_display(),
                "due_on": _when(r.due_on),
                "sent": _when(r.submitted_at),
                "you_sent_it": r.submitted_by_id == user.pk,
                "what_you_did": r.what_you_did,
                "who_took_part": r.who_took_part,
                "difference_made": r.difference_made,
                "people": r.people_count,
                "sessions": r.sessions_count,
                "volunteers": r.volunteers_count,
                "volunteer_hours": r.volunteer_hours,
                "spend": r.spend,
                "spend_note": r.spend_note,
                "outcome": r.outcome_value,
                "outcome_note": r.outcome_note,
                "story_and_photos_may_be_shared": r.consent_to_share,
                "photos": [
                    {
                        "what_it_shows": p.caption,
                        "sent": _when(p.uploaded_at),
                        "you_sent_it": p.uploaded_by_id == user.pk,
                    }
                    for p in r.photos.all()
                ],
            }
            for r in reports
        ]
    }


register_personal_data("reports", exporter=export)
