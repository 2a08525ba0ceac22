"""Awards: making offers, accepting or declining them, lapsing, changing (asked for by the group
or proposed by an officer; agreed or turned down), cancelling, closing.

Other apps call these, never the tables:

- the vote/decision (voting) calls `offer_make(...)` for each awarded application;
- the reporting app calls `award_close(award, by, reason)` when a final report is accepted.

Every change of state runs through `grants.services.transitions.perform`, so it is locked,
permission-checked and audited. Refusals raise `TransitionRefused` (`.message`, `.problems`:
plain words for the page).
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from core import notify
from core.audit import record_event, record_transition
from core.permissions import can
from core.transitions import TransitionRefused, perform
from grants.models import ApplicationState
from grants.selectors import application_for_update

from ..models import Award, AwardState, PaymentState
from .changes import (
    GROUP_WORDS,
    OFFICER_WORDS,
    ChangeRefused,
    change_ask,
    change_problems,
    change_refusal_reason,
    staff_award_url,
    variation_agree,
    variation_agree_for_group,
    variation_decline,
    variation_propose,
)
from .letters import (
    OFFER_LETTER,
    change_letter_pdf,
    offer_letter_context,
    offer_letter_html,
    offer_letter_pdf,
    offer_letter_text,
)
from .limits import limits_refuse_or_override
from .recipients import group_emails, officer_emails
from .recoveries import recovery_open, recovery_tell_group
from .tiers import reporting_tier_for
from .urls import award_url, letter_url

# Changes and letters live in their own modules; these names are kept here for callers.
__all__ = [
    "GROUP_WORDS",
    "OFFER_LETTER",
    "OFFICER_WORDS",
    "ChangeRefused",
    "variation_agree_for_group",
    "variation_agree",
    "change_ask",
    "award_url",
    "change_letter_pdf",
    "change_problems",
    "variation_decline",
    "group_emails",
    "letter_url",
    "offer_letter_context",
    "offer_letter_pdf",
    "offer_letter_text",
    "officer_emails",
    "variation_propose",
    "reporting_tier_for",
    "staff_award_url",
    "change_refusal_reason",
]

DEFAULT_DAYS_TO_ACCEPT = 28


# --------------------------------------------------------------------------------------------
# Facts
# --------------------------------------------------------------------------------------------
def _record_creation(award, by, reason):
    """An offer is born "offered": write the audit record a transition would have written."""
    record_transition(
        sender=Award,
        instance=award,
        name="make_offer",
        source="",
        target=AwardState.OFFERED,
        method_kwargs={"by": by, "reason": reason},
    )


# --------------------------------------------------------------------------------------------
# The offer
# --------------------------------------------------------------------------------------------
def offer_make(
    application,
    *,
    amount,
    by,
    conditions="",
    start_date=None,
    end_date=None,
    accept_by=None,
    second_payment_on=None,
    geo_code="",
    geo_code_type="",
    why="",
    override_reason="",
):
    """Offer a grant to the group behind an awarded application. Returns the new `Award`.

    - `application` must be in state "awarded" and must not have an offer already.
    - `amount`: whole pounds, more than 0; it may differ from what the group asked for. It must
      be within the round's largest grant, and the round's live commitments (see
      `awards.selectors`) with it within the round's budget, unless `override_reason` says why
      an officer goes past them (kept on the award and in the audit trail).
    - `by`: the officer making the offer (must be allowed "make_offer" on the application), or
      None when Seedbed does it on a decision already authorised (recorded as automatic).
    - `second_payment_on`: pay in two halves, the second on this date (None: one payment once
      accepted). The letter says so.
    - `conditions`, `start_date`, `end_date`, `accept_by` (default in 28 days), `geo_code`,
      `geo_code_type` (ONS area code, for open data), `why` (for the group's email).
    The group is emailed a link to the offer and its letter. Raises `TransitionRefused`.
    """
    amount = _whole_pounds(amount)
    _refuse_wrong_offer(application, amount, by, start_date, end_date)
    details = {
        "conditions": conditions or "",
        "start_date": start_date,
        "end_date": end_date,
        "accept_by": accept_by or timezone.localdate() + timedelta(days=DEFAULT_DAYS_TO_ACCEPT),
        "second_payment_on": second_payment_on,
        "geo_code": (geo_code or "").strip().upper(),
        "geo_code_type": geo_code_type or "",
    }
    with transaction.atomic():
        app = application_for_update(application)
        _refuse_unless_offerable(app)
        passed = limits_refuse_or_override(app.round, amount, override_reason)
        award = _create_offer(app, amount, by, details, passed, override_reason)
        # Keep the letter as it is sent (its HTML; the PDF is made from it when asked for).
        award.letter_html = offer_letter_html(award)
        award.save(update_fields=["letter_html"])
    _email_the_offer(award, why)
    return award


def _email_the_offer(award, why):
    """The group hears of its offer once, however often the work behind it is retried."""
    context = {
        "award": award,
        "award_url": award_url(award),
        "letter_url": letter_url(award),
        "why": why,
    }
    notify.email(group_emails(award.group), "award_offer", context, key=f"offer:{award.pk}")


def _create_offer(app, amount, by, details, passed, override_reason):
    """The award, born "offered", with its audit records (and the limits passed, if any)."""
    award = Award.objects.create(
        application=app,
        funder_id=app.round.funder_id,
        round=app.round,
        group=app.group,
        amount=amount,
        reporting_tier=reporting_tier_for(app.round, amount),
        offered_by=by,
        limit_override_reason=(override_reason or "").strip() if passed else "",
        **details,
    )
    _record_creation(award, by, f"Offer of £{amount:,}")
    if passed:
        reason = " ".join(passed) + f" Reason: {award.limit_override_reason}"
        record_event(award, "limits_overridden", reason, by=by)
    return award


def _whole_pounds(amount):
    try:
        return int(amount)
    except (TypeError, ValueError):
        return 0


def _refuse_wrong_offer(application, amount, by, start_date, end_date):
    problems = []
    if amount <= 0:
        problems.append(gettext("Enter the amount to offer, in whole pounds, more than £0."))
    if start_date and end_date and end_date < start_date:
        problems.append(gettext("The end date must be on or after the start date."))
    if problems:
        raise TransitionRefused(problems[0], problems)
    if by is not None and not can(by, "make_offer", application):
        raise TransitionRefused(
            gettext("You are not allowed to make an offer for this application.")
        )


def _refuse_unless_offerable(app):
    if app.state != ApplicationState.AWARDED:
        raise TransitionRefused(
            gettext(
                "An offer can only be made for an application the panel has funded. "
                "This one is “%(state)s”."
            )
            % {"state": app.get_state_display()}
        )
    if Award.objects.filter(application=app).exists():
        raise TransitionRefused(gettext("This application already has an offer."))


# --------------------------------------------------------------------------------------------
# The group's answer
# --------------------------------------------------------------------------------------------
def offer_accept(
    award, *, by, accepted_name, payment_route, payee_name, two_people_agree, now=None
):
    """The group accepts: who (typed name), where the money goes, and that two unrelated people
    agree. Recorded with the time. Returns the accepted award."""
    problems = []
    if not (accepted_name or "").strip():
        problems.append(gettext("Type the name of the person accepting."))
    if payment_route not in Award.PaymentRoute.values:
        problems.append(gettext("Choose where the money should go."))
    if not (payee_name or "").strip():
        problems.append(gettext("Type the name on the bank account, or the host group's name."))
    if not two_people_agree:
        problems.append(gettext("Two people in the group who are not related must agree."))
    if problems:
        raise TransitionRefused(problems[0], problems)
    award = perform(
        award,
        "accept",
        by=by,
        reason=f"Accepted by {accepted_name.strip()}",
        accepted_name=accepted_name.strip(),
        payment_route=payment_route,
        payee_name=payee_name.strip(),
        now=now,
    )
    notify.email(
        group_emails(award.group),
        "award_accepted",
        {"award": award, "award_url": award_url(award)},
        key=f"accepted:{award.pk}",
    )
    if award.funder.contact_email:
        notify.email(
            award.funder.contact_email,
            "award_answer_for_funder",
            {"award": award, "answer": "accepted"},
        )
    return award


def offer_decline(award, *, by, reason=""):
    award = perform(award, "decline", by=by, reason=(reason or "").strip())
    if award.funder.contact_email:
        notify.email(
            award.funder.contact_email,
            "award_answer_for_funder",
            {"award": award, "answer": "declined"},
        )
    return award


def offers_lapse_overdue(now=None):
    """Offers whose `accept_by` date has passed lapse (run daily). Returns the lapsed awards.

    `now` is the moment to judge by (default: now), so tests can control the clock."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    lapsed = []
    overdue = Award.objects.filter(state=AwardState.OFFERED, accept_by__lt=today).select_related(
        "group", "funder", "application"
    )
    for award in overdue:
        try:
            award = perform(
                award,
                "lapse",
                by=None,
                # The audit trail's words, in English whatever the language of the moment.
                reason=f"Not accepted by {award.accept_by.day} {award.accept_by:%B %Y}",
                now=now,
            )
        except TransitionRefused:  # accepted or cancelled a moment ago
            continue
        lapsed.append(award)
        notify.email(
            group_emails(award.group), "award_lapsed", {"award": award}, key=f"lapsed:{award.pk}"
        )
    return lapsed


# --------------------------------------------------------------------------------------------
# Changes, cancelling, closing
# --------------------------------------------------------------------------------------------
def award_cancel(award, *, by, reason, amount_to_recover=0):
    """Cancel an award in any state, with a reason and the money to get back (if any): that
    money becomes a `Recovery`, due, and the group is emailed what happens next."""
    problems = []
    reason = (reason or "").strip()
    if not reason:
        problems.append(gettext("Say why the award is cancelled."))
    amount_to_recover = amount_to_recover or 0
    net_paid = award.net_paid_total()
    if amount_to_recover > net_paid:
        problems.append(
            gettext("You cannot get back more than was paid (%(paid)s).")
            % {"paid": f"£{net_paid:,}"}
        )
    if problems:
        raise TransitionRefused(problems[0], problems)
    recovery = None
    with transaction.atomic():
        award = perform(award, "cancel", by=by, reason=reason, amount_to_recover=amount_to_recover)
        for payment in award.payments.filter(state=PaymentState.SCHEDULED):
            perform(payment, "cancel", by=by, reason="The award was cancelled")
        if amount_to_recover:
            recovery = recovery_open(award, by=by, amount=amount_to_recover, reason=reason)
    if recovery is not None:
        recovery_tell_group(award, recovery)
    return award


def award_close(award, by, reason=""):
    """Close a paid award (the reporting app calls this when the final report is accepted)."""
    return perform(award, "close", by=by, reason=reason or "Final report accepted")
