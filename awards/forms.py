"""Forms for offers, acceptance, payments, changes and the award register."""

import re
from datetime import timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from core.forms import PlainForm
from core.money import MoneyField
from grants.models import Group

from .models import Award, AwardState, Payment
from .services.offers import GROUP_WORDS, change_problems

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d %m %Y", "%d.%m.%Y"]
MOST_MONEY = 1_000_000
FOR_EXAMPLE_A_DATE = _("For example, 31/3/2027.")

_UNSAFE = re.compile(r"[<>{}\[\]\\|^~`=;\x00-\x1f\x7f]")


def _later(make):
    """Words made when they are shown, in the language of that moment (a form's fields are made
    once, when Python starts)."""
    return lazy(make, str)()


def plain_words(value):
    """Names and references: letters, numbers, spaces and simple punctuation only."""
    if value and _UNSAFE.search(value):
        raise ValidationError(
            gettext("Use only letters, numbers, spaces and simple punctuation, like - ' . , & ( ).")
        )


def _money(label, *, required=True, minimum=1, help_text="", required_message=None):
    messages = {"invalid": _("Enter a whole number of pounds, like 750.")}
    if required:
        messages["required"] = required_message
    return MoneyField(
        label=label,
        required=required,
        minimum=minimum,
        maximum=MOST_MONEY,
        help_text=help_text,
        messages=messages,
    )


def _date(label, *, required=True, help_text=FOR_EXAMPLE_A_DATE, required_message=None):
    error_messages = {"invalid": _("Enter a real date, like 31/3/2027.")}
    if required:
        error_messages["required"] = required_message
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages=error_messages,
    )


def _text(
    label,
    *,
    max_length,
    required=True,
    textarea=False,
    help_text="",
    words=False,
    required_message=None,
):
    error_messages = {
        "max_length": _later(
            lambda: (
                ngettext(
                    "Use %(count)s character or fewer.",
                    "Use %(count)s characters or fewer.",
                    max_length,
                )
                % {"count": f"{max_length:,}"}
            )
        )
    }
    if required:
        error_messages["required"] = required_message
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 4}) if textarea else forms.TextInput(),
        validators=[plain_words] if words else [],
        error_messages=error_messages,
    )


# --------------------------------------------------------------------------------------------
# Officers: the offer
# --------------------------------------------------------------------------------------------
class OfferForm(PlainForm):
    amount = _money(
        _("Amount to offer (£)"),
        help_text=_("Whole pounds. It can differ from what was asked for."),
        required_message=_("Enter the amount to offer."),
    )
    conditions = _text(
        _("Extra conditions"),
        max_length=3000,
        required=False,
        textarea=True,
        help_text=_("In plain words. Leave empty if there are none."),
    )
    start_date = _date(_("Project start date"), required=False)
    end_date = _date(_("Project end date"), required=False)
    accept_by = _date(
        _("Accept by"),
        help_text=_("The group must accept by this date."),
        required_message=_("Enter the accept by."),
    )
    second_payment_on = _date(
        _("Pay in two halves: date of the second half"),
        required=False,
        help_text=_(
            "Leave empty to pay it all once the group accepts. The letter tells the "
            "group. For example, 1/9/2027."
        ),
    )
    geo_code = forms.CharField(
        label=_("Area code"),
        required=False,
        max_length=9,
        help_text=_(
            "The ONS code of the ward or council area it helps, like E05011234. Used in open data."
        ),
        error_messages={"max_length": _("An area code has 9 characters, like E05011234.")},
    )
    geo_code_type = forms.ChoiceField(
        label=_("Kind of area code"),
        required=False,
        choices=[("", _("Choose"))] + list(Award.GeoCodeType.choices),
        error_messages={"invalid_choice": _("Choose a kind of area from the list.")},
    )

    override_reason = _text(
        _("Reason for going past the round's limits"),
        max_length=2000,
        required=False,
        textarea=True,
        help_text=_(
            "Only if the offer is above the round's largest grant, or would take the "
            "round over its budget. It is kept with the offer and shown on it."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["accept_by"].initial = timezone.localdate() + timedelta(days=28)

    def clean_geo_code(self):
        code = self.cleaned_data.get("geo_code", "").strip().upper()
        if code and not re.fullmatch(r"[EWSN]\d{8}", code):
            raise ValidationError(
                gettext("An area code is a letter and 8 numbers, like E05011234.")
            )
        return code

    def clean_accept_by(self):
        value = self.cleaned_data.get("accept_by")
        if value and value < timezone.localdate():
            raise ValidationError(gettext("The date to accept by must be today or later."))
        return value

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", gettext("The end date must be on or after the start date."))
        second = data.get("second_payment_on")
        if second and second < timezone.localdate():
            self.add_error(
                "second_payment_on", gettext("The second half's date must be today or later.")
            )
        if data.get("geo_code") and not data.get("geo_code_type"):
            self.add_error("geo_code_type", gettext("Choose what kind of area the code is for."))
        return data


# --------------------------------------------------------------------------------------------
# The group: accepting or declining
# --------------------------------------------------------------------------------------------
class AcceptForm(PlainForm):
    payment_route = forms.ChoiceField(
        label=_("Where should we send the money?"),
        # The applicant's words ("host group", as on the group's profile).
        choices=[
            (Award.PaymentRoute.BANK, Award.PaymentRoute.BANK.label),
            (Award.PaymentRoute.HOST, _("A host group, for our group")),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose where we should send the money."),
            "invalid_choice": _("Choose one of the two answers."),
        },
    )
    payee_name = _text(
        _("Name on the bank account, or of the host group"),
        max_length=150,
        words=True,
        help_text=_("Type it exactly as the bank or the host writes it."),
        required_message=_("Enter name on the bank account, or of the host group."),
    )
    accepted_name = _text(
        _("Your full name"),
        max_length=120,
        words=True,
        help_text=_("You are accepting for the group."),
        required_message=_("Enter your full name."),
    )
    two_people_agree = forms.BooleanField(
        label=_(
            "Two people in our group agree to take this grant. "
            "They are not related and do not live together."
        ),
        error_messages={"required": _("Tick the box to say two unrelated people agree.")},
    )

    def __init__(self, *args, group=None, **kwargs):
        super().__init__(*args, **kwargs)
        if group is not None and not self.is_bound:
            if group.payment_route == "host":
                self.initial.setdefault("payment_route", "host")
                self.initial.setdefault("payee_name", group.host_name)
            elif group.payment_route == "bank":
                self.initial.setdefault("payment_route", "bank")
                self.initial.setdefault("payee_name", group.bank_account_name)


class DeclineForm(PlainForm):
    reason = _text(
        _("Why are you saying no?"),
        max_length=2000,
        required=False,
        textarea=True,
        help_text=_("This helps us. You do not have to say."),
    )


class AskForChangeForm(PlainForm):
    """The group asks the funder to change its grant: the new dates or amount, and why."""

    end_date = _date(
        _("New end date"),
        required=False,
        help_text=_("If you need more time. Leave it empty to keep it. For example, 31/3/2028."),
    )
    start_date = _date(
        _("New start date"),
        required=False,
        help_text=_("Leave it empty to keep it. For example, 1/9/2027."),
    )
    amount = _money(
        _("New amount (£)"),
        required=False,
        help_text=_("Whole pounds, like 900. Leave it empty to keep it."),
    )
    reason = _text(
        _("Why does it need to change?"),
        max_length=2000,
        textarea=True,
        help_text=_("Tell us in your own words. Use up to 2,000 characters."),
        required_message=_("Tell us why the grant needs to change."),
    )

    def __init__(self, *args, award=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.award = award

    def clean(self):
        data = super().clean()
        if self.award is None or self.errors:
            return data
        problems = change_problems(
            self.award,
            reason=data.get("reason"),
            amount=data.get("amount"),
            start_date=data.get("start_date"),
            end_date=data.get("end_date"),
            words=GROUP_WORDS,
        )
        for name, problem in problems.items():
            self.add_error(name, problem)
        return data


class AgreeChangeForm(PlainForm):
    """One of the group's people agrees, for the group, to a change the funder proposed."""

    agreed_name = _text(
        _("Your full name"),
        max_length=120,
        words=True,
        help_text=_("You are agreeing for the group."),
        required_message=_("Type your full name."),
    )

    def clean_agreed_name(self):
        name = (self.cleaned_data.get("agreed_name") or "").strip()
        if not name:
            raise ValidationError(gettext("Type your full name."))
        return name


# --------------------------------------------------------------------------------------------
# Officers: payments, changes, cancelling
# --------------------------------------------------------------------------------------------
class PaymentForm(PlainForm):
    kind = forms.ChoiceField(
        label=_("Is this money sent, or planned?"),
        choices=[("made", _("Sent already")), ("scheduled", _("Planned for a later date"))],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose sent or planned."),
            "invalid_choice": _("Choose sent or planned."),
        },
    )
    payee = forms.ChoiceField(
        label=_("Paid to"),
        choices=Payment.Payee.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose who is paid."),
            "invalid_choice": _("Choose who is paid."),
        },
    )
    amount = _money(_("Amount (£)"), required_message=_("Enter the amount."))
    date = _date(
        _("Date"),
        help_text=_("The date it was sent, or is due. For example, 31/3/2027."),
        required_message=_("Enter the date."),
    )
    reference = _text(
        _("Payment reference"),
        max_length=60,
        required=False,
        words=True,
        help_text=_("The reference on the bank transfer, if there is one."),
    )

    def __init__(self, *args, award=None, **kwargs):
        super().__init__(*args, **kwargs)
        if award is not None and not self.is_bound:
            self.initial.setdefault("payee", "host" if award.payment_route == "host" else "group")
            self.initial.setdefault("kind", "made")
            self.initial.setdefault("date", timezone.localdate())


class PaymentSentForm(PlainForm):
    paid_on = _date(_("Date sent"), required_message=_("Enter the date sent."))
    reference = _text(
        _("Payment reference"), max_length=60, required=False, words=True, help_text=""
    )


class RecoveryReceivedForm(PlainForm):
    received_on = _date(_("Date received"), required_message=_("Enter the date received."))
    reference = _text(
        _("Payment reference"), max_length=60, required=False, words=True, help_text=""
    )


class VariationForm(PlainForm):
    amount = _money(_("New amount (£)"), required=False, help_text=_("Leave empty to keep it."))
    start_date = _date(_("New start date"), required=False, help_text=_("Leave empty to keep it."))
    end_date = _date(_("New end date"), required=False, help_text=_("Leave empty to keep it."))
    reason = _text(
        _("Why is it changing?"),
        max_length=2000,
        textarea=True,
        required_message=_("Enter why is it changing?."),
    )

    def clean(self):
        data = super().clean()
        if not self.errors and not any(
            data.get(f) is not None for f in ("amount", "start_date", "end_date")
        ):
            self.add_error("amount", gettext("Change the amount or a date."))
        return data


class TurnDownChangeForm(PlainForm):
    reason = _text(
        _("Why are you turning it down?"),
        max_length=2000,
        textarea=True,
        help_text=_("We send this to the group, so use plain words."),
        required_message=_("Enter why are you turning it down?."),
    )


class CancelForm(PlainForm):
    reason = _text(
        _("Why is the award cancelled?"),
        max_length=2000,
        textarea=True,
        required_message=_("Enter why is the award cancelled?."),
    )
    amount_to_recover = _money(
        _("Money to get back (£)"),
        required=False,
        minimum=0,
        help_text=_("Leave empty if there is nothing to get back."),
    )


class ReasonForm(PlainForm):
    reason = _text(_("Note for the record"), max_length=2000, required=False)


# --------------------------------------------------------------------------------------------
# The register's filters
# --------------------------------------------------------------------------------------------
class RegisterFilterForm(PlainForm):
    round = forms.ModelChoiceField(
        label=pgettext_lazy("funding round", "Round"),
        required=False,
        queryset=None,
        empty_label=_("All rounds"),
        error_messages={"invalid_choice": _("Choose a round from the list.")},
    )
    state = forms.ChoiceField(
        label=_("Where it stands"),
        required=False,
        choices=[("", _("Any"))] + list(AwardState.choices),
        error_messages={"invalid_choice": _("Choose from the list.")},
    )
    kind = forms.ChoiceField(
        label=_("Kind of group"),
        required=False,
        choices=[("", _("Any"))] + list(Group.Kind.choices),
        error_messages={"invalid_choice": _("Choose from the list.")},
    )
    area = _text(_("Area"), max_length=120, required=False, words=True)

    def __init__(self, *args, funder=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = funder.rounds.order_by("-opens_at", "title")
