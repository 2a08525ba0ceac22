"""Changes to an award's amount or dates: proposed by an officer (agreed by the group, on its
page or as an officer records it) or asked for by the group (agreed or turned down by an
officer). An agreed change applies at once, and its change letter is kept beside the offer
letter, made from the terms agreed at that moment.

Every change of state runs through `core.transitions.perform` (locked, permission-checked,
audited). Refusals raise `TransitionRefused`; a wrong change raises `ChangeRefused`, which
holds each problem under the form field it is about.
"""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core import notify
from core.transitions import TransitionRefused, perform

from ..models import AgreedHow, Award, AwardState, Variation
from ..variation import AGREED_FOR_THE_GROUP_BY
from .letters import change_letter_html
from .recipients import group_emails, officer_emails
from .tiers import reporting_tier_for
from .urls import award_url, change_letter_url


class ChangeRefused(TransitionRefused):
    """A change of amount or dates that cannot be made as asked: `by_field` holds each problem
    under the form field it is about (None: the change as a whole)."""

    def __init__(self, by_field):
        problems = list(by_field.values())
        super().__init__(problems[0], problems)
        self.by_field = dict(by_field)


# The same rules for officers and for groups, in each one's words.
# ("nothing_field" is the form field a change of nothing is shown beside: a name, not words.)
OFFICER_WORDS = {
    "reason": _("Say why the award is changing."),
    "nothing": _("Change the amount or a date."),
    "nothing_field": "amount",
    "zero": _("The new amount must be more than £0. To stop the award, cancel it."),
    "order": _("The end date must be on or after the start date."),
    "below": _("The new amount cannot be less than the money already paid or planned (%(paid)s)."),
}
GROUP_WORDS = {
    "reason": _("Tell us why the grant needs to change."),
    "nothing": _("Tell us the new end date, start date or amount."),
    "nothing_field": "end_date",
    "zero": _("The new amount must be more than £0."),
    "order": _("The end date must be on or after the start date."),
    "below": _("The new amount cannot be less than the money sent or planned so far (%(paid)s)."),
}


def change_problems(award, *, reason, amount=None, start_date=None, end_date=None, words=None):
    """What is wrong with a change of amount or dates, as {form field: plain words} (empty when
    it can be made). The amount cannot go below what was already paid or planned."""
    words = words or OFFICER_WORDS
    problems = {}
    if not (reason or "").strip():
        problems["reason"] = str(words["reason"])
    if amount is None and start_date is None and end_date is None:
        problems[words["nothing_field"]] = str(words["nothing"])
    if amount is not None and amount <= 0:
        problems["amount"] = str(words["zero"])
    new_start = start_date or award.start_date
    new_end = end_date or award.end_date
    if new_start and new_end and new_end < new_start:
        problems["end_date" if end_date else "start_date"] = str(words["order"])
    if amount is not None and amount > 0 and "amount" not in problems:
        committed = award.committed_total()
        if amount < committed:
            problems["amount"] = str(words["below"]) % {"paid": f"£{committed:,}"}
    return problems


def change_refusal_reason(award):
    """Why the group cannot ask for a change to this award now (plain words), or None."""
    if award.state == AwardState.VARIED:
        return gettext(
            "A change to this grant is already waiting for the funder. "
            "You can ask for another change once they have answered."
        )
    if award.state == AwardState.OFFERED:
        return gettext("You can ask for a change once you have accepted the grant.")
    if award.state not in (AwardState.ACCEPTED, AwardState.PAID):
        return gettext("This grant has ended, so it cannot be changed.")
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


def variation_propose(award, *, by, reason, amount=None, start_date=None, end_date=None):
    """Propose a change of amount or dates (with a reason): the award becomes "varied" and the
    group is emailed to agree it on its page (`variation_agree_for_group`); an officer may record
    an agreement the group gave another way (`variation_agree`, with a note), or withdraw it
    (`variation_decline`). Nothing changes until it is agreed. The amount cannot go below what
    was already paid. For officers ("manage_award"); groups use `change_ask`.
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
    notify.email(
        group_emails(award.group),
        "award_change_proposed",
        {"award": award, "variation": award.pending_variation(), "award_url": award_url(award)},
    )
    return award


def staff_award_url(award):
    return settings.SEEDBED["BASE_URL"].rstrip("/") + reverse("staff_award", args=[award.pk])


def change_ask(award, *, by, reason, amount=None, start_date=None, end_date=None):
    """The group asks the funder to change its grant: a later end date, a different start date
    or a different amount (None keeps it), and why. `by` must be allowed "ask_award_change"
    (the group's members and supporters). The award becomes "varied" with the change waiting,
    and the funder's officers are emailed a link to the award. Only one change waits at a time.
    Raises `ChangeRefused` for a wrong change, `TransitionRefused` when it cannot be asked now.
    """
    reason = (reason or "").strip()
    with transaction.atomic():
        locked = Award.objects.select_for_update().get(pk=award.pk)
        refusal = change_refusal_reason(locked)
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


RECORD_HOW = _(
    "Say when and how the group agreed, for example “Agreed by phone with Sam Lee on 3 March”."
)


def variation_agree(award, *, by, reason=""):
    """An officer agrees the change waiting: the group's request (a note is optional), or their
    own proposal, recording that the group agreed it another way (then `reason` must say when
    and how). The change applies, its letter is kept, and the group is emailed."""
    reason = (reason or "").strip()
    variation = award.pending_variation()
    for_group = variation is not None and not variation.asked_by_group
    if for_group and not reason:
        raise ChangeRefused({"reason": str(RECORD_HOW)})
    how = AgreedHow.RECORDED if for_group else AgreedHow.FUNDER
    return _apply(award, by=by, reason=reason or "Change agreed", how=how)


def variation_agree_for_group(award, *, by, agreed_name):
    """One of the group's people agrees, on the group's page, to a change an officer proposed,
    typing their name. The change applies, its letter is kept, the group and the funder's
    officers are emailed. Raises `ChangeRefused` without a name, `TransitionRefused` when
    there is nothing for the group to agree or `by` may not agree for the group."""
    agreed_name = (agreed_name or "").strip()
    if not agreed_name:
        raise ChangeRefused({"agreed_name": gettext("Type your full name.")})
    variation = award.pending_variation()
    if variation is None or variation.asked_by_group:
        raise TransitionRefused(gettext("There is no change waiting for your group to agree."))
    award = _apply(
        award, by=by, reason=f"{AGREED_FOR_THE_GROUP_BY}{agreed_name}", how=AgreedHow.GROUP
    )
    notify.email(
        officer_emails(award.funder),
        "award_change_agreed_by_group",
        {
            "award": award,
            "variation": _last_agreed(award),
            "agreed_name": agreed_name,
            "staff_award_url": staff_award_url(award),
        },
    )
    return award


def _last_agreed(award):
    return award.variations.exclude(agreed_at=None).order_by("-agreed_at", "-pk").first()


def _apply(award, *, by, reason, how):
    """Run the `variation_agreed` transition and keep the change letter made at that moment."""
    with transaction.atomic():
        award = perform(award, "variation_agreed", by=by, reason=reason, how=how)
        variation = _last_agreed(award)
        variation.letter_html = change_letter_html(variation)
        variation.save(update_fields=["letter_html"])
    notify.email(
        group_emails(award.group),
        "award_change_agreed",
        {
            "award": award,
            "variation": variation,
            "award_url": award_url(award),
            "letter_url": change_letter_url(variation),
        },
    )
    return award


def variation_decline(award, *, by, reason):
    """The change waiting is turned down, with a reason: the award goes back as it was
    (accepted, or paid), the change is withdrawn, and the group is emailed the reason."""
    reason = (reason or "").strip()
    if not reason:
        raise ChangeRefused({"reason": gettext("Say why you are turning the change down.")})
    award = perform(award, "variation_declined", by=by, reason=reason)
    variation = award.variations.exclude(declined_at=None).order_by("-declined_at", "-pk").first()
    notify.email(
        group_emails(award.group),
        "award_change_declined",
        {"award": award, "variation": variation, "award_url": award_url(award)},
    )
    return award
