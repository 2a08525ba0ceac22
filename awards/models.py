"""Awards and payments: what a group was offered, whether it accepted, and the money sent.

An `Award` is made from an awarded application (`awards.services.offers.make_offer`). Its life:

    offered → accepted | declined | lapsed
    accepted → paid            (recorded payments reach the award amount)
    paid → closed              (the final report is accepted; the reporting app calls
                                `awards.services.offers.close_award`)
    accepted | paid → varied   (a change of amount or dates, with a reason: proposed by an
                                officer (`vary`) or asked for by the group (`change_asked`))
    varied → accepted | paid   (`variation_agreed`: back to paid if the money already
                                reaches the new amount, else accepted. An officer's
                                proposal is agreed by the group, on its page or as recorded
                                by an officer; the group's request by an officer;
                                `variation_declined`: the change is turned down, with a
                                reason, and nothing changes)
    any → cancelled            (with a reason and the money to recover)

A `Payment` is money the funder plans to send (scheduled) or has sent (made), to the group or
to its host organisation on its behalf. Payments never add up to more than the award: the
payment service locks the award's row while it checks and records (see
`awards.services.payments`).

Amounts are whole pounds, like the round's budget and grant sizes.
"""

from django.conf import settings
from django.db import models
from django.utils import dateformat, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_fsm import RETURN_VALUE, ConcurrentTransitionMixin, FSMField, transition

from core.permissions import transition_permission

from .recovery import Recovery, RecoveryState
from .variation import AgreedHow, Variation

__all__ = [
    "AgreedHow",
    "Award",
    "AwardState",
    "Payment",
    "PaymentState",
    "Recovery",
    "RecoveryState",
    "Variation",
]


class AwardState(models.TextChoices):
    OFFERED = "offered", _("Offered — waiting for the group")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    LAPSED = "lapsed", _("Not accepted in time")
    PAID = "paid", _("Paid in full")
    VARIED = "varied", _("Change waiting to be agreed")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


# Awards that are real grants: published as open data and counted as awarded money.
LIVE_AWARD_STATES = [
    AwardState.ACCEPTED,
    AwardState.PAID,
    AwardState.VARIED,
    AwardState.CLOSED,
]
# Awards that money may be paid (or scheduled) against.
PAYABLE_AWARD_STATES = [AwardState.ACCEPTED, AwardState.VARIED]


def offer_still_open(award):
    return award.accept_by is None or timezone.localdate() <= award.accept_by


def long_date(value):
    """3 March 2027: a date as people write it (the month in the language of the moment)."""
    return dateformat.format(value, "j F Y") if value else ""


offer_still_open.explain = lambda award: [
    gettext(
        "The time to accept this offer ended on %(date)s. "
        "Contact the funder if you still want the money."
    )
    % {"date": long_date(award.accept_by)}
]


def payments_reach_amount(award):
    return award.paid_total() >= award.amount


payments_reach_amount.explain = lambda award: [
    gettext("The payments made do not add up to the award yet.")
]


def has_a_pending_variation(award):
    return award.pending_variation() is not None


has_a_pending_variation.explain = lambda award: [
    gettext("There is no change waiting to be agreed.")
]


def change_keeps_above_paid(award):
    """A change can't bring an award below the money paid and not got back."""
    variation = award.pending_variation()
    return (
        variation is None
        or variation.new_amount is None
        or (variation.new_amount >= award.net_paid_total())
    )


change_keeps_above_paid.explain = lambda award: [
    gettext(
        "The new amount cannot be less than the money already paid (%(paid)s). "
        "Turn this change down and propose another."
    )
    % {"paid": f"£{award.net_paid_total():,}"}
]


def back_from_a_change(award):
    """Where an award goes once a change is answered: paid if the money already reaches the
    amount, else accepted."""
    return AwardState.PAID if award.paid_total() >= award.amount else AwardState.ACCEPTED


class Award(ConcurrentTransitionMixin, models.Model):
    """An offer of money to a group, from one awarded application."""

    class PaymentRoute(models.TextChoices):
        BANK = "bank", _("The group's own bank account")
        HOST = "host", _("A host organisation, on the group's behalf")

    class GeoCodeType(models.TextChoices):
        WARD = "WD", _("Electoral ward")
        UNITARY = "UA", _("Unitary authority")
        DISTRICT = "NMD", _("District council")
        METROPOLITAN = "MD", _("Metropolitan district")
        LONDON_BOROUGH = "LONB", _("London borough")

    application = models.OneToOneField(
        "grants.Application", on_delete=models.PROTECT, related_name="grant_award"
    )
    # Copied from the application so the register can filter and permissions can answer
    # without joins.
    funder = models.ForeignKey("grants.Funder", on_delete=models.PROTECT, related_name="awards")
    round = models.ForeignKey("grants.Round", on_delete=models.PROTECT, related_name="awards")
    group = models.ForeignKey("grants.Group", on_delete=models.PROTECT, related_name="awards")

    amount = models.PositiveIntegerField("amount offered (£)")
    conditions = models.TextField("conditions", max_length=3000, blank=True)
    start_date = models.DateField("project starts", null=True, blank=True)
    end_date = models.DateField("project ends", null=True, blank=True)
    accept_by = models.DateField("accept by", null=True, blank=True)
    reporting_tier = models.JSONField(
        default=dict, blank=True, help_text="The round's reporting tier for this amount."
    )
    geo_code = models.CharField(
        "area code",
        max_length=12,
        blank=True,
        help_text="The ONS code of the ward or council area the grant helps, if known.",
    )
    geo_code_type = models.CharField(
        "kind of area code", max_length=6, choices=GeoCodeType.choices, blank=True
    )

    state = FSMField(default=AwardState.OFFERED, choices=AwardState.choices, protected=True)
    offered_at = models.DateTimeField(default=timezone.now)
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    # Acceptance
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    accepted_name = models.CharField("name of the person accepting", max_length=120, blank=True)
    two_people_agree = models.BooleanField(default=False)
    payment_route = models.CharField(max_length=10, choices=PaymentRoute.choices, blank=True)
    payee_name = models.CharField("money goes to", max_length=150, blank=True)

    # Endings
    declined_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(blank=True)
    lapsed_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.TextField(blank=True)
    amount_to_recover = models.PositiveIntegerField("money to get back (£)", default=0)
    #: Why an officer made this offer above the round's largest grant or budget (empty: it
    #: was within them). Also in the audit trail.
    limit_override_reason = models.TextField("why the round's limits were passed", blank=True)
    #: Paid in two parts: the date the second half is due (empty: one payment once accepted).
    second_payment_on = models.DateField("second half paid on", null=True, blank=True)
    #: The offer letter as it was sent (HTML; the PDF is made from it), so it never changes.
    letter_html = models.TextField(blank=True, editable=False)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "grants_award"  # kept from when awards lived in grants
        ordering = ["-offered_at", "-pk"]
        indexes = [
            models.Index(fields=["funder", "state"]),
            models.Index(fields=["round", "state"]),
            models.Index(fields=["state", "accept_by"]),
        ]

    def __str__(self):
        return f"Award {self.reference} to {self.group.name}" if self.group_id else "Award"

    @property
    def reference(self):
        return self.application.reference

    # -- money ----------------------------------------------------------------------------
    def paid_total(self):
        """Money sent so far (made payments), in whole pounds."""
        return (
            self.payments.filter(state=PaymentState.MADE).aggregate(total=models.Sum("amount"))[
                "total"
            ]
            or 0
        )

    def net_paid_total(self):
        """Money sent and not got back: made payments less recoveries received."""
        return self.paid_total() - self.recovered_total()

    def recovered_total(self):
        """Money the group has given back (recoveries received)."""
        return (
            self.recoveries.filter(state=RecoveryState.RECEIVED).aggregate(
                total=models.Sum("amount")
            )["total"]
            or 0
        )

    def payable_limit(self):
        """The most that may be paid or planned in all: the award's amount, or, while a change
        waits, the lower of the old and the new amounts."""
        variation = self.pending_variation() if self.state == AwardState.VARIED else None
        if variation is not None and variation.new_amount is not None:
            return min(self.amount, variation.new_amount)
        return self.amount

    def committed_total(self):
        """Money sent or planned (made and scheduled payments)."""
        return (
            self.payments.exclude(state=PaymentState.CANCELLED).aggregate(
                total=models.Sum("amount")
            )["total"]
            or 0
        )

    def pending_variation(self):
        return self.variations.filter(agreed_at__isnull=True, withdrawn=False).first()

    @property
    def payee_label(self):
        if self.payee_name:
            return self.payee_name
        group = self.group
        if group.payment_route == "host":
            return group.host_name
        return group.bank_account_name

    # -- transitions ------------------------------------------------------------------------
    @transition(
        field=state,
        source=AwardState.OFFERED,
        target=AwardState.ACCEPTED,
        conditions=[offer_still_open],
        permission=transition_permission("accept_award"),
    )
    def accept(
        self, by=None, reason="", *, accepted_name="", payment_route="", payee_name="", now=None
    ):
        self.accepted_at = now or timezone.now()
        self.accepted_by = by
        self.accepted_name = accepted_name
        self.two_people_agree = True
        self.payment_route = payment_route
        self.payee_name = payee_name

    @transition(
        field=state,
        source=AwardState.OFFERED,
        target=AwardState.DECLINED,
        permission=transition_permission("accept_award"),
    )
    def decline(self, by=None, reason=""):
        self.declined_at = timezone.now()
        self.decline_reason = reason

    @transition(
        field=state,
        source=AwardState.OFFERED,
        target=AwardState.LAPSED,
        permission=transition_permission("manage_award"),
    )
    def lapse(self, by=None, reason="", now=None):
        self.lapsed_at = now or timezone.now()

    @transition(
        field=state,
        source=AwardState.ACCEPTED,
        target=AwardState.PAID,
        conditions=[payments_reach_amount],
        permission=transition_permission("record_payment"),
    )
    def mark_paid(self, by=None, reason=""):
        pass

    @transition(
        field=state,
        source=AwardState.PAID,
        target=AwardState.CLOSED,
        permission=transition_permission("manage_award"),
    )
    def close(self, by=None, reason=""):
        self.closed_at = timezone.now()

    @transition(
        field=state,
        source=[AwardState.ACCEPTED, AwardState.PAID],
        target=AwardState.VARIED,
        permission=transition_permission("manage_award"),
    )
    def vary(self, by=None, reason=""):
        pass

    @transition(
        field=state,
        source=[AwardState.ACCEPTED, AwardState.PAID],
        target=AwardState.VARIED,
        permission=transition_permission("ask_award_change"),
    )
    def change_asked(self, by=None, reason=""):
        """The group asks the funder to change its grant (the officers' `vary`, for the group)."""

    @transition(
        field=state,
        source=AwardState.VARIED,
        target=RETURN_VALUE(AwardState.ACCEPTED, AwardState.PAID),
        conditions=[has_a_pending_variation, change_keeps_above_paid],
        permission=transition_permission("agree_award_change"),
    )
    def variation_agreed(self, by=None, reason="", how=AgreedHow.FUNDER):
        variation = self.pending_variation()
        if variation.new_amount is not None:
            self.amount = variation.new_amount
            self.reporting_tier = variation.new_reporting_tier or self.reporting_tier
        if variation.new_start_date is not None:
            self.start_date = variation.new_start_date
        if variation.new_end_date is not None:
            self.end_date = variation.new_end_date
        variation.agreed_at = timezone.now()
        variation.agreed_by = by
        variation.agreed_how = how
        variation.agreed_note = reason
        variation.save(update_fields=["agreed_at", "agreed_by", "agreed_how", "agreed_note"])
        return back_from_a_change(self)

    @transition(
        field=state,
        source=AwardState.VARIED,
        target=RETURN_VALUE(AwardState.ACCEPTED, AwardState.PAID),
        conditions=[has_a_pending_variation],
        permission=transition_permission("manage_award"),
    )
    def variation_declined(self, by=None, reason=""):
        """The change is turned down, with a reason: the award stays as it was. (Who turned it
        down is in the audit record.)"""
        variation = self.pending_variation()
        variation.withdrawn = True
        variation.declined_reason = reason
        variation.declined_at = timezone.now()
        variation.save(update_fields=["withdrawn", "declined_reason", "declined_at"])
        return back_from_a_change(self)

    @transition(
        field=state,
        source=[s for s in AwardState.values if s != AwardState.CANCELLED],
        target=AwardState.CANCELLED,
        permission=transition_permission("manage_award"),
    )
    def cancel(self, by=None, reason="", amount_to_recover=0):
        self.cancelled_at = timezone.now()
        self.cancel_reason = reason
        self.amount_to_recover = amount_to_recover or 0
        self.variations.filter(agreed_at__isnull=True, withdrawn=False).update(withdrawn=True)


class PaymentState(models.TextChoices):
    SCHEDULED = "scheduled", _("Planned")
    MADE = "made", _("Sent")
    CANCELLED = "cancelled", _("Cancelled")


class Payment(ConcurrentTransitionMixin, models.Model):
    """Money planned or sent for an award: to the group, or to its host organisation."""

    class Payee(models.TextChoices):
        GROUP = "group", _("The group")
        HOST = "host", _("The host organisation, for the group")

    award = models.ForeignKey(Award, on_delete=models.PROTECT, related_name="payments")
    payee = models.CharField("paid to", max_length=10, choices=Payee.choices)
    payee_name = models.CharField("name of who is paid", max_length=150, blank=True)
    amount = models.PositiveIntegerField("amount (£)")
    due_on = models.DateField("due on", null=True, blank=True)
    paid_on = models.DateField("paid on", null=True, blank=True)
    reference = models.CharField("payment reference", max_length=60, blank=True)
    state = FSMField(default=PaymentState.SCHEDULED, choices=PaymentState.choices, protected=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "grants_payment"  # kept from when awards lived in grants
        ordering = ["due_on", "paid_on", "pk"]
        indexes = [models.Index(fields=["state", "due_on"])]

    def __str__(self):
        return f"£{self.amount:,} for {self.award.reference}"

    @property
    def funder_id(self):
        return self.award.funder_id

    @transition(
        field=state,
        source=PaymentState.SCHEDULED,
        target=PaymentState.MADE,
        permission=transition_permission("record_payment"),
    )
    def make(self, by=None, reason="", *, paid_on=None, reference=""):
        self.paid_on = paid_on or timezone.localdate()
        if reference:
            self.reference = reference

    @transition(
        field=state,
        source=PaymentState.SCHEDULED,
        target=PaymentState.CANCELLED,
        permission=transition_permission("record_payment"),
    )
    def cancel(self, by=None, reason=""):
        pass
