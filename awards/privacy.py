"""The personal data the awards app holds, for the subject-access export and the retention rule
(registered with `core.privacy` from `AwardsConfig.ready()`): a group's grants and payments, and
who accepted them. A group with an award keeps its contact details (finance records)."""

from django.db.models import Q

from core.privacy import register_personal_data
from grants.permissions import group_ids

from .models import Award


def _when(value):
    return value.isoformat() if value else None


def _award_details(award, user):
    return {
        "reference": award.application.reference,
        "group": award.group.name,
        "round": award.round.title,
        "amount": award.amount,
        "where_it_stands": award.get_state_display(),
        "offered": _when(award.offered_at),
        "accepted": _when(award.accepted_at),
        "you_accepted_it": award.accepted_by_id == user.pk,
        "name_given_when_accepting": award.accepted_name if award.accepted_by_id == user.pk else "",
        "money_goes_to": award.payee_name,
        "payments": [
            {
                "amount": payment.amount,
                "state": payment.get_state_display(),
                "due_on": _when(payment.due_on),
                "paid_on": _when(payment.paid_on),
            }
            for payment in award.payments.all()
        ],
        "changes_agreed": [
            {
                "agreed": _when(change.agreed_at),
                "how": change.get_agreed_how_display(),
                "you_agreed_it": change.agreed_by_id == user.pk,
                "name_given_when_agreeing": change.agreed_note
                if change.agreed_by_id == user.pk
                else "",
            }
            for change in award.variations.all()
            if change.agreed_at
        ],
    }


def export(user):
    awards = (
        Award.objects.filter(Q(group_id__in=group_ids(user)) | Q(accepted_by=user))
        .select_related("application", "group", "round")
        .prefetch_related("payments", "variations")
        .order_by("offered_at", "pk")
    )
    return [_award_details(award, user) for award in awards]


def group_in_use(group):
    return Award.objects.filter(group=group).exists()


register_personal_data("grants", exporter=export, group_in_use=group_in_use)
