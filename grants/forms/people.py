"""Adding one of the group's people: their name and email."""

from django import forms

from core.forms import PlainForm, plain_text_field


class PersonForm(PlainForm):
    use_required_attribute = False

    name = plain_text_field("Their name", max_length=120)
    email = forms.EmailField(
        label="Their email address",
        max_length=254,
        help_text="They sign in with this email. We send them a code: no password.",
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={
            "required": "Enter their email address",
            "invalid": "Enter an email address like name@example.com",
            "max_length": "Their email address must be 254 characters or fewer "
            "(it has %(show_value)d)",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].error_messages["required"] = "Enter their name"

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()
