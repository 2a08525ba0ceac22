"""The funder's open data choice: publish its grants as 360Giving data or not, and under which
open licence (officers only; `grants.services.publishing` makes the change)."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.forms import PlainForm

from ..models import OpenDataLicence

PUBLISH_CHOICES = [("yes", _("Yes, publish them")), ("no", _("No, do not publish them"))]


class OpenDataPublishingForm(PlainForm):
    published = forms.ChoiceField(
        label=_("Publish your grants as open data?"),
        choices=PUBLISH_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Say whether to publish your grants as open data"),
            "invalid_choice": _("Say whether to publish your grants as open data"),
        },
    )
    licence = forms.ChoiceField(
        label=_("Licence"),
        help_text=_("The terms people may use the data on. You need one to publish."),
        choices=OpenDataLicence.choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose a licence from the list")},
    )

    def clean(self):
        data = super().clean()
        if data.get("published") == "yes" and not data.get("licence"):
            self.add_error("licence", gettext("Choose a licence to publish under"))
        return data
