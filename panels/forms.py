"""Panel forms. Each one keeps what was typed and says what is wrong next to the field."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.forms import (
    CONTROL_MESSAGE,
    DATE_INPUT_FORMATS,
    PlainForm,
    PlainModelForm,
    refuse_control_characters,
)

from .models import Declaration, MemberPayment


class InviteForm(PlainForm):
    name = forms.CharField(
        label=_("Their name"),
        max_length=150,
        error_messages={
            "required": _("Enter their name"),
            "max_length": _("Their name must be 150 characters or fewer"),
        },
    )
    email = forms.EmailField(
        label=_("Their email address"),
        max_length=254,
        help_text=_("We send them a link to join the panel."),
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={
            "required": _("Enter their email address"),
            "invalid": _("Enter an email address like name@example.com"),
            "max_length": _("The email address must be 254 characters or fewer"),
        },
    )
    chair = forms.BooleanField(label=_("Make them the chair of the panel"), required=False)

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class AcceptForm(PlainForm):
    read_guide = forms.BooleanField(
        label=_("I have read the panel guide"),
        error_messages={"required": _("Tick the box to say you have read the panel guide")},
    )
    agree_conduct = forms.BooleanField(
        label=_("I agree to the code of conduct"),
        error_messages={"required": _("Tick the box to say you agree to the code of conduct")},
    )


class StepDownForm(PlainForm):
    reason = forms.CharField(
        label=_("Why are you leaving the panel?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("A few words are enough. We keep this in the record."),
        error_messages={
            "required": _("Say why, in a few words"),
            "max_length": _("Keep it to 1,000 characters or fewer"),
        },
    )


class WaiveForm(PlainForm):
    reason = forms.CharField(
        label=_("Why can the vote start without enough scores?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("We keep this in the round's record."),
        error_messages={
            "required": _("Say why the vote can start without enough scores"),
            "max_length": _("Keep it to 1,000 characters or fewer"),
        },
    )


class NoteForm(PlainForm):
    text = forms.CharField(
        label=_("Notes"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": _("Keep the notes to 2,000 characters or fewer"),
        },
    )


class PaymentForm(PlainModelForm):
    amount = forms.DecimalField(
        label=_("Amount (£)"),
        min_value=Decimal("0.01"),
        max_value=Decimal("99999.99"),
        max_digits=7,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-5"}),
        error_messages={
            "required": _("Enter the amount"),
            "invalid": _("Enter the amount as a number, like 25 or 25.50"),
            "min_value": _("The amount must be more than £0"),
            "max_value": _("The amount must be less than £100,000"),
            "max_digits": _("The amount must be less than £100,000"),
            "max_decimal_places": _("Use no more than 2 numbers after the point"),
        },
    )
    paid_on = forms.DateField(
        label=_("Date paid"),
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        help_text=_("For example, 27/03/2027. Leave it empty if it is not paid yet."),
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
        error_messages={"invalid": _("Enter the date like 27/03/2027")},
    )

    class Meta:
        model = MemberPayment
        fields = ["kind", "what_for", "amount", "paid_on"]
        labels = {"what_for": _("What it is for")}
        help_texts = {"what_for": _("For example, reading and scoring, or the decision meeting.")}
        error_messages = {
            "kind": {
                "required": _("Choose how it is paid"),
                "invalid_choice": _("Choose how it is paid"),
            },
            "what_for": {
                "required": _("Say what it is for"),
                "max_length": _("Keep it to 150 characters or fewer"),
            },
        }


class CorrectDeclarationForm(PlainForm):
    """An officer changes a member's answer about one group, on their behalf, with a reason."""

    link = forms.ChoiceField(
        label=_("What is their link to the group?"),
        choices=[(value, _(label)) for value, label in Declaration.Link.choices],
        widget=forms.RadioSelect,
        help_text=_("The same answers the member sees."),
        error_messages={
            "required": _("Choose their answer"),
            "invalid_choice": _("Choose one of the answers"),
        },
    )
    details = forms.CharField(
        label=_("If you chose another link, what is it? A few words"),
        max_length=200,
        required=False,
        error_messages={"max_length": _("Keep it to 200 characters or fewer")},
    )
    reason = forms.CharField(
        label=_("Why are you changing this?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For example, they phoned to say their sister runs the group. We keep this "
            "in the record."
        ),
        error_messages={
            "required": _("Say why you are changing this"),
            "max_length": _("Keep it to 1,000 characters or fewer"),
        },
    )

    def clean(self):
        cleaned = super().clean()
        link = cleaned.get("link")
        details = (cleaned.get("details") or "").strip()
        if link == Declaration.Link.OTHER and not details and "details" not in self.errors:
            self.add_error("details", gettext("Say what the link is, in a few words"))
        return cleaned


class DeclarationForm(forms.Form):
    """One question per application: do you have a link to this group? Rendered by hand in the
    template (radios with a box for "another link"), so it is not a PlainForm."""

    def __init__(self, *args, applications, existing=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.applications = list(applications)
        existing = existing or {}
        for app in self.applications:
            declared = existing.get(app.pk)
            # A declared link is locked (only an officer can change it): what is posted for it
            # is ignored, so a tampered post cannot raise an error the member cannot see.
            locked = bool(declared and declared.is_conflict)
            self.fields[f"link_{app.pk}"] = forms.ChoiceField(
                choices=[(value, _(label)) for value, label in Declaration.Link.choices],
                required=False,
                disabled=locked,
                initial=declared.link if declared else None,
                error_messages={"invalid_choice": _("Choose one of the answers")},
            )
            self.fields[f"details_{app.pk}"] = forms.CharField(
                required=False,
                disabled=locked,
                max_length=200,
                initial=declared.details if declared else "",
                error_messages={
                    "max_length": _("Keep it to 200 characters or fewer"),
                    "null_characters_not_allowed": CONTROL_MESSAGE,
                },
            )

    def clean(self):
        cleaned = super().clean()
        for app in self.applications:
            link = cleaned.get(f"link_{app.pk}")
            details = (cleaned.get(f"details_{app.pk}") or "").strip()
            if f"link_{app.pk}" in self.errors:
                continue
            if not link:
                self.add_error(
                    f"link_{app.pk}",
                    gettext("Say if you have a link to %(group)s") % {"group": app.group.name},
                )
            elif link == Declaration.Link.OTHER and not details:
                self.add_error(f"details_{app.pk}", gettext("Say what the link is, in a few words"))
            elif details:
                try:
                    refuse_control_characters(details)
                except forms.ValidationError as error:
                    self.add_error(f"details_{app.pk}", error)
        return cleaned

    def answers(self):
        """{application: (link, details)} for every application answered without an error."""
        result = {}
        data = getattr(self, "cleaned_data", {})
        for app in self.applications:
            if f"link_{app.pk}" in self.errors or f"details_{app.pk}" in self.errors:
                continue
            link = data.get(f"link_{app.pk}")
            if link:
                result[app] = (link, (data.get(f"details_{app.pk}") or "").strip())
        return result

    def rows(self):
        for app in self.applications:
            yield app, self[f"link_{app.pk}"], self[f"details_{app.pk}"]


class ScoreForm(forms.Form):
    """One set of radios per criterion (each point with its plain descriptor) and a comment.
    Blank criteria are allowed: the member can save and come back."""

    def __init__(self, *args, criteria, score_max, sheet=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        self.score_max = score_max
        given = {}
        if sheet is not None:
            given = {s.criterion_id: s.value for s in sheet.scores.all()}
        for criterion in self.criteria:
            descriptors = list(criterion.descriptors or [])
            choices = [
                (str(point), descriptors[point - 1] if point <= len(descriptors) else "")
                for point in range(1, score_max + 1)
            ]
            self.fields[f"criterion_{criterion.pk}"] = forms.TypedChoiceField(
                choices=choices,
                coerce=int,
                required=False,
                empty_value=None,
                initial=str(given[criterion.pk]) if criterion.pk in given else None,
                error_messages={
                    "invalid_choice": gettext("Choose a score from 1 to %(most)s")
                    % {"most": score_max}
                },
            )
        self.fields["comment"] = forms.CharField(
            required=False,
            max_length=2000,
            initial=sheet.comment if sheet is not None else "",
            error_messages={
                "max_length": _("Keep your comment to 2,000 characters or fewer"),
                "null_characters_not_allowed": CONTROL_MESSAGE,
            },
        )

    def clean_comment(self):
        comment = self.cleaned_data["comment"]
        refuse_control_characters(comment)
        return comment

    def values(self):
        return {c.pk: self.cleaned_data.get(f"criterion_{c.pk}") for c in self.criteria}

    def rows(self):
        for criterion in self.criteria:
            field = self[f"criterion_{criterion.pk}"]
            current = field.value()
            points = [(value, label, str(current) == value) for value, label in field.field.choices]
            yield criterion, field, points
