"""Adding one of the group's people: their name and email."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.forms import PlainForm, plain_text_field


class PersonForm(PlainForm):
    use_required_attribute = False

    name = plain_text_field(_("Their name"), max_length=120)
    email = forms.EmailField(
        label=_("Their email address"),
        max_length=254,
        help_text=_("They sign in with this email. We send them a code: no password."),
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={
            "required": _("Enter their email address"),
            "invalid": _("Enter an email address like name@example.com"),
            "max_length": _(
                "Their email address must be 254 characters or fewer (it has %(show_value)d)"
            ),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].error_messages["required"] = gettext("Enter their name")

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()
