"""Report forms: the group's report (built for what its tier asks), a photo, an officer's
"ask for changes", the round's reporting settings, and the dashboard's filters."""

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.forms import PlainForm, PlainModelForm, date_field
from grants.models import Group

from .models import RoundReporting, outcome_question_words, spend_item_words
from .photos import PHOTO_ACCEPT, clean_photo
from .services import WELLBEING_QUESTIONS

BIG_NUMBER = 1_000_000


def _words(message, **values):
    """`message % values`, worked out when shown (so in the reader's language): for labels and
    messages made when this module is imported. `message` is a gettext_lazy string."""
    return lazy(lambda: str(message) % {k: str(v) for k, v in values.items()}, str)()


def _please_answer(label):
    # The question without its question mark ("?" or the Urdu "؟").
    return lazy(
        lambda: (
            gettext("%(question)s: please write an answer.") % {"question": str(label).rstrip("?؟")}
        ),
        str,
    )()


def _keep_to(max_length):
    # %(show_value)s is filled in by the form when the answer is too long.
    return _words(
        _("Keep this to %(limit)s characters or fewer (you have written %(show_value)s)."),
        limit=f"{max_length:,}",
        show_value="%(show_value)s",
    )


def _text(label, hint="", max_length=2000, rows=4):
    return forms.CharField(
        label=label,
        help_text=hint,
        max_length=max_length,
        required=True,
        strip=True,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": _please_answer(label), "max_length": _keep_to(max_length)},
    )


def _number(label, hint="", maximum=BIG_NUMBER, required=True):
    return forms.IntegerField(
        label=label,
        help_text=hint,
        min_value=0,
        max_value=maximum,
        required=required,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-5"}),
        error_messages={
            "required": _("Enter a number. Write 0 if there were none."),
            "invalid": _("Enter a whole number, like 12."),
            "min_value": _("Enter 0 or more."),
            "max_value": _words(_("Enter a number up to %(maximum)s."), maximum=f"{maximum:,}"),
        },
    )


def _average(label):
    return forms.DecimalField(
        label=label,
        help_text=_("The average answer, from 0 to 10."),
        min_value=0,
        max_value=10,
        max_digits=3,
        decimal_places=1,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-3"}),
        error_messages={
            "invalid": _("Enter a number from 0 to 10, like 7.5."),
            "min_value": _("Enter a number from 0 to 10."),
            "max_value": _("Enter a number from 0 to 10."),
            "max_decimal_places": _("Use one number after the point at most, like 7.5."),
            "max_digits": _("Enter a number from 0 to 10, like 7.5."),
        },
    )


class ReportForm(PlainForm):
    """The questions one report asks. `draft=True` (saving to finish later) makes every answer
    optional, but a wrong kind of answer is still pointed out."""

    what_you_did = _text(_("What did you do with the money?"), _("A few sentences are fine."))
    who_took_part = _text(
        _("Who took part?"),
        _("About how many people, and who? For example: about 20 older people from Northfield."),
        max_length=1000,
        rows=3,
    )
    difference_made = _text(
        _("What difference did it make?"), _("What changed for the people who took part?")
    )
    people_count = _number(
        _("About how many people took part?"), _("A rough number is fine."), required=False
    )
    consent_to_share = forms.BooleanField(
        label=_("The funder may use our story and photos in its reports"),
        help_text=_(
            "We only share your story if you tick this. We never share your contact details."
        ),
        required=False,
    )

    def __init__(self, *args, report, draft=False, **kwargs):
        self.report = report
        initial = kwargs.pop("initial", None) or self._initial_from(report)
        super().__init__(*args, initial=initial, **kwargs)
        fields = self.fields
        if report.asks_numbers:
            fields["people_count"] = _number(_("How many people took part?"))
            fields["sessions_count"] = _number(
                _("How many sessions or events did you run?"), maximum=100_000
            )
            fields["volunteers_count"] = _number(_("How many volunteers helped?"), maximum=100_000)
            fields["volunteer_hours"] = _number(
                _("About how many hours did volunteers give in total?"),
                _("A rough number is fine."),
            )
        if report.asks_spend:
            for i, line in enumerate(report.spend or []):
                planned = int(line.get("planned") or 0)
                item = spend_item_words(line.get("item")) if "item" in line else _("the grant")
                fields[f"spent_{i}"] = _number(
                    _words(_("How much did you spend on: %(item)s?"), item=item),
                    _words(
                        _("You planned %(planned)s. Write the amount in pounds."),
                        planned=f"£{planned:,}",
                    ),
                    maximum=BIG_NUMBER,
                )
            fields["spend_note"] = forms.CharField(
                label=_("Anything to tell us about the money?"),
                help_text=_("For example, if you spent more or less than you planned."),
                max_length=1000,
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                error_messages={"max_length": _("Keep this to 1,000 characters or fewer.")},
            )
        if report.outcome_question:
            fields["outcome_value"] = _number(outcome_question_words(report.outcome_question))
            fields["outcome_note"] = forms.CharField(
                label=_("How did you find out?"),
                help_text=_("For example: we asked people at the last session."),
                max_length=1000,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                error_messages={"max_length": _("Keep this to 1,000 characters or fewer.")},
            )
        if report.asks_wellbeing:
            fields["wellbeing_people"] = _number(
                _("How many people answered the wellbeing questions?"),
                _("Leave this blank if you did not ask them."),
                required=False,
            )
            for name, question in WELLBEING_QUESTIONS:
                fields[name] = _average(question)
        if draft:
            for field in fields.values():
                field.required = False
        self.draft = draft

    @staticmethod
    def _initial_from(report):
        initial = {
            name: getattr(report, name)
            for name in [
                "what_you_did",
                "who_took_part",
                "difference_made",
                "people_count",
                "sessions_count",
                "volunteers_count",
                "volunteer_hours",
                "spend_note",
                "outcome_value",
                "outcome_note",
                "wellbeing_people",
                "consent_to_share",
            ]
        }
        for name, _question in WELLBEING_QUESTIONS:
            initial[name] = getattr(report, name)
        for i, line in enumerate(report.spend or []):
            initial[f"spent_{i}"] = line.get("spent")
        return initial

    def spend_fields(self):
        return [self[name] for name in self.fields if name.startswith("spent_")]

    def wellbeing_fields(self):
        return [self[name] for name, _q in WELLBEING_QUESTIONS if name in self.fields]

    def clean(self):
        data = super().clean()
        if "wellbeing_people" in self.fields:
            averages = [data.get(name) for name, _q in WELLBEING_QUESTIONS]
            if any(a is not None for a in averages) and not data.get("wellbeing_people"):
                self.add_error(
                    "wellbeing_people",
                    gettext("Say how many people answered the wellbeing questions."),
                )
        return data

    def save_to(self, report):
        """Copy the answers onto the report (not saved)."""
        data = self.cleaned_data
        for name in self.fields:
            if name.startswith("spent_"):
                continue
            if hasattr(report, name):
                value = data.get(name)
                if isinstance(value, str) or name == "consent_to_share":
                    value = value or ("" if name != "consent_to_share" else False)
                setattr(report, name, value)
        if report.asks_spend:
            spend = []
            for i, line in enumerate(report.spend or []):
                spend.append({**line, "spent": data.get(f"spent_{i}")})
            report.spend = spend
        return report


class PhotoForm(PlainForm):
    photo = forms.FileField(
        label=_("Add a photo (optional)"),
        help_text=_(
            "A photo from your phone, up to 10 MB. Before we keep it, we take out where "
            "and how it was taken."
        ),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": PHOTO_ACCEPT}),
        error_messages={"invalid": _("Choose a photo file.")},
    )
    caption = forms.CharField(
        label=_("What does the photo show?"),
        help_text=_("For example: our walkers at the top of Millbrook Hill."),
        max_length=200,
        required=False,
        error_messages={"max_length": _("Keep this to 200 characters or fewer.")},
    )

    def clean_photo(self):
        uploaded = self.cleaned_data.get("photo")
        if not uploaded:
            return None
        image, width, height = clean_photo(uploaded)
        return {"file": image, "width": width, "height": height}

    def clean(self):
        data = super().clean()
        if data.get("photo") and not (data.get("caption") or "").strip():
            self.add_error("caption", gettext("Say what the photo shows."))
        caption_alone = (data.get("caption") or "").strip() and not self.files.get("photo")
        if caption_alone and "photo" not in self.errors:
            self.add_error("photo", gettext("Choose a photo to go with what you wrote."))
        return data

    @property
    def has_photo(self):
        return bool(self.is_bound and self.is_valid() and self.cleaned_data.get("photo"))


class ChangesForm(PlainForm):
    reason = forms.CharField(
        label=_("What does the group need to change?"),
        help_text=_("The group sees this. Use plain words."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Say what the group needs to change."),
            "max_length": _("Keep this to 2,000 characters or fewer."),
        },
    )


class RoundReportingForm(PlainModelForm):
    class Meta:
        model = RoundReporting
        fields = ["outcome_measure", "ask_wellbeing"]
        error_messages = {
            "outcome_measure": {"max_length": _("Keep this to 200 characters or fewer.")},
        }


KIND_CHOICES = [
    ("", _("All kinds of group")),
    ("unregistered", _("Not registered (no charity or company number)")),
    ("registered", _("Registered")),
    *Group.Kind.choices,
]


EARLIEST_YEAR, LATEST_YEAR = 2000, 2099


class OutcomesFilterForm(PlainForm):
    """The dashboard's filters: a financial year or a range of dates, rounds, kind, area."""

    year = forms.TypedChoiceField(
        label=_("Financial year"),
        help_text=_("1 April to 31 March."),
        required=False,
        coerce=int,
        empty_value=None,
    )
    start = date_field(_("From"), _("Or choose dates. For example, 1/4/2026."))
    end = date_field(_("To"), _("For example, 31/3/2027."))
    round = forms.TypedMultipleChoiceField(
        label=_("Rounds"),
        help_text=_("Tick none to see every round."),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose rounds from the list.")},
    )
    kind = forms.ChoiceField(label=_("Kind of group"), required=False, choices=KIND_CHOICES)
    area = forms.ChoiceField(label=_("Area"), required=False)

    def __init__(self, *args, rounds=(), areas=(), years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", gettext("Any time"))] + [
            (year, gettext("April %(year)s to March %(next)s") % {"year": year, "next": year + 1})
            for year in years
        ]
        self.fields["round"].choices = [(r.pk, r.title) for r in rounds]
        self.fields["area"].choices = [("", gettext("All areas"))] + [(a, a) for a in areas]

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        for name, day in (("start", start), ("end", end)):
            if day is not None and not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
                self.add_error(
                    name,
                    gettext("Enter a date from %(earliest)s to %(latest)s.")
                    % {"earliest": EARLIEST_YEAR, "latest": LATEST_YEAR},
                )
                return data
        if data.get("year") and (start or end):
            self.add_error("year", gettext("Choose a financial year or dates, not both."))
        elif start and not end:
            self.add_error("end", gettext("Enter the last day of the period too."))
        elif end and not start:
            self.add_error("start", gettext("Enter the first day of the period too."))
        elif start and end and end < start:
            self.add_error("end", gettext("The last day must be on or after the first day."))
        return data

    def filters(self):
        """The chosen filters, in values a PDF job can keep ({} when nothing or bad input)."""
        if not self.is_bound or not self.is_valid():
            return {}
        data = self.cleaned_data
        chosen = {
            "year": data.get("year"),
            "start": data["start"].isoformat() if data.get("start") else None,
            "end": data["end"].isoformat() if data.get("end") else None,
            "rounds": data.get("round") or None,
            "kind": data.get("kind"),
            "area": data.get("area"),
        }
        return {k: v for k, v in chosen.items() if v not in (None, "")}
