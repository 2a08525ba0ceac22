"""The equity questions a group may answer on its profile, by version.

Two questions from the DEI Data Standard (as 360Giving's DEI extension carries it): who leads
the group ("leadership") and who the group mainly works with ("mission"). Each offers the
standard's population groups (its top-level taxonomy codes) in plain words, "None of these"
(the standard's "general" reply) and "Prefer not to say". The wording of each version is kept
here for ever: an answer records the version it was given to, so what was asked can always be
shown beside what was answered.
"""

from dataclasses import dataclass

CURRENT_VERSION = "2026-12"

# The DEI Data Standard's population groups (taxonomy codes), in plain words.
POPULATION_GROUPS = [
    ("DEI010000", "Black, Asian and other people who face racism"),
    ("DEI020000", "Disabled people, or people with a long illness or mental ill health"),
    ("DEI030000", "People of one faith or belief"),
    ("DEI040000", "LGBT+ people"),
    ("DEI050000", "Migrants, refugees or people seeking asylum"),
    ("DEI060000", "People aged 60 or over"),
    ("DEI070000", "Children and young people under 26"),
    ("DEI080000", "People who are poor or on low pay"),
    ("DEI090000", "Women and girls"),
    ("DEI700000", "Welsh speakers"),
]
LABELS = dict(POPULATION_GROUPS)


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
            text="Are most of the people who run your group in any of these groups?",
            hint="Choose all that fit.",
            none_of_these="None of these",
        ),
        Question(
            area="mission",
            field="works_with",
            text="Does your group mainly work with any of these groups?",
            hint="Choose all that fit.",
            none_of_these="No, our group is for anyone",
        ),
    ),
}
PUBLISH_TEXT = (
    "You may publish our answers with our grant in the funder's open data. No names are published."
)


def questions(version=CURRENT_VERSION):
    return QUESTIONS[version]


def label(code):
    return LABELS.get(code, code)
