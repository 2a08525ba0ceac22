"""Awards: making offers, accepting or declining them, lapsing, changing (asked for by the group
or proposed by an officer; agreed or turned down), cancelling, closing.

Other apps call these, never the tables:

- the vote/decision (voting) calls `make_offer(...)` for each awarded application;
- the reporting app calls `close_award(award, by, reason)` when a final report is accepted.

Every change of state runs through `grants.services.transitions.perform`, so it is locked,
permission-checked and audited. Refusals raise `TransitionRefused` (`.message`, `.problems`:
plain words for the page).
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core import notify
from core.permissions import can
from core.transitions import TransitionRefused, perform
from grants.models import Application, ApplicationState

from ..models import Award, AwardState, Variation, long_date

DEFAULT_DAYS_TO_ACCEPT = 28


# --------------------------------------------------------------------------------------------
# Facts
# --------------------------------------------------------------------------------------------
def reporting_tier_for(rnd, amount):
    """The round's reporting tier for a grant of `amount` pounds (a copy of the tier dict).

    Tiers are `[{"up_to": int | None, "name", "mid_point", "numbers", "outcome_measure"}]`,
    smallest first; `up_to: None` means "any amount above"."""
    from grants.round_template import DEFAULT_REPORTING_TIERS

    tiers = rnd.reporting_tiers or DEFAULT_REPORTING_TIERS
    ordered = sorted(tiers, key=lambda t: (t.get("up_to") is None, t.get("up_to") or 0))
    for tier in ordered:
        if tier.get("up_to") is None or amount <= tier["up_to"]:
            return dict(tier)
    return dict(ordered[-1]) if ordered else {}


def award_url(award):
    return settings.SEEDBED["BASE_URL"].rstrip("/") + reverse("award_detail", args=[award.pk])


def letter_url(award):
    return settings.SEEDBED["BASE_URL"].rstrip("/") + reverse("award_letter", args=[award.pk])


def group_emails(group):
    """Who hears about the group's award: its contact and its members (no duplicates)."""
    emails = [group.contact_email]
    emails += list(group.members.values_list("email", flat=True))
    seen, result = set(), []
    for email in emails:
        key = (email or "").strip().lower()
        if key and key not in seen:
            seen.add(key)
            result.append(email)
    return result


def _record_creation(award, by, reason):
    """An offer is born "offered": write the audit record a transition would have written."""
    from core.audit import record_transition

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
def make_offer(
    application,
    *,
    amount,
    by,
    conditions="",
    start_date=None,
    end_date=None,
    accept_by=None,
    geo_code="",
    geo_code_type="",
    why="",
):
    """Offer a grant to the group behind an awarded application. Returns the new `Award`.

    - `application` must be in state "awarded" and must not have an offer already.
    - `amount`: whole pounds, more than 0; it may differ from what the group asked for.
    - `by`: the officer making the offer (must be allowed "make_offer" on the application), or
      None when Seedbed does it on a decision already authorised (recorded as automatic).
    - `conditions`: extra conditions in plain words (optional).
    - `start_date`, `end_date`: the project's planned dates (optional; end not before start).
    - `accept_by`: the date the group must accept by; default 28 days from today. Offers not
      accepted by then lapse (`lapse_overdue_offers`, run daily).
    - `geo_code`, `geo_code_type`: the ONS code of the area it helps, if known (open data).
    - `why`: why the plan was funded, in plain words, when the offer follows a decision; the
      email then tells the group the decision and the offer at once.

    The reporting tier is taken from the round's `reporting_tiers` for this amount. The group's
    contact and members are emailed a link to the offer and to the offer letter PDF.
    Raises `TransitionRefused` with a plain message if the offer cannot be made.
    """
    problems = []
    try:
        amount = int(amount)
    except (TypeError, ValueError):
        amount = 0
    if amount <= 0:
        problems.append("Enter the amount to offer, in whole pounds, more than £0.")
    if start_date and end_date and end_date < start_date:
        problems.append("The end date must be on or after the start date.")
    if problems:
        raise TransitionRefused(problems[0], problems)
    if by is not None and not can(by, "make_offer", application):
        raise TransitionRefused("You are not allowed to make an offer for this application.")

    with transaction.atomic():
        app = (
            Application.objects.select_for_update()
            .select_related("round", "group")
            .get(pk=application.pk)
        )
        if app.state != ApplicationState.AWARDED:
            raise TransitionRefused(
                "An offer can only be made for an application the panel has funded. "
                f"This one is “{app.get_state_display()}”."
            )
        if Award.objects.filter(application=app).exists():
            raise TransitionRefused("This application already has an offer.")
        award = Award.objects.create(
            application=app,
            funder_id=app.round.funder_id,
            round=app.round,
            group=app.group,
            amount=amount,
            conditions=conditions or "",
            start_date=start_date,
            end_date=end_date,
            accept_by=accept_by or timezone.localdate() + timedelta(days=DEFAULT_DAYS_TO_ACCEPT),
            reporting_tier=reporting_tier_for(app.round, amount),
            geo_code=(geo_code or "").strip().upper(),
            geo_code_type=geo_code_type or "",
            offered_by=by,
        )
        _record_creation(award, by, f"Offer of £{amount:,}")
        # Keep the letter as it is sent (its HTML; the PDF is made from it when asked for).
        from core.pdf import html_of

        award.letter_html = html_of(OFFER_LETTER, offer_letter_context(award)).strip()
        award.save(update_fields=["letter_html"])
    notify.email(
        group_emails(award.group),
        "award_offer",
        {
            "award": award,
            "award_url": award_url(award),
            "letter_url": letter_url(award),
            "why": why,
        },
    )
    return award


OFFER_LETTER = "awards/offer_letter.html"


def offer_letter_context(award):
    return {"award": award, "award_url": award_url(award)}


def _offer_letter_document(award):
    """The letter as it was sent: made from the HTML kept when the offer was made, so later
    changes (a new round title, the funder's new name, the group accepting) never rewrite it.
    Offers made before letters were kept are written afresh."""
    from core.pdf import document_of_html, html_of

    html = award.letter_html or html_of(OFFER_LETTER, offer_letter_context(award))
    return document_of_html(html)


def offer_letter_pdf(award) -> bytes:
    return _offer_letter_document(award).write_pdf()


def offer_letter_text(award) -> str:
    from core.pdf import document_text

    return document_text(_offer_letter_document(award))


# --------------------------------------------------------------------------------------------
# The group's answer
# --------------------------------------------------------------------------------------------
def accept_offer(
    award, *, by, accepted_name, payment_route, payee_name, two_people_agree, now=None
):
    """The group accepts: who (typed name), where the money goes, and that two unrelated people
    agree. Recorded with the time. Returns the accepted award."""
    problems = []
    if not (accepted_name or "").strip():
        problems.append("Type the name of the person accepting.")
    if payment_route not in Award.PaymentRoute.values:
        problems.append("Choose where the money should go.")
    if not (payee_name or "").strip():
        problems.append("Type the name on the bank account, or the host group's name.")
    if not two_people_agree:
        problems.append("Two people in the group who are not related must agree.")
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
        group_emails(award.group), "award_accepted", {"award": award, "award_url": award_url(award)}
    )
    if award.funder.contact_email:
        notify.email(
            award.funder.contact_email,
            "award_answer_for_funder",
            {"award": award, "answer": "accepted"},
        )
    return award


def decline_offer(award, *, by, reason=""):
    award = perform(award, "decline", by=by, reason=(reason or "").strip())
    if award.funder.contact_email:
        notify.email(
            award.funder.contact_email,
            "award_answer_for_funder",
            {"award": award, "answer": "declined"},
        )
    return award


def lapse_overdue_offers(now=None):
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
                reason=f"Not accepted by {long_date(award.accept_by)}",
                now=now,
            )
        except TransitionRefused:  # accepted or cancelled a moment ago
            continue
        lapsed.append(award)
        notify.email(group_emails(award.group), "award_lapsed", {"award": award})
    return lapsed


# --------------------------------------------------------------------------------------------
# Changes, cancelling, closing
# --------------------------------------------------------------------------------------------
class ChangeRefused(TransitionRefused):
    """A change of amount or dates that cannot be made as asked: `by_field` holds each problem
    under the form field it is about (None: the change as a whole)."""

    def __init__(self, by_field):
        problems = list(by_field.values())
        super().__init__(problems[0], problems)
        self.by_field = dict(by_field)


# The same rules for officers and for groups, in each one's words.
OFFICER_WORDS = {
    "reason": "Say why the award is changing.",
    "nothing": "Change the amount or a date.",
    "nothing_field": "amount",
    "zero": "The new amount must be more than £0. To stop the award, cancel it.",
    "order": "The end date must be on or after the start date.",
    "below": "The new amount cannot be less than the money already paid or planned (£{:,}).",
}
GROUP_WORDS = {
    "reason": "Tell us why the grant needs to change.",
    "nothing": "Tell us the new end date, start date or amount.",
    "nothing_field": "end_date",
    "zero": "The new amount must be more than £0.",
    "order": "The end date must be on or after the start date.",
    "below": "The new amount cannot be less than the money sent or planned so far (£{:,}).",
}


def change_problems(award, *, reason, amount=None, start_date=None, end_date=None, words=None):
    """What is wrong with a change of amount or dates, as {form field: plain words} (empty when
    it can be made). The amount cannot go below what was already paid or planned."""
    words = words or OFFICER_WORDS
    problems = {}
    if not (reason or "").strip():
        problems["reason"] = words["reason"]
    if amount is None and start_date is None and end_date is None:
        problems[words["nothing_field"]] = words["nothing"]
    if amount is not None and amount <= 0:
        problems["amount"] = words["zero"]
    new_start = start_date or award.start_date
    new_end = end_date or award.end_date
    if new_start and new_end and new_end < new_start:
        problems["end_date" if end_date else "start_date"] = words["order"]
    if amount is not None and amount > 0 and "amount" not in problems:
        committed = award.committed_total()
        if amount < committed:
            problems["amount"] = words["below"].format(committed)
    return problems


def why_no_change(award):
    """Why the group cannot ask for a change to this award now (plain words), or None."""
    if award.state == AwardState.VARIED:
        return (
            "A change to this grant is already waiting for the funder. "
            "You can ask for another change once they have answered."
        )
    if award.state == AwardState.OFFERED:
        return "You can ask for a change once you have accepted the grant."
    if award.state not in (AwardState.ACCEPTED, AwardState.PAID):
        return "This grant has ended, so it cannot be changed."
    return None


def _record_variation(award, *, by, reason, amount, start_date, end_date, asked_by_group):
    return Variation.objects.create(
        award=award,
        reason=reason,
        old_amount=award.amount,
        new_amount=amount,
        new_reporting_tier=reporting_tier_for(award.round, amount) if amount else {},
        old_start_date=award.start_date,
        new_start_date=start_date,
        old_end_date=award.end_date,
        new_end_date=end_date,
        proposed_by=by,
        asked_by_group=asked_by_group,
    )


def propose_variation(award, *, by, reason, amount=None, start_date=None, end_date=None):
    """Propose a change of amount or dates (with a reason): the award becomes "varied" until the
    change is agreed (`agree_variation`) or turned down (`decline_variation`). The amount cannot
    go below what was already paid. For officers ("manage_award"); groups use `ask_for_change`.
    Raises `ChangeRefused` (a `TransitionRefused`) when the change is wrong."""
    problems = change_problems(
        award, reason=reason, amount=amount, start_date=start_date, end_date=end_date
    )
    if problems:
        raise ChangeRefused(problems)
    with transaction.atomic():
        award = perform(award, "vary", by=by, reason=reason.strip())
        _record_variation(
            award,
            by=by,
            reason=reason.strip(),
            amount=amount,
            start_date=start_date,
            end_date=end_date,
            asked_by_group=False,
        )
    return award


def officer_emails(funder):
    """Who hears about things the funder must answer: its officers (active accounts), or its
    contact address when it has no officers."""
    from grants.models import Role

    emails = list(
        Role.objects.filter(funder=funder, kind=Role.Kind.OFFICER, user__is_active=True)
        .order_by("user__email")
        .values_list("user__email", flat=True)
        .distinct()
    )
    return emails or [funder.contact_email]


def staff_award_url(award):
    return settings.SEEDBED["BASE_URL"].rstrip("/") + reverse("staff_award", args=[award.pk])


def ask_for_change(award, *, by, reason, amount=None, start_date=None, end_date=None):
    """The group asks the funder to change its grant: a later end date, a different start date
    or a different amount (None keeps it), and why. `by` must be allowed "ask_award_change"
    (the group's members and supporters). The award becomes "varied" with the change waiting,
    and the funder's officers are emailed a link to the award. Only one change waits at a time.
    Raises `ChangeRefused` for a wrong change, `TransitionRefused` when it cannot be asked now.
    """
    reason = (reason or "").strip()
    with transaction.atomic():
        locked = Award.objects.select_for_update().get(pk=award.pk)
        refusal = why_no_change(locked)
        if refusal:
            raise TransitionRefused(refusal)
        problems = change_problems(
            locked,
            reason=reason,
            amount=amount,
            start_date=start_date,
            end_date=end_date,
            words=GROUP_WORDS,
        )
        if problems:
            raise ChangeRefused(problems)
        award = perform(locked, "change_asked", by=by, reason=reason)
        _record_variation(
            award,
            by=by,
            reason=reason,
            amount=amount,
            start_date=start_date,
            end_date=end_date,
            asked_by_group=True,
        )
    notify.email(
        officer_emails(award.funder),
        "award_change_asked",
        {
            "award": award,
            "variation": award.pending_variation(),
            "asked_by": by,
            "staff_award_url": staff_award_url(award),
        },
    )
    return award


def agree_variation(award, *, by, reason=""):
    """The change is agreed: apply it; back to "paid" if the money already reaches the
    (new) amount, else "accepted". The group is emailed the grant as it is now."""
    award = perform(award, "variation_agreed", by=by, reason=reason or "Change agreed")
    variation = award.variations.exclude(agreed_at=None).order_by("-agreed_at", "-pk").first()
    notify.email(
        group_emails(award.group),
        "award_change_agreed",
        {"award": award, "variation": variation, "award_url": award_url(award)},
    )
    return award


def decline_variation(award, *, by, reason):
    """The change waiting is turned down, with a reason: the award goes back as it was
    (accepted, or paid), the change is withdrawn, and the group is emailed the reason."""
    reason = (reason or "").strip()
    if not reason:
        raise ChangeRefused({"reason": "Say why you are turning the change down."})
    award = perform(award, "variation_declined", by=by, reason=reason)
    variation = award.variations.exclude(declined_at=None).order_by("-declined_at", "-pk").first()
    notify.email(
        group_emails(award.group),
        "award_change_declined",
        {"award": award, "variation": variation, "award_url": award_url(award)},
    )
    return award


def cancel_award(award, *, by, reason, amount_to_recover=0):
    """Cancel an award in any state, with a reason and the money to get back (if any)."""
    problems = []
    if not (reason or "").strip():
        problems.append("Say why the award is cancelled.")
    paid = award.paid_total()
    if amount_to_recover and amount_to_recover > paid:
        problems.append(f"You cannot get back more than was paid (£{paid:,}).")
    if problems:
        raise TransitionRefused(problems[0], problems)
    with transaction.atomic():
        award = perform(
            award, "cancel", by=by, reason=reason.strip(), amount_to_recover=amount_to_recover
        )
        from ..models import PaymentState

        for payment in award.payments.filter(state=PaymentState.SCHEDULED):
            perform(payment, "cancel", by=by, reason="The award was cancelled")
    return award


def close_award(award, by, reason=""):
    """Close a paid award (the reporting app calls this when the final report is accepted)."""
    return perform(award, "close", by=by, reason=reason or "Final report accepted")
