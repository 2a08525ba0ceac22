"""The funder's contact for groups (a named person, phone, reply address) and its standard terms
of grant, which letters and emails use. Set by the funder's officers."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.forms import PlainForm, plain_text_field

PHONE = re.compile(r"\+?[0-9][0-9 ()-]{5,38}")


class FunderContactForm(PlainForm):
    contact_name = plain_text_field(
        _("Contact's name"),
        max_length=120,
        hint=_(
            "The person groups can talk to, as letters should name them. For example, "
            "“Priya Shah, grants officer”."
        ),
    )
    contact_phone = forms.CharField(
        label=_("Phone number"),
        max_length=40,
        required=False,
        help_text=_("A number groups can ring. For example, 0161 496 0123."),
        error_messages={"max_length": _("Phone number must be 40 characters or fewer")},
    )
    contact_email = forms.EmailField(
        label=_("Email address for replies"),
        max_length=254,
        help_text=_("Replies to every email about your grants go here."),
        error_messages={
            "required": _("Enter the email address for replies"),
            "invalid": _("Enter an email address, like grants@example.org"),
        },
    )
    standard_terms = plain_text_field(
        _("Standard terms of grant"),
        max_length=10_000,
        required=False,
        textarea=True,
        rows=12,
        hint=_(
            "Every letter includes them: for example safeguarding, insurance and data "
            "protection. Leave a blank line between paragraphs. Leave it empty to use Seedbed's "
            "short standard terms."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact_name"].error_messages["required"] = gettext("Enter the contact's name")

    def clean_contact_phone(self):
        phone = " ".join((self.cleaned_data.get("contact_phone") or "").split())
        if phone and not PHONE.fullmatch(phone):
            raise ValidationError(gettext("Enter a phone number, like 0161 496 0123"))
        return phone
