"""Voting forms. Each keeps what was typed and says what is wrong next to the field.

The ballot forms only offer the applications the voter may vote on; anything else posted (an
application they have a link to, a made-up one, too many dots) is refused here and again in
`voting.services.ballots.cast_ballot`.
"""

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_noop, ngettext
from django.utils.translation import gettext_lazy as _

from core.forms import PlainForm

from .models import Vote
from .services.ballots import contents_problems, receipt_looks_right
from .services.codes import MOST_CODES_AT_ONCE, code_looks_right
from .services.pabulib import MAX_UPLOAD_BYTES


def _filled(message, **values):
    """A lazy message whose named values are filled in when it is shown (in the language of
    that moment), for messages made at import time."""
    return lazy(lambda: str(message) % values, str)()


NOT_ON_BALLOT = _("You cannot vote for one of those applications. Choose from the list.")


class ApprovalBallotForm(PlainForm):
    approve = forms.MultipleChoiceField(
        label=_("Choose the applications you support"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one application"),
            "invalid_choice": NOT_ON_BALLOT,
            "invalid_list": NOT_ON_BALLOT,
        },
    )

    def __init__(self, *args, vote, options, **kwargs):
        super().__init__(*args, **kwargs)
        self.vote = vote
        self.options = {a.reference: a for a in options}
        self.fields["approve"].choices = [(a.reference, a.title or a.reference) for a in options]

    def contents(self):
        return {"approve": list(self.cleaned_data.get("approve") or [])}

    def clean(self):
        cleaned = super().clean()
        if "approve" in cleaned:
            for problem in contents_problems(self.vote, self.contents(), self.options):
                self.add_error("approve", problem)
        return cleaned


class DotsBallotForm(PlainForm):
    PREFIX = "dots_"

    def __init__(self, *args, vote, options, **kwargs):
        super().__init__(*args, **kwargs)
        self.vote = vote
        self.options = {a.reference: a for a in options}
        most = vote.dots_per_voter
        for app in options:
            self.fields[self.PREFIX + app.reference] = forms.IntegerField(
                label=app.title or app.reference,
                required=False,
                min_value=0,
                max_value=most,
                widget=forms.TextInput(
                    attrs={"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"}
                ),
                error_messages={
                    "invalid": _("Enter a whole number of dots, like 2"),
                    "min_value": _("Dots cannot be less than 0"),
                    "max_value": ngettext(
                        "You have %(most)s dots in all, so give %(most)s or fewer",
                        "You have %(most)s dots in all, so give %(most)s or fewer",
                        most,
                    )
                    % {"most": most},
                },
            )
            self.fields[self.PREFIX + app.reference].application = app

    def contents(self):
        points = {}
        for name, value in self.cleaned_data.items():
            if name.startswith(self.PREFIX) and value:
                points[name[len(self.PREFIX) :]] = value
        return {"points": points}

    def clean(self):
        cleaned = super().clean()
        unknown = [
            key
            for key in (self.data or {})
            if key.startswith(self.PREFIX) and key not in self.fields
        ]
        if unknown:
            raise forms.ValidationError(
                gettext("You cannot give dots to one of those applications. Use the list.")
            )
        if not self.errors:
            problems = contents_problems(self.vote, self.contents(), self.options)
            if problems:
                raise forms.ValidationError(problems[0])
        return cleaned

    def dot_fields(self):
        return [self[name] for name in self.fields if name.startswith(self.PREFIX)]


def ballot_form_class(vote):
    return ApprovalBallotForm if vote.method == Vote.Method.APPROVAL else DotsBallotForm


def initial_from_ballot(vote, contents):
    if not contents:
        return {}
    if vote.method == Vote.Method.APPROVAL:
        return {"approve": list(contents.get("approve", []))}
    return {DotsBallotForm.PREFIX + ref: value for ref, value in contents.get("points", {}).items()}


class ReceiptForm(PlainForm):
    receipt = forms.CharField(
        label=_("Your receipt code"),
        max_length=20,
        help_text=_("It looks like ABCD-EFGH-JKLM. You got it when you voted."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={
            "required": _("Enter your receipt code"),
            "max_length": _("A receipt code is 12 letters and numbers, like ABCD-EFGH-JKLM"),
        },
    )

    def clean_receipt(self):
        code = self.cleaned_data["receipt"].strip()
        if not receipt_looks_right(code):
            raise forms.ValidationError(
                gettext("A receipt code is 12 letters and numbers, like ABCD-EFGH-JKLM")
            )
        return code


class CloseVoteForm(PlainForm):
    sure = forms.BooleanField(
        label=_("I understand nobody can vote or change their vote after this"),
        error_messages={"required": _("Tick the box to close the vote")},
    )
    reason = forms.CharField(
        label=_("Note for the record"),
        required=False,
        max_length=500,
        error_messages={
            "max_length": _("Keep it to 500 characters or fewer"),
        },
    )


class ExtraForm(PlainForm):
    application = forms.ChoiceField(
        label=_("Which application"),
        error_messages={
            "required": _("Choose an application"),
            "invalid_choice": _("Choose an application from the list"),
        },
    )
    amount = forms.IntegerField(
        label=_("How much (£)"),
        min_value=1,
        max_value=10_000_000,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={
            "required": _("Enter how much to give, in whole pounds"),
            "invalid": _("Enter a whole number of pounds, like 250"),
            "min_value": _("Give £1 or more"),
            "max_value": _("That is more than the whole budget"),
        },
    )
    reason = forms.CharField(
        label=_("Why"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("This is kept in the record and shown to the group."),
        error_messages={
            "required": _("Say why, in a few words"),
            "max_length": _("Keep it to 1,000 characters or fewer"),
        },
    )

    def __init__(self, *args, applications, **kwargs):
        super().__init__(*args, **kwargs)
        self.applications = {str(a.pk): a for a in applications}
        self.fields["application"].choices = [("", gettext("Choose an application"))] + [
            (
                str(a.pk),
                gettext("%(title)s (%(reference)s, asked for %(amount)s)")
                % {
                    "title": a.title or a.reference,
                    "reference": a.reference,
                    "amount": f"£{a.amount_requested or 0:,}",
                },
            )
            for a in applications
        ]

    def chosen(self):
        return self.applications[self.cleaned_data["application"]]


class ConfirmForm(PlainForm):
    sure = forms.BooleanField(
        label=_("I have checked the outcome. Make the decision and tell the groups."),
        error_messages={"required": _("Tick the box to confirm the decision")},
    )


class RecountForm(PlainForm):
    file = forms.FileField(
        label=_("Pabulib file (.pb)"),
        help_text=_("A vote saved in the Pabulib format, up to 20 MB."),
        error_messages={
            "required": _("Choose a .pb file"),
            "empty": _("The file is empty"),
            "invalid": _("Choose a .pb file"),
        },
    )
    rule = forms.ChoiceField(
        label=_("How to share out the money"),
        widget=forms.RadioSelect,
        choices=[
            ("greedy", _("Most support first, until the money runs out")),
            ("mes", _("Equal shares")),
            ("mes-add1", _("Equal shares, then spend what is left")),
        ],
        initial="mes-add1",
        error_messages={
            "required": _("Choose how to share out the money"),
            "invalid_choice": _("Choose one of the ways listed"),
        },
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".pb"):
            raise forms.ValidationError(gettext("The file must end in .pb"))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(gettext("The file must be 20 MB or smaller"))
        return upload


# English here (tests compare with it); shown through gettext.
CODE_SHAPE = gettext_noop("A code is 8 letters and numbers, like ACDE-3479. Check it and try again")


class IssueCodesForm(PlainForm):
    """The officer makes a batch of one-time codes for residents."""

    how_many = forms.IntegerField(
        label=_("How many codes"),
        min_value=1,
        max_value=MOST_CODES_AT_ONCE,
        help_text=_filled(
            _("One code for each person. From 1 to %(most)s at a time."),
            most=f"{MOST_CODES_AT_ONCE:,}",
        ),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={
            "required": _("Enter how many codes to make, like 50"),
            "invalid": _("Enter a whole number, like 50"),
            "min_value": _("Make at least 1 code"),
            "max_value": _filled(
                _("Make %(most)s codes or fewer at a time"), most=f"{MOST_CODES_AT_ONCE:,}"
            ),
        },
    )
    label = forms.CharField(
        label=_("Note for you"),
        required=False,
        max_length=120,
        help_text=_("Where the codes are for, like Library drop-in, 12 May. Not a person's name."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={"max_length": _("Keep the note to 120 characters or fewer")},
    )


class CodeForm(PlainForm):
    """A resident types the one-time code they were given."""

    code = forms.CharField(
        label=_("Your code"),
        max_length=20,
        help_text=_("It looks like ACDE-3479. You can type it with or without the dash."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
            }
        ),
        error_messages={"required": _("Enter your code"), "max_length": _(CODE_SHAPE)},
    )

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if not code_looks_right(code):
            raise forms.ValidationError(gettext(CODE_SHAPE))
        return code
