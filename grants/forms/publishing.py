"""The funder's open data choice: publish its grants as 360Giving data or not, and under which
open licence (officers only; `grants.services.publishing` makes the change)."""

from django import forms

from core.forms import PlainForm

from ..models import OpenDataLicence

PUBLISH_CHOICES = [("yes", "Yes, publish them"), ("no", "No, do not publish them")]


class OpenDataPublishingForm(PlainForm):
    published = forms.ChoiceField(
        label="Publish your grants as open data?",
        choices=PUBLISH_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Say whether to publish your grants as open data",
            "invalid_choice": "Say whether to publish your grants as open data",
        },
    )
    licence = forms.ChoiceField(
        label="Licence",
        help_text="The terms people may use the data on. You need one to publish.",
        choices=OpenDataLicence.choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose a licence from the list"},
    )

    def clean(self):
        data = super().clean()
        if data.get("published") == "yes" and not data.get("licence"):
            self.add_error("licence", "Choose a licence to publish under")
        return data
