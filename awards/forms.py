"""Forms for offers, acceptance, payments, changes and the award register."""

import re
from datetime import timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.forms import PlainForm
from core.money import MoneyField
from grants.models import Group

from .models import Award, AwardState, Payment
from .services.offers import GROUP_WORDS, change_problems

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d %m %Y", "%d.%m.%Y"]
MOST_MONEY = 1_000_000

_UNSAFE = re.compile(r"[<>{}\[\]\\|^~`=;\x00-\x1f\x7f]")


def plain_words(value):
    """Names and references: letters, numbers, spaces and simple punctuation only."""
    if value and _UNSAFE.search(value):
        raise ValidationError(
            "Use only letters, numbers, spaces and simple punctuation, like - ' . , & ( )."
        )


def _money(label, *, required=True, minimum=1, help_text=""):
    return MoneyField(
        label=label,
        required=required,
        minimum=minimum,
        maximum=MOST_MONEY,
        help_text=help_text,
        messages={
            "required": f"Enter the {label.lower().split(' (')[0]}.",
            "invalid": "Enter a whole number of pounds, like 750.",
        },
    )


def _date(label, *, required=True, help_text="For example, 31/3/2027."):
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": f"Enter the {label.lower()}.",
            "invalid": "Enter a real date, like 31/3/2027.",
        },
    )


def _text(label, *, max_length, required=True, textarea=False, help_text="", words=False):
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 4}) if textarea else forms.TextInput(),
        validators=[plain_words] if words else [],
        error_messages={
            "required": f"Enter {label[0].lower() + label[1:]}.",
            "max_length": f"Use {max_length:,} characters or fewer.",
        },
    )


# --------------------------------------------------------------------------------------------
# Officers: the offer
# --------------------------------------------------------------------------------------------
class OfferForm(PlainForm):
    amount = _money(
        "Amount to offer (£)", help_text="Whole pounds. It can differ from what was asked for."
    )
    conditions = _text(
        "Extra conditions",
        max_length=3000,
        required=False,
        textarea=True,
        help_text="In plain words. Leave empty if there are none.",
    )
    start_date = _date("Project start date", required=False)
    end_date = _date("Project end date", required=False)
    accept_by = _date("Accept by", help_text="The group must accept by this date.")
    second_payment_on = _date(
        "Pay in two halves: date of the second half",
        required=False,
        help_text="Leave empty to pay it all once the group accepts. The letter tells the "
        "group. For example, 1/9/2027.",
    )
    geo_code = forms.CharField(
        label="Area code",
        required=False,
        max_length=9,
        help_text="The ONS code of the ward or council area it helps, like E05011234. "
        "Used in open data.",
        error_messages={"max_length": "An area code has 9 characters, like E05011234."},
    )
    geo_code_type = forms.ChoiceField(
        label="Kind of area code",
        required=False,
        choices=[("", "Choose")] + list(Award.GeoCodeType.choices),
        error_messages={"invalid_choice": "Choose a kind of area from the list."},
    )

    override_reason = _text(
        "Reason for going past the round's limits",
        max_length=2000,
        required=False,
        textarea=True,
        help_text="Only if the offer is above the round's largest grant, or would take the "
        "round over its budget. It is kept with the offer and shown on it.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["accept_by"].initial = timezone.localdate() + timedelta(days=28)

    def clean_geo_code(self):
        code = self.cleaned_data.get("geo_code", "").strip().upper()
        if code and not re.fullmatch(r"[EWSN]\d{8}", code):
            raise ValidationError("An area code is a letter and 8 numbers, like E05011234.")
        return code

    def clean_accept_by(self):
        value = self.cleaned_data.get("accept_by")
        if value and value < timezone.localdate():
            raise ValidationError("The date to accept by must be today or later.")
        return value

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "The end date must be on or after the start date.")
        second = data.get("second_payment_on")
        if second and second < timezone.localdate():
            self.add_error("second_payment_on", "The second half's date must be today or later.")
        if data.get("geo_code") and not data.get("geo_code_type"):
            self.add_error("geo_code_type", "Choose what kind of area the code is for.")
        return data


# --------------------------------------------------------------------------------------------
# The group: accepting or declining
# --------------------------------------------------------------------------------------------
class AcceptForm(PlainForm):
    payment_route = forms.ChoiceField(
        label="Where should we send the money?",
        # The applicant's words ("host group", as on the group's profile).
        choices=[
            (Award.PaymentRoute.BANK, Award.PaymentRoute.BANK.label),
            (Award.PaymentRoute.HOST, "A host group, for our group"),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose where we should send the money.",
            "invalid_choice": "Choose one of the two answers.",
        },
    )
    payee_name = _text(
        "Name on the bank account, or of the host group",
        max_length=150,
        words=True,
        help_text="Type it exactly as the bank or the host writes it.",
    )
    accepted_name = _text(
        "Your full name",
        max_length=120,
        words=True,
        help_text="You are accepting for the group.",
    )
    two_people_agree = forms.BooleanField(
        label="Two people in our group agree to take this grant. "
        "They are not related and do not live together.",
        error_messages={"required": "Tick the box to say two unrelated people agree."},
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
        "Why are you saying no?",
        max_length=2000,
        required=False,
        textarea=True,
        help_text="This helps us. You do not have to say.",
    )


class AskForChangeForm(PlainForm):
    """The group asks the funder to change its grant: the new dates or amount, and why."""

    end_date = _date(
        "New end date",
        required=False,
        help_text="If you need more time. Leave it empty to keep it. For example, 31/3/2028.",
    )
    start_date = _date(
        "New start date",
        required=False,
        help_text="Leave it empty to keep it. For example, 1/9/2027.",
    )
    amount = _money(
        "New amount (£)",
        required=False,
        help_text="Whole pounds, like 900. Leave it empty to keep it.",
    )
    reason = _text(
        "Why does it need to change?",
        max_length=2000,
        textarea=True,
        help_text="Tell us in your own words. Use up to 2,000 characters.",
    )

    def __init__(self, *args, award=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.award = award
        self.fields["reason"].error_messages["required"] = "Tell us why the grant needs to change."

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
        "Your full name",
        max_length=120,
        words=True,
        help_text="You are agreeing for the group.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreed_name"].error_messages["required"] = "Type your full name."

    def clean_agreed_name(self):
        name = (self.cleaned_data.get("agreed_name") or "").strip()
        if not name:
            raise ValidationError("Type your full name.")
        return name


# --------------------------------------------------------------------------------------------
# Officers: payments, changes, cancelling
# --------------------------------------------------------------------------------------------
class PaymentForm(PlainForm):
    kind = forms.ChoiceField(
        label="Is this money sent, or planned?",
        choices=[("made", "Sent already"), ("scheduled", "Planned for a later date")],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose sent or planned.",
            "invalid_choice": "Choose sent or planned.",
        },
    )
    payee = forms.ChoiceField(
        label="Paid to",
        choices=Payment.Payee.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose who is paid.",
            "invalid_choice": "Choose who is paid.",
        },
    )
    amount = _money("Amount (£)")
    date = _date("Date", help_text="The date it was sent, or is due. For example, 31/3/2027.")
    reference = _text(
        "Payment reference",
        max_length=60,
        required=False,
        words=True,
        help_text="The reference on the bank transfer, if there is one.",
    )

    def __init__(self, *args, award=None, **kwargs):
        super().__init__(*args, **kwargs)
        if award is not None and not self.is_bound:
            self.initial.setdefault("payee", "host" if award.payment_route == "host" else "group")
            self.initial.setdefault("kind", "made")
            self.initial.setdefault("date", timezone.localdate())


class PaymentSentForm(PlainForm):
    paid_on = _date("Date sent")
    reference = _text("Payment reference", max_length=60, required=False, words=True, help_text="")


class RecoveryReceivedForm(PlainForm):
    received_on = _date("Date received")
    reference = _text("Payment reference", max_length=60, required=False, words=True, help_text="")


class VariationForm(PlainForm):
    amount = _money("New amount (£)", required=False, help_text="Leave empty to keep it.")
    start_date = _date("New start date", required=False, help_text="Leave empty to keep it.")
    end_date = _date("New end date", required=False, help_text="Leave empty to keep it.")
    reason = _text("Why is it changing?", max_length=2000, textarea=True)

    def clean(self):
        data = super().clean()
        if not self.errors and not any(
            data.get(f) is not None for f in ("amount", "start_date", "end_date")
        ):
            self.add_error("amount", "Change the amount or a date.")
        return data


class TurnDownChangeForm(PlainForm):
    reason = _text(
        "Why are you turning it down?",
        max_length=2000,
        textarea=True,
        help_text="We send this to the group, so use plain words.",
    )


class CancelForm(PlainForm):
    reason = _text("Why is the award cancelled?", max_length=2000, textarea=True)
    amount_to_recover = _money(
        "Money to get back (£)",
        required=False,
        minimum=0,
        help_text="Leave empty if there is nothing to get back.",
    )


class ReasonForm(PlainForm):
    reason = _text("Note for the record", max_length=2000, required=False)


# --------------------------------------------------------------------------------------------
# The register's filters
# --------------------------------------------------------------------------------------------
class RegisterFilterForm(PlainForm):
    round = forms.ModelChoiceField(
        label="Round",
        required=False,
        queryset=None,
        empty_label="All rounds",
        error_messages={"invalid_choice": "Choose a round from the list."},
    )
    state = forms.ChoiceField(
        label="Where it stands",
        required=False,
        choices=[("", "Any")] + list(AwardState.choices),
        error_messages={"invalid_choice": "Choose from the list."},
    )
    kind = forms.ChoiceField(
        label="Kind of group",
        required=False,
        choices=[("", "Any")] + list(Group.Kind.choices),
        error_messages={"invalid_choice": "Choose from the list."},
    )
    area = _text("Area", max_length=120, required=False, words=True)

    def __init__(self, *args, funder=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = funder.rounds.order_by("-opens_at", "title")
