"""Forms officers use to set up a round: its settings, its questions and its scoring criteria.

Every bad value gets a plain message beside its field and what was typed is kept (the forms
are re-shown bound to what was posted). Text must be plain words: no HTML tags and no hidden
control characters. Amounts are whole pounds; "£1,500" is read as 1500.
"""

import re
from datetime import datetime, time

from django import forms
from django.core.exceptions import ValidationError
from django.utils import dateformat, timezone
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.forms import (
    PlainModelForm,
    WholeNumberField,
    date_field,
    plain_text_field,
    pounds_field,
    time_field,
)

from ..models import Round, RoundState
from ..round_template import DEFAULT_REPORTING_TIERS


def unique_slug(title, exclude_pk=None):
    base = slugify(title)[:70].strip("-") or "round"
    slug, n = base, 2
    while Round.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


# Which settings can still change, by the round's stage. Money and dates are fixed once the
# round has closed; the web address and the score scale once it has opened.
_BEFORE_CLOSE = {RoundState.DRAFT, RoundState.OPEN}
_BEFORE_VOTING = _BEFORE_CLOSE | {RoundState.CLOSED, RoundState.SCREENING, RoundState.SCORING}
_BEFORE_DECISION = _BEFORE_VOTING | {RoundState.VOTING}
_BEFORE_MONITORING = _BEFORE_DECISION | {RoundState.DECIDED}
EDITABLE_IN = {
    "slug": {RoundState.DRAFT},
    "score_max": {RoundState.DRAFT},
    "title": _BEFORE_DECISION,
    "summary": _BEFORE_DECISION,
    "who_can_apply": _BEFORE_DECISION,
    "what_happens_next": _BEFORE_DECISION,
    "area": _BEFORE_CLOSE,
    "budget": _BEFORE_CLOSE,
    "min_grant": _BEFORE_CLOSE,
    "max_grant": _BEFORE_CLOSE,
    "opens_date": {RoundState.DRAFT},
    "opens_time": {RoundState.DRAFT},
    "closes_date": _BEFORE_CLOSE,
    "closes_time": _BEFORE_CLOSE,
    "decision_by": _BEFORE_DECISION,
    "one_application_per_group": _BEFORE_CLOSE,
    "min_scores_per_application": _BEFORE_VOTING,
    "panel_quorum": _BEFORE_VOTING,
    "voting_method": _BEFORE_VOTING,
    "allocation_rule": _BEFORE_VOTING,
    "dots_per_voter": _BEFORE_VOTING,
    "picks_must_fit_budget": _BEFORE_VOTING,
}
TIERS_EDITABLE_IN = _BEFORE_MONITORING


DEFAULT_WORDS = {
    "who_can_apply": "Any group of local people doing good things for others. You do not need "
    "to be a charity. You need two people who are not related and do not live together.",
    "what_happens_next": "We check your answers. Then a panel of local people reads them and "
    "votes. We will tell you by email.",
}


def round_is_editable(rnd):
    return rnd.state in _BEFORE_MONITORING


class RoundForm(PlainModelForm):
    """A round's settings. Questions and criteria have their own pages."""

    title = plain_text_field(
        _("Round name"), max_length=120, hint=_("For example, Healthy Neighbours Fund 2027.")
    )
    slug = forms.CharField(
        label=_("Web address"),
        required=False,
        max_length=80,
        help_text=_(
            "The end of the round's web address, like healthy-neighbours-2027. "
            "Leave it empty to make one from the name."
        ),
        error_messages={"max_length": _("The web address must be 80 characters or fewer")},
    )
    summary = plain_text_field(
        _("What the money is for"),
        max_length=2000,
        textarea=True,
        hint=_("Two or three plain sentences."),
    )
    who_can_apply = plain_text_field(
        _("Who can apply"), max_length=2000, required=False, textarea=True
    )
    what_happens_next = plain_text_field(
        _("What happens after they apply"), max_length=2000, required=False, textarea=True
    )
    area = plain_text_field(
        _("Area"), max_length=120, required=False, hint=_("Where groups must be or help people.")
    )
    budget = pounds_field(_("Total money to give"), hint=_("In pounds, for example 25000."))
    min_grant = pounds_field(_("Smallest grant"), hint=_("In pounds."))
    max_grant = pounds_field(_("Largest grant"), hint=_("In pounds."))
    opens_date = date_field(_("Opening date"))
    opens_time = time_field(
        _("Opening time"),
        hint=_("24-hour clock, UK time. If you leave it empty, it opens at 00:00."),
    )
    closes_date = date_field(_("Closing date"))
    closes_time = time_field(
        _("Closing time"),
        hint=_("24-hour clock, UK time. If you leave it empty, it closes at 23:59."),
    )
    decision_by = date_field(_("Decisions by"), hint=_("When groups will hear. Optional."))
    one_application_per_group = forms.BooleanField(
        label=_("Each group can send only one application"), required=False
    )
    score_max = WholeNumberField(
        label=_("Highest score"),
        low=2,
        high=10,
        required=True,
        hint=_("Panel members score each criterion from 1 to this number. From 2 to 10."),
    )
    min_scores_per_application = WholeNumberField(
        label=_("Scores each application needs"),
        low=1,
        high=50,
        required=True,
        hint=_("The fewest panel members who must score each application."),
    )
    panel_quorum = WholeNumberField(
        label=_("Smallest panel that can decide"), low=1, high=100, required=True
    )
    voting_method = forms.ChoiceField(
        label=_("How the panel votes"),
        choices=Round.VotingMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how the panel votes")},
    )
    allocation_rule = forms.ChoiceField(
        label=_("How the money is shared out"),
        choices=Round.AllocationRule.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how the money is shared out")},
    )
    dots_per_voter = WholeNumberField(
        label=_("Dots each panel member spreads"),
        low=1,
        high=100,
        required=True,
        hint=_("Only used when the panel spreads dots."),
    )
    picks_must_fit_budget = forms.BooleanField(
        label=_("Each panel member's picks must fit within the budget"), required=False
    )

    class Meta:
        model = Round
        fields = [
            "title",
            "slug",
            "summary",
            "who_can_apply",
            "what_happens_next",
            "area",
            "budget",
            "min_grant",
            "max_grant",
            "decision_by",
            "one_application_per_group",
            "score_max",
            "min_scores_per_application",
            "panel_quorum",
            "voting_method",
            "allocation_rule",
            "dots_per_voter",
            "picks_must_fit_budget",
        ]

    def __init__(self, *args, funder=None, **kwargs):
        if kwargs.get("instance") is None:
            # A new round starts from the model's defaults and the template's plain words.
            kwargs["instance"] = Round(funder=funder)
            kwargs["initial"] = {**DEFAULT_WORDS, **(kwargs.get("initial") or {})}
        super().__init__(*args, **kwargs)
        rnd = self.instance
        self.creating = rnd.pk is None
        local = timezone.localtime
        if rnd.opens_at:
            self.initial.setdefault("opens_date", local(rnd.opens_at).date())
            self.initial.setdefault("opens_time", local(rnd.opens_at).time())
        if rnd.closes_at:
            self.initial.setdefault("closes_date", local(rnd.closes_at).date())
            self.initial.setdefault("closes_time", local(rnd.closes_at).time())
        self.tiers = [dict(t) for t in (rnd.reporting_tiers or DEFAULT_REPORTING_TIERS)]
        self.tier_names = []
        for i, tier in enumerate(self.tiers[:-1]):
            name = f"tier_{i}"
            kind = (
                tier["name"] if "name" in tier else gettext("level %(number)s") % {"number": i + 1}
            )
            self.fields[name] = pounds_field(
                gettext("Largest grant for a “%(kind)s”") % {"kind": kind},
                required=True,
                hint=gettext("Grants up to this amount get this kind of report."),
            )
            self.initial.setdefault(name, tier.get("up_to"))
            self.tier_names.append(name)
        state = rnd.state if not self.creating else RoundState.DRAFT
        for name, states in EDITABLE_IN.items():
            if state not in states:
                self.fields[name].disabled = True
        if state not in TIERS_EDITABLE_IN:
            for name in self.tier_names:
                self.fields[name].disabled = True

    @property
    def locked_fields(self):
        return [self[name] for name, f in self.fields.items() if f.disabled]

    def clean_slug(self):
        slug = self.cleaned_data.get("slug", "").strip().lower()
        if self.fields["slug"].disabled:
            return self.instance.slug
        if not slug:
            return ""
        if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug):
            raise ValidationError(
                gettext(
                    "Use only lower-case letters, numbers and single hyphens, "
                    "like healthy-neighbours-2027"
                )
            )
        if Round.objects.filter(slug=slug).exclude(pk=self.instance.pk).exists():
            raise ValidationError(
                gettext("Another round already uses this web address. Choose another")
            )
        return slug

    def _when(self, prefix, default_time):
        day = self.cleaned_data.get(f"{prefix}_date")
        at = self.cleaned_data.get(f"{prefix}_time")
        if day is None:
            if at is not None and f"{prefix}_date" not in self.errors:
                message = {
                    "opens": gettext("Enter the opening date too"),
                    "closes": gettext("Enter the closing date too"),
                }[prefix]
                self.add_error(f"{prefix}_date", message)
            return None
        return timezone.make_aware(datetime.combine(day, at or default_time))

    def clean(self):
        data = super().clean()
        budget, low, high = data.get("budget"), data.get("min_grant"), data.get("max_grant")
        if low is not None and high is not None and low > high:
            self.add_error(
                "min_grant", gettext("The smallest grant must not be more than the largest grant")
            )
        if high is not None and budget is not None and high > budget:
            self.add_error(
                "max_grant",
                gettext("The largest grant must not be more than the total money to give"),
            )
        opens = self._when("opens", time(0, 0))
        closes = self._when("closes", time(23, 59))
        if opens and closes and closes <= opens:
            self.add_error(
                "closes_date", gettext("The closing date must be after the opening date")
            )
        closes_changed = any(n in self.changed_data for n in ("closes_date", "closes_time"))
        if (
            closes
            and closes_changed
            and closes <= timezone.now()
            and "closes_date" not in self.errors
        ):
            self.add_error("closes_date", gettext("The closing date must be in the future"))
        data["opens_at"], data["closes_at"] = opens, closes
        last = None
        for name in self.tier_names:
            value = data.get(name)
            if value is None:
                continue
            if value < 1:
                self.add_error(name, gettext("This amount must be £1 or more"))
            elif last is not None and value <= last:
                self.add_error(name, gettext("Each amount must be bigger than the one before"))
            last = value
        if not data.get("slug") and not self.fields["slug"].disabled and data.get("title"):
            data["slug"] = unique_slug(data["title"], exclude_pk=self.instance.pk)
        return data

    def save(self, commit=True):
        rnd = super().save(commit=False)
        rnd.opens_at = self.cleaned_data["opens_at"]
        rnd.closes_at = self.cleaned_data["closes_at"]
        for i, name in enumerate(self.tier_names):
            self.tiers[i]["up_to"] = self.cleaned_data[name]
        rnd.reporting_tiers = self.tiers
        if commit:
            rnd.save()
        return rnd

    # Sections, so the page can group the fields under headings.
    SECTIONS = [
        (
            _("About the round"),
            ["title", "slug", "summary", "who_can_apply", "what_happens_next", "area"],
        ),
        (_("Money"), ["budget", "min_grant", "max_grant"]),
        (_("Dates"), ["opens_date", "opens_time", "closes_date", "closes_time", "decision_by"]),
        (_("Applications"), ["one_application_per_group"]),
        (_("Scoring"), ["score_max", "min_scores_per_application", "panel_quorum"]),
        (
            _("Voting"),
            ["voting_method", "allocation_rule", "dots_per_voter", "picks_must_fit_budget"],
        ),
    ]

    def sections(self):
        """[(heading, [(bound field, plain words for it if it cannot change now, else None)])]"""
        sections = list(self.SECTIONS) + [(gettext("Reports"), self.tier_names)]
        return [
            (title, [(self[n], self._locked_words(n)) for n in names]) for title, names in sections
        ]

    def _locked_words(self, name):
        field = self.fields[name]
        if not field.disabled:
            return None
        value = self[name].value()
        if value in (None, ""):
            return gettext("Not set")
        if isinstance(field, forms.BooleanField):
            return gettext("Yes") if value else gettext("No")
        if isinstance(field, forms.ChoiceField):
            return dict(field.choices).get(value, value)
        if isinstance(field, WholeNumberField) and field.pounds:
            return f"£{int(value):,}"
        if isinstance(field, forms.DateField):
            # The month's name in the reader's language.
            return dateformat.format(value, "j F Y") if hasattr(value, "strftime") else value
        if isinstance(field, forms.TimeField):
            return value.strftime("%H:%M") if hasattr(value, "strftime") else value
        return value
