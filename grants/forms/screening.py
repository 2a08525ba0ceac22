"""Forms for screening: filtering the list, deciding one application, deciding several, and
typing the written version of a recorded answer."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.forms import PlainForm, plain_text_field, pounds_field

from ..models import ApplicationState, Group
from ..services.recordings import MAX_WRITTEN_VERSION_CHARACTERS
from ..services.screening import NOT_SENT


class ScreeningFilterForm(PlainForm):
    q = plain_text_field(
        _("Search"),
        max_length=100,
        required=False,
        hint=_("Part of a project name, a reference or a group's name."),
    )
    state = forms.ChoiceField(
        label=_("Stage"),
        required=False,
        choices=[("", _("Any stage"))]
        + [(v, label) for v, label in ApplicationState.choices if v not in NOT_SENT],
    )
    kind = forms.ChoiceField(
        label=_("Kind of group"),
        required=False,
        choices=[("", _("Any kind"))] + Group.Kind.choices,
    )
    area = plain_text_field(_("Area"), max_length=120, required=False)
    min_amount = pounds_field(_("Asking for at least"))
    max_amount = pounds_field(_("Asking for at most"))
    assisted = forms.ChoiceField(
        label=_("Help with the form"),
        required=False,
        choices=[
            ("", _("Any")),
            ("yes", _("Helped, by phone or on paper")),
            ("no", _("Sent by the group itself")),
        ],
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("oldest", _("Sent first")),
            ("newest", _("Sent last")),
            ("amount_high", _("Largest amount first")),
            ("amount_low", _("Smallest amount first")),
            ("group", _("Group name, A to Z")),
            ("reference", _("Reference")),
        ],
    )

    def clean(self):
        data = super().clean()
        low, high = data.get("min_amount"), data.get("max_amount")
        if low is not None and high is not None and low > high:
            self.add_error("max_amount", gettext("The most must not be less than the least"))
        return data

    def filters(self):
        """What to filter on: the valid values only, so one bad box does not hide the list."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if k not in self.errors}


def reason_field(label, hint, needed_message):
    field = plain_text_field(label, max_length=2000, required=True, textarea=True, hint=hint)
    field.error_messages["required"] = needed_message
    return field


class IneligibleForm(PlainForm):
    reason = reason_field(
        _("Why it cannot go forward"),
        _("The group will see this. Use plain, kind words."),
        _("Write the reason the group will see"),
    )


class MoreInfoForm(PlainForm):
    reason = reason_field(
        _("What you need to know"),
        _("The group will see this and can change their application."),
        _("Write what the group needs to tell you"),
    )


class EligibleForm(PlainForm):
    pass


DECISION_FORMS = {"eligible": EligibleForm, "ineligible": IneligibleForm, "more_info": MoreInfoForm}


class BulkDecisionForm(PlainForm):
    applications = forms.ModelMultipleChoiceField(
        queryset=None,
        label=_("Applications"),
        error_messages={
            "required": _("Select at least one application"),
            "invalid_choice": _("One of the applications you selected is not in this round"),
            "invalid_pk_value": _("One of the applications you selected is not in this round"),
        },
    )
    action = forms.ChoiceField(
        label=_("What to do with the applications you selected"),
        choices=[
            ("eligible", _("Mark as eligible: they go to the panel")),
            ("ineligible", _("Mark as not eligible")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what to do with the applications you selected")},
    )
    reason = plain_text_field(
        _("Why they cannot go forward"),
        max_length=2000,
        required=False,
        textarea=True,
        rows=3,
        hint=_("Only needed if they are not eligible. Each group will see this."),
    )

    def __init__(self, *args, round, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applications"].queryset = round.applications.exclude(
            state__in=NOT_SENT
        ).select_related("group", "round", "created_by")

    def clean(self):
        data = super().clean()
        if (
            data.get("action") == "ineligible"
            and not data.get("reason")
            and "reason" not in self.errors
        ):
            self.add_error(
                "reason", ValidationError(gettext("Write the reason the groups will see"))
            )
        return data

    def selected_ids(self):
        return {str(v) for v in self.data.getlist("applications")} if self.is_bound else set()


class WrittenVersionForm(PlainForm):
    """What a recorded answer says, typed by an officer for people who cannot listen to it."""

    written_version = plain_text_field(
        _("What they say"),
        max_length=MAX_WRITTEN_VERSION_CHARACTERS,
        required=True,
        textarea=True,
        rows=12,
        hint=_(
            "Write what they say, in their words. You do not need to tidy it. If it is a "
            "video, also say what they show, if it matters. Leave out the names of people if "
            "they are not needed. The panel will read this."
        ),
    )
    written_version.error_messages["required"] = _("Type what they say in the recording")
