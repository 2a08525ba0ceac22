"""The group's listing form (with up to four regular meeting times), the officer's check, and
the public search."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.forms import PlainForm, PlainModelForm
from reports.areas import normalise_postcode

from .models import Access, Listing, Session
from .themes import Theme

MAX_SESSIONS = 4


class ListingForm(PlainModelForm):
    turn_up = forms.TypedChoiceField(
        label=_("Can people just turn up?"),
        choices=[("yes", _("Yes, just turn up")), ("no", _("No, get in touch first"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    accessibility = forms.MultipleChoiceField(
        label=_("Access"),
        choices=Access.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick all that are true where you meet."),
    )

    class Meta:
        model = Listing
        fields = [
            "name", "description", "who_for", "theme", "venue", "street", "town", "area",
            "postcode", "turn_up", "cost", "accessibility", "access_notes", "languages",
            "contact_name", "contact_email", "contact_phone", "website",
        ]  # fmt: skip
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        # The model names these two fields by their own names: said here, so they translate.
        labels = {"theme": _("Theme"), "postcode": _("Postcode")}
        help_texts = {
            "cost": _("For example: Free, or £2 a session."),
            "languages": _("For example: English, Urdu."),
            "contact_name": _(
                "The person or organisation people should ask for. "
                "It can be your host organisation."
            ),
            "contact_phone": _("Only give a phone number you are happy to be public."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [("", gettext("Choose a theme"))] + list(Theme.choices)
        self.fields["theme"].required = True
        if self.instance.pk and not self.is_bound:
            self.initial["turn_up"] = "yes" if self.instance.turn_up else "no"

    def clean_postcode(self):
        value = normalise_postcode(self.cleaned_data["postcode"])
        if len(value.replace(" ", "")) < 5:
            raise ValidationError(gettext("Enter a full postcode, like RV1 2AB."))
        return value


class SessionForm(PlainForm):
    day = forms.TypedChoiceField(
        label=_("Day"),
        choices=[("", _("Choose a day"))] + list(Session.Day.choices),
        coerce=int,
        required=False,
    )
    often = forms.ChoiceField(label=_("How often"), choices=Session.Often.choices, required=False)
    starts = forms.TimeField(
        label=_("Starts"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    ends = forms.TimeField(
        label=_("Ends"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )

    def clean(self):
        data = super().clean()
        day, starts, ends = data.get("day"), data.get("starts"), data.get("ends")
        if day in (None, "") and not starts and not ends:
            return data
        if day in (None, ""):
            self.add_error("day", gettext("Choose the day you meet."))
        if not starts:
            self.add_error("starts", gettext("Enter the time you start, like 11:00."))
        if not ends:
            self.add_error("ends", gettext("Enter the time you finish, like 13:00."))
        if starts and ends and ends <= starts:
            self.add_error("ends", gettext("The finish time must be after the start time."))
        return data

    def session(self):
        data = self.cleaned_data
        if data.get("day") in (None, ""):
            return None
        return {
            "day": data["day"],
            "often": data.get("often") or Session.Often.WEEKLY,
            "starts": data["starts"],
            "ends": data["ends"],
        }


SessionFormSet = forms.formset_factory(SessionForm, extra=0, max_num=MAX_SESSIONS)


def session_formset(listing, data=None):
    """Four rows: the listing's times, then empty rows."""
    initial = [
        {"day": s.day, "often": s.often, "starts": s.starts, "ends": s.ends}
        for s in listing.sessions.all()
    ][:MAX_SESSIONS]
    initial += [{"often": Session.Often.WEEKLY}] * (MAX_SESSIONS - len(initial))
    return SessionFormSet(data, initial=initial, prefix="times")


def sessions_from(formset):
    return [s for s in (form.session() for form in formset) if s]


class ReasonForm(PlainForm):
    reason = forms.CharField(
        label=_("What should the group change?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Use plain words. The group will see this."),
        error_messages={"required": _("Say what the group needs to change.")},
    )


class SearchForm(PlainForm):
    postcode = forms.CharField(label=_("Your postcode"), max_length=10, required=False)
    theme = forms.ChoiceField(
        label=_("Theme"), choices=[("", _("Any theme"))] + list(Theme.choices), required=False
    )
    day = forms.TypedChoiceField(
        label=_("Day"),
        choices=[("", _("Any day"))] + list(Session.Day.choices),
        coerce=int,
        empty_value=None,
        required=False,
    )
    turn_up = forms.BooleanField(label=_("Only places I can just turn up to"), required=False)
