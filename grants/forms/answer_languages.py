"""The language an application is written in (chosen by the group), and the English version of
an answer in another language (typed by an officer)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import PlainForm, plain_text_field

from ..languages import answer_language_choices
from ..services.recordings import MAX_WRITTEN_VERSION_CHARACTERS


class ApplicationLanguageForm(PlainForm):
    language = forms.ChoiceField(
        label=_("Which language are you writing your answers in?"),
        help_text=_(
            "You can write in any language. If it is not English, the funder's staff add an "
            "English version for the panel, and the panel reads both."
        ),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a language"),
            "invalid_choice": _("Choose one of the languages"),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = answer_language_choices()


class EnglishVersionForm(PlainForm):
    """An answer in English, for a panel reading in English (`services.recordings`)."""

    written_version = plain_text_field(
        _("The answer in English"),
        max_length=MAX_WRITTEN_VERSION_CHARACTERS,
        required=True,
        textarea=True,
        rows=12,
        hint=_(
            "Say what they said, in English. Keep their meaning: you do not need to tidy it. "
            "The panel reads it beside their own words, with your name and today's date."
        ),
    )
    written_version.error_messages["required"] = _("Write the answer in English")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["written_version"].widget.attrs.update({"lang": "en-GB", "dir": "ltr"})
