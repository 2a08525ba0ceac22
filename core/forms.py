"""Forms that look and behave the same everywhere: GOV.UK classes, hints and errors tied to
their fields for screen readers, and what was typed always kept."""

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from . import money
from .languages import TranslatedText

# English to compare with, shown translated (see `TranslatedText`).
CONTROL_MESSAGE = TranslatedText(
    gettext_noop("Remove the hidden control characters. They often come from copying and pasting.")
)


def _interpolate(message, values):
    """`message % values`, both read in the language of the moment (see `interpolate_lazy`)."""
    return str(message) % {name: str(value) for name, value in values.items()}


# A message made when a form class is defined (at import) but read when a page is shown: the
# words and the label put into them are translated then, in that page's language.
#   interpolate_lazy(_("Enter %(noun)s"), {"noun": noun_lazy(label)})
interpolate_lazy = lazy(_interpolate, str)

# The one control-character policy. Taken out of what people type: control codes (except tab and
# new line) and the invisible characters that reorder text to hide what it says (bidirectional
# overrides, embeddings and isolates). Kept: every character people write with, invisible or
# not: the zero-width joiner U+200D (family and flag emoji), the zero-width non-joiner U+200C
# (Persian, Urdu and other scripts), and the left-to-right and right-to-left marks.
DANGEROUS_CHARACTERS = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
)


def strip_dangerous(value):
    """Text without dangerous control characters (see above), with one kind of new line."""
    value = (value or "").replace("\r\n", "\n").replace("\r", "\n")
    return DANGEROUS_CHARACTERS.sub("", value)


def refuse_control_characters(value):
    """Refuse NUL and the other hidden control characters (tab and new lines are fine). The
    database refuses NUL bytes, and the others are never typed on purpose."""
    if isinstance(value, str) and any(
        unicodedata.category(ch) == "Cc" and ch not in "\t\n\r" for ch in value
    ):
        raise ValidationError(CONTROL_MESSAGE, code="control")


WIDGET_CLASSES = {
    forms.Textarea: "govuk-textarea",
    forms.Select: "govuk-select",
    forms.ClearableFileInput: "govuk-file-upload",
    forms.FileInput: "govuk-file-upload",
    forms.CheckboxInput: "govuk-checkboxes__input",
    forms.RadioSelect: "govuk-radios__input",
    forms.CheckboxSelectMultiple: "govuk-checkboxes__input",
}


def is_optional(form, name):
    """The one rule for "(optional)": a field that is never demanded. A field demanded only in
    some cases (named in the form's `needed_when`, said beside it in words) is not marked."""
    field = form.fields[name]
    return not field.required and name not in getattr(form, "needed_when", {})


class PlainFormMixin:
    """Mix into any Form or ModelForm.

    `needed_when`: the fields a form demands only in some cases, with the words that say when
    (shown as the field's hint); they are never marked "(optional)".
    """

    needed_when = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = field.widget
            # A box never cuts what is typed or pasted without a word: the limit is checked when
            # the form is sent, and the message says how long it is (`core.templatetags`).
            widget.attrs.pop("maxlength", None)
            css = next(
                (c for w, c in WIDGET_CLASSES.items() if isinstance(widget, w)), "govuk-input"
            )
            widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()
            if field.help_text:
                widget.attrs["aria-describedby"] = f"id_{self.add_prefix(name)}-hint"

    def _refuse_control_characters(self):
        """Every typed text is checked for hidden control characters, in plain words (fields
        added after __init__ too). A field's own message for NUL is kept."""
        for field in self.fields.values():
            if not isinstance(field, forms.CharField):
                continue
            if refuse_control_characters in field.validators:
                continue
            field.validators = [refuse_control_characters] + [
                v for v in field.validators if not isinstance(v, ProhibitNullCharactersValidator)
            ]
            own = field.error_messages.get("null_characters_not_allowed")
            if own:
                field.error_messages.setdefault("control", own)

    def full_clean(self):
        self._refuse_control_characters()
        super().full_clean()
        for name, errors in list(getattr(self, "_errors", {}).items()):
            # Hidden characters make every other check on the field noisy: say that alone.
            control = [e for e in errors.as_data() if getattr(e, "code", None) == "control"]
            if control and len(errors) > 1:
                self._errors[name] = self.error_class(control[:1], renderer=self.renderer)
        for name in self.errors:
            if name not in self.fields:
                continue
            widget = self.fields[name].widget
            classes = widget.attrs.get("class", "")
            base = classes.split()[0] if classes else "govuk-input"
            if "--error" not in classes and not base.startswith("govuk-checkboxes"):
                widget.attrs["class"] = f"{classes} {base}--error"
            described = widget.attrs.get("aria-describedby", "")
            error_id = f"id_{self.add_prefix(name)}-error"
            if error_id not in described:
                widget.attrs["aria-describedby"] = f"{described} {error_id}".strip()
            widget.attrs["aria-invalid"] = "true"


class PlainForm(PlainFormMixin, forms.Form):
    pass


class PlainModelForm(PlainFormMixin, forms.ModelForm):
    pass


# --------------------------------------------------------------------------------------------
# One policy for plain text, one money field, one date field, one time field
# --------------------------------------------------------------------------------------------
MAX_POUNDS = 10_000_000
# Dates typed by hand: "31/03/2027", "31-03-2027", "31 03 2027", "31.03.2027", "31/03/27" or
# the ISO form a date picker sends.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d %m %Y", "%d.%m.%Y", "%d/%m/%y"]
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S", "%H.%M", "%I:%M%p", "%I:%M %p", "%I%p"]

_TAG = re.compile(r"<\s*/?\s*[a-zA-Z!?][^>]*>|<\s*/?\s*[a-zA-Z]")


def plain_text(value):
    """Refuse HTML tags and hidden control characters, with a message saying what to do."""
    if not value:
        return
    refuse_control_characters(value)
    if _TAG.search(value):
        raise ValidationError(
            gettext("Write plain words: remove the HTML tags (the parts between < and >)."),
            code="html",
        )


def _noun(label):
    """A field's label in the middle of a sentence: "Your email" → "your email"."""
    label = str(label or "")
    return label[0].lower() + label[1:] if label else gettext("this")


noun_lazy = lazy(_noun, str)


def plain_text_field(label, *, max_length, required=True, textarea=False, hint="", rows=4):
    widget = forms.Textarea(attrs={"rows": rows}) if textarea else forms.TextInput()
    field = forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        help_text=hint,
        widget=widget,
        error_messages={
            "required": interpolate_lazy(_("Enter %(noun)s"), {"noun": noun_lazy(label)}),
            # Django puts the length typed in later: %(show_value)s is kept for it.
            "max_length": interpolate_lazy(
                _("%(label)s must be %(limit)s characters or fewer (it has %(show_value)s)"),
                {"label": label, "limit": f"{max_length:,}", "show_value": "%(show_value)s"},
            ),
        },
    )
    field.validators = [
        v for v in field.validators if not isinstance(v, ProhibitNullCharactersValidator)
    ] + [plain_text]
    return field


class WholeNumberField(forms.IntegerField):
    """A whole number typed as text (GOV.UK advice: not type=number). Reads "£1,500" as 1500."""

    def __init__(self, *, label, low, high, pounds=False, required=False, hint="", **kwargs):
        self.low, self.high, self.pounds = low, high, pounds
        self.noun = noun_lazy(label)
        attrs = {"inputmode": "numeric", "spellcheck": "false", "class": "govuk-input--width-10"}
        super().__init__(
            label=label,
            required=required,
            help_text=hint,
            widget=forms.TextInput(attrs=attrs),
            error_messages={"required": interpolate_lazy(_("Enter %(noun)s"), {"noun": self.noun})},
            **kwargs,
        )

    def _money(self, n):
        return f"£{n:,}" if self.pounds else f"{n:,}"

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if self.pounds:
            return self._pounds(value)
        text = str(value).strip().replace(",", "").replace(" ", "")
        if not re.fullmatch(r"-?\d{1,15}", text):
            raise ValidationError(
                gettext("Enter %(noun)s as a number, like 4") % {"noun": self.noun}
            )
        return int(text)

    def _pounds(self, value):
        """Pounds read by the one money policy (`core.money.parse_pounds`), in this field's words."""
        try:
            return money.parse_pounds(value)
        except ValidationError as problem:
            if problem.code == "pence":
                raise ValidationError(
                    gettext("Enter %(noun)s in whole pounds, like 5000") % {"noun": self.noun}
                ) from None
            if problem.code == "huge":
                raise ValidationError(self._at_most()) from None
            if problem.code == "negative":
                raise ValidationError(self._at_least()) from None
            raise ValidationError(
                gettext("Enter %(noun)s as a number of pounds, like 5000") % {"noun": self.noun}
            ) from None

    def _at_least(self):
        return gettext("%(noun)s must be %(amount)s or more") % {
            "noun": str(self.noun).capitalize(),
            "amount": self._money(self.low),
        }

    def _at_most(self):
        return gettext("%(noun)s must be %(amount)s or less") % {
            "noun": str(self.noun).capitalize(),
            "amount": self._money(self.high),
        }

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        if value < self.low:
            raise ValidationError(self._at_least())
        if value > self.high:
            raise ValidationError(self._at_most())


def pounds_field(label, **kwargs):
    return WholeNumberField(label=label, low=0, high=MAX_POUNDS, pounds=True, **kwargs)


def date_field(label, hint=""):
    return forms.DateField(
        label=label,
        required=False,
        help_text=hint,
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "invalid": interpolate_lazy(
                _("Enter %(noun)s as a real date, like 31/03/2027"), {"noun": noun_lazy(label)}
            )
        },
    )


def time_field(label, hint=""):
    return forms.TimeField(
        label=label,
        required=False,
        help_text=hint,
        input_formats=TIME_INPUT_FORMATS,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={
            "invalid": interpolate_lazy(
                _("Enter %(noun)s like 09:00 or 17:30"), {"noun": noun_lazy(label)}
            )
        },
    )
