"""What rounds and applications keep about languages (see `grants.languages`)."""

from django.db import models
from django.utils.translation import gettext

from ..languages import (
    ANOTHER_LANGUAGE,
    ENGLISH,
    answer_language_name,
    started_in,
    text_direction,
)


class Translated(models.Model):
    """Something holding a round's own words, with their translations (`grants.languages`)."""

    translations = models.JSONField(
        default=dict,
        blank=True,
        help_text='Translations of its words: {"cy": {"text": {"from": English, "to": Welsh}}}',
    )

    class Meta:
        abstract = True


class WrittenIn(models.Model):
    """The language an application is written in: the page's language when it was started;
    the group may change it while they may change the application."""

    language = models.CharField(
        "written in",
        max_length=12,
        default=started_in,
        help_text="A code from grants.languages.ANSWER_LANGUAGES, such as en, cy or ur.",
    )

    class Meta:
        abstract = True

    @property
    def written_in_english(self):
        return (self.language or ENGLISH) == ENGLISH

    @property
    def language_name(self):
        """ "Urdu": the language's name in the reader's language."""
        return answer_language_name(self.language)

    @property
    def written_in_words(self):
        """ "Written in Urdu": the label on the group's own words, for readers of English."""
        if self.language == ANOTHER_LANGUAGE:
            return gettext("Written in another language")
        return gettext("Written in %(language)s") % {"language": self.language_name}

    @property
    def language_direction(self):
        """ "rtl", "ltr" or "auto", for the answers' HTML `dir`."""
        return text_direction(self.language)
