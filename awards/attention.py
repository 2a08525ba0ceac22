"""What the awards app tells a funder's officers about (the staff home and the daily digest,
see `core.attention`): offers lapsing soon or lapsed, planned payments due, money to get back.
Each counts every funder at once, in one query."""

from datetime import timedelta

from django.urls import reverse
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.attention import Concern, count_by_funder, register_concern

from .models import Award, AwardState, Payment, PaymentState
from .recovery import Recovery, RecoveryState

LAPSING_DAYS = 7  # offers whose time to accept ends within a week
LAPSED_DAYS = 7  # offers that lapsed within the last week


def _register(funder, state):
    return reverse("award_register", args=[funder.slug]) + f"?state={state}"


def offers_lapsing(funder_ids, today):
    return count_by_funder(
        Award.objects.filter(
            funder_id__in=funder_ids,
            state=AwardState.OFFERED,
            accept_by__gte=today,
            accept_by__lte=today + timedelta(days=LAPSING_DAYS),
        ),
        pounds="amount",
    )


def offers_lapsed(funder_ids, today):
    return count_by_funder(
        Award.objects.filter(
            funder_id__in=funder_ids,
            state=AwardState.LAPSED,
            lapsed_at__date__gte=today - timedelta(days=LAPSED_DAYS),
        ),
        pounds="amount",
    )


def payments_due(funder_ids, today):
    return count_by_funder(
        Payment.objects.filter(
            award__funder_id__in=funder_ids, state=PaymentState.SCHEDULED, due_on__lte=today
        ),
        funder="award__funder_id",
        pounds="amount",
    )


def money_due_back(funder_ids, today):
    return count_by_funder(
        Recovery.objects.filter(award__funder_id__in=funder_ids, state=RecoveryState.DUE),
        funder="award__funder_id",
        pounds="amount",
    )


def _later(make):
    """Words made when they are shown, in the language of that moment."""
    return lazy(make, str)()


def _payments_page(funder):
    return reverse("payments_due", args=[funder.slug])


for concern in (
    Concern(
        "offers_lapsing",
        _later(
            lambda: (
                ngettext(
                    "Offers that lapse in the next %(days)s day",
                    "Offers that lapse in the next %(days)s days",
                    LAPSING_DAYS,
                )
                % {"days": LAPSING_DAYS}
            )
        ),
        offers_lapsing,
        lambda funder: _register(funder, AwardState.OFFERED),
        order=10,
    ),
    Concern(
        "offers_lapsed",
        _later(
            lambda: (
                ngettext(
                    "Offers that lapsed in the last %(days)s day",
                    "Offers that lapsed in the last %(days)s days",
                    LAPSED_DAYS,
                )
                % {"days": LAPSED_DAYS}
            )
        ),
        offers_lapsed,
        lambda funder: _register(funder, AwardState.LAPSED),
        order=20,
    ),
    Concern(
        "payments_due",
        _("Planned payments due"),
        payments_due,
        _payments_page,
        link_action="record_payment",
        order=30,
    ),
    Concern(
        "money_due_back",
        _("Money to get back"),
        money_due_back,
        _payments_page,
        link_action="record_payment",
        order=40,
    ),
):
    register_concern(concern)
