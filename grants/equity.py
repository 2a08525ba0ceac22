"""The equity questions a group may answer on its profile, by version.

Two questions from the DEI Data Standard (as 360Giving's DEI extension carries it): who leads
the group ("leadership") and who the group mainly works with ("mission"). Each offers the
standard's population groups (its top-level taxonomy codes) in plain words, "None of these"
(the standard's "general" reply) and "Prefer not to say". The wording of each version is kept
here for ever: an answer records the version it was given to, so what was asked can always be
shown beside what was answered.
"""

from dataclasses import dataclass

from django.utils.translation import gettext, gettext_lazy, gettext_noop

CURRENT_VERSION = "2026-12"

# The DEI Data Standard's population groups (taxonomy codes), in plain words. The words are
# kept in English here (`LABELS`, the privacy export); `POPULATION_GROUPS` gives them in the
# language of the page (translated when shown), and `label(code)` one of them.
ENGLISH_POPULATION_GROUPS = [
    ("DEI010000", gettext_noop("Black, Asian and other people who face racism")),
    (
        "DEI020000",
        gettext_noop("Disabled people, or people with a long illness or mental ill health"),
    ),
    ("DEI030000", gettext_noop("People of one faith or belief")),
    ("DEI040000", gettext_noop("LGBT+ people")),
    ("DEI050000", gettext_noop("Migrants, refugees or people seeking asylum")),
    ("DEI060000", gettext_noop("People aged 60 or over")),
    ("DEI070000", gettext_noop("Children and young people under 26")),
    ("DEI080000", gettext_noop("People who are poor or on low pay")),
    ("DEI090000", gettext_noop("Women and girls")),
    ("DEI700000", gettext_noop("Welsh speakers")),
]
LABELS = dict(ENGLISH_POPULATION_GROUPS)
POPULATION_GROUPS = [(code, gettext_lazy(words)) for code, words in ENGLISH_POPULATION_GROUPS]


@dataclass(frozen=True)
class Question:
    area: str  # the DEI extension's application area: "leadership" or "mission"
    field: str  # the answer's field on grants.GroupEquityAnswers
    text: str
    hint: str
    none_of_these: str


QUESTIONS = {
    "2026-12": (
        Question(
            area="leadership",
            field="led_by",
            text=gettext_noop("Are most of the people who run your group in any of these groups?"),
            hint=gettext_noop("Choose all that fit."),
            none_of_these=gettext_noop("None of these"),
        ),
        Question(
            area="mission",
            field="works_with",
            text=gettext_noop("Does your group mainly work with any of these groups?"),
            hint=gettext_noop("Choose all that fit."),
            none_of_these=gettext_noop("No, our group is for anyone"),
        ),
    ),
}
PUBLISH_TEXT = gettext_lazy(
    "You may publish our answers with our grant in the funder's open data. No names are published."
)


def questions(version=CURRENT_VERSION):
    return QUESTIONS[version]


def label(code):
    """The words for a population group's code, in the language of the page."""
    return gettext(LABELS[code]) if code in LABELS else code


def translated(words):
    """A question's words (`Question.text`, `.hint`, `.none_of_these`, kept in English) in the
    language of the page."""
    return gettext(words) if words else words
