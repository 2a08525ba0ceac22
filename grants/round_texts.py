"""Every piece of a round's own words that people read, in order, with what a translation of
it needs: where its translation is kept, how it is named, how long it may be.

Used by the officer's page for a round's translations (`services.round_languages`) and by the
opening check: a round cannot open while a language it has started is half done (a language
is "started" when at least one of its words is translated). How a translation is chosen for a
reader is `grants.languages.in_language`.

This module reads the round through its relations only (no model imports), so the models can
use it.
"""

import hashlib
from dataclasses import dataclass

from django.utils.translation import gettext_lazy, ngettext

from .languages import language_name, round_languages

# Limits: the same as the English words' own (the pages are laid out for them).
ROUND_FIELDS = [
    ("title", 120, False),
    ("summary", 2000, True),
    ("who_can_apply", 2000, True),
    ("what_happens_next", 2000, True),
]
ELIGIBILITY_PARTS = [("question", 200, False), ("if_not", 600, True)]
QUESTION_FIELDS = [("text", 300, False), ("help_text", 500, False)]
CRITERION_FIELDS = [("title", 120, False), ("guidance", 1000, True)]
DESCRIPTOR_LENGTH = 300
# The opening check lists this many missing translations per language, then says how many more.
PROBLEMS_LISTED = 10

# What each kind of words is called on the page, and the sentence saying it is not translated.
KINDS = {
    "title": (
        gettext_lazy("The round's title"),
        gettext_lazy("%(language)s: the round's title has no translation."),
    ),
    "summary": (
        gettext_lazy("What the money is for"),
        gettext_lazy("%(language)s: “What the money is for” has no translation."),
    ),
    "who_can_apply": (
        gettext_lazy("Who can apply"),
        gettext_lazy("%(language)s: “Who can apply” has no translation."),
    ),
    "what_happens_next": (
        gettext_lazy("What happens after you apply"),
        gettext_lazy("%(language)s: “What happens after you apply” has no translation."),
    ),
    "eligibility.question": (
        gettext_lazy("Eligibility question %(number)s"),
        gettext_lazy("%(language)s: eligibility question %(number)s has no translation."),
    ),
    "eligibility.if_not": (
        gettext_lazy("What people who cannot apply are told (eligibility question %(number)s)"),
        gettext_lazy(
            "%(language)s: what people who cannot apply are told (eligibility question "
            "%(number)s) has no translation."
        ),
    ),
    "question.text": (
        gettext_lazy("Question %(number)s"),
        gettext_lazy("%(language)s: question %(number)s has no translation."),
    ),
    "question.help_text": (
        gettext_lazy("Hint for question %(number)s"),
        gettext_lazy("%(language)s: the hint for question %(number)s has no translation."),
    ),
    "criterion.title": (
        gettext_lazy("Scoring criterion %(number)s"),
        gettext_lazy("%(language)s: scoring criterion %(number)s has no translation."),
    ),
    "criterion.guidance": (
        gettext_lazy("Guidance for scoring criterion %(number)s"),
        gettext_lazy(
            "%(language)s: the guidance for scoring criterion %(number)s has no translation."
        ),
    ),
    "criterion.descriptor": (
        gettext_lazy("What a score of %(point)s means (scoring criterion %(number)s)"),
        gettext_lazy(
            "%(language)s: what a score of %(point)s means for scoring criterion %(number)s "
            "has no translation."
        ),
    ),
}


@dataclass(frozen=True)
class RoundText:
    """One piece of a round's words."""

    key: str  # its name on the officer's page, unique in the round: "q12-text"
    owner: object  # the round, question or criterion whose `translations` keeps it
    place: str  # where in the owner's translations: "text", "descriptors.2", ...
    english: str  # the English as saved: what a translation of it is "from"
    shows_as: str  # the English as people read it (the eligibility check names the area)
    kind: str  # a key of KINDS
    number: int = 0  # the question's or criterion's number people see
    point: int = 0  # a descriptor's score
    max_length: int = 300
    long: bool = False  # a box of several lines

    @property
    def label(self):
        return KINDS[self.kind][0] % {"number": self.number, "point": self.point}

    def missing(self, language):
        return KINDS[self.kind][1] % {
            "language": language_name(language),
            "number": self.number,
            "point": self.point,
        }

    @property
    def fingerprint(self):
        """A short digest of the English, so a page can tell it changed while it was open."""
        return hashlib.sha256(self.english.encode()).hexdigest()[:16]

    def translation(self, language):
        """The translation of the English as it is now, or ""."""
        for entry in _entries(self.owner, language).values():
            if isinstance(entry, dict) and entry.get("from") == self.english and entry.get("to"):
                return str(entry["to"])
        return ""

    def earlier_translation(self, language):
        """The translation kept for this place when the English has changed since ("")."""
        entry = _entries(self.owner, language).get(self.place)
        if isinstance(entry, dict) and entry.get("from") != self.english and entry.get("to"):
            return str(entry["to"])
        return ""


def _entries(owner, language):
    kept = owner.translations if isinstance(owner.translations, dict) else {}
    entries = kept.get(language)
    return entries if isinstance(entries, dict) else {}


def _round_part(rnd):
    for field, limit, long in ROUND_FIELDS:
        english = getattr(rnd, field) or ""
        if english.strip():
            yield RoundText(
                f"round-{field}", rnd, field, english, english, field, max_length=limit, long=long
            )


def with_area(rnd, english):
    """A round's English eligibility question with its area named ("Does your group help
    people in Northfield?") instead of "the round's area" (the default questions' words).
    The round's English is its own words: translations name the area themselves."""
    return english.replace("the round's area", rnd.area or "the area this money is for")


def _eligibility_part(rnd):
    items = [
        item
        for item in (rnd.eligibility_questions or [])
        if isinstance(item, dict) and item.get("question")
    ]
    for number, item in enumerate(items, start=1):
        for part, limit, long in ELIGIBILITY_PARTS:
            english = str(item.get(part) or "")
            if not english.strip():
                continue
            place = f"eligibility.{number}.{part}"
            shows_as = with_area(rnd, english)
            yield RoundText(
                f"round-eligibility-{number}-{part}", rnd, place, english, shows_as,
                f"eligibility.{part}", number,
                max_length=limit, long=long,
            )  # fmt: skip


def _field_texts(obj, number, fields, prefix, kind):
    """The words in a question's or a criterion's fields that are not empty."""
    for field, limit, long in fields:
        english = getattr(obj, field) or ""
        if english.strip():
            yield RoundText(
                f"{prefix}{obj.pk}-{field}", obj, field, english, english,
                f"{kind}.{field}", number, max_length=limit, long=long,
            )  # fmt: skip


def _questions_part(rnd):
    for number, question in enumerate(rnd.questions.all(), start=1):
        yield from _field_texts(question, number, QUESTION_FIELDS, "q", "question")


def _criteria_part(rnd):
    for number, criterion in enumerate(rnd.criteria.all(), start=1):
        yield from _field_texts(criterion, number, CRITERION_FIELDS, "c", "criterion")
        for point, words in enumerate(criterion.descriptors or [], start=1):
            english = str(words or "")
            if english.strip():
                place = f"descriptors.{point}"
                yield RoundText(
                    f"c{criterion.pk}-descriptor-{point}", criterion, place, english, english,
                    "criterion.descriptor", number, point, max_length=DESCRIPTOR_LENGTH,
                )  # fmt: skip


def round_texts(rnd):
    """Every piece of the round's words people read, in the order they meet them."""
    return [
        *_round_part(rnd),
        *_eligibility_part(rnd),
        *_questions_part(rnd),
        *_criteria_part(rnd),
    ]


def started_languages(rnd, texts=None):
    """The languages with at least one of the round's words translated."""
    texts = round_texts(rnd) if texts is None else texts
    return [code for code in round_languages() if any(t.translation(code) for t in texts)]


def missing(texts, language):
    """The words with no translation into `language` (of the English as it is now)."""
    return [text for text in texts if not text.translation(language)]


def missing_in_words(texts, language, limit=PROBLEMS_LISTED):
    """One sentence per missing translation ("Welsh: question 3 has no translation."), at most
    `limit` of them, then one saying how many more."""
    gaps = missing(texts, language)
    said = [text.missing(language) for text in gaps[:limit]]
    more = len(gaps) - len(said)
    if more:
        said.append(
            ngettext(
                "%(language)s: %(count)s more text has no translation. See the %(language)s "
                "version of this round.",
                "%(language)s: %(count)s more texts have no translation. See the %(language)s "
                "version of this round.",
                more,
            )
            % {"language": language_name(language), "count": more}
        )
    return said


def translation_problems(rnd):
    """What stops the round opening because a language it has started is half done."""
    texts = round_texts(rnd)
    problems = []
    for language in started_languages(rnd, texts):
        problems += missing_in_words(texts, language)
    return problems


def progress_in_words(texts, language):
    """ "12 of 20 texts translated"."""
    done = len(texts) - len(missing(texts, language))
    return ngettext(
        "%(done)s of %(count)s text translated",
        "%(done)s of %(count)s texts translated",
        len(texts),
    ) % {"done": done, "count": len(texts)}
