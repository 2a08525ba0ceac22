"""A round in several languages: officers add translations of the round's own words, one
language at a time, on one page listing every piece of English (`grants.round_texts`).

The rules:
- the funder's officers (`manage_round`) save them, at any stage;
- a translation may be as long as the English it translates may be, in plain words (no hidden
  control characters, no HTML);
- while the round is a draft a language may be half done; from the moment it opens, a language
  is either complete or not started (the round could not have opened half done either:
  `Round.opening_problems`), so people never read a round half in one language;
- if the English of some words changed while the officer was translating, their translation is
  not saved: they are asked to check it against the new English;
- each save that changes something leaves an audit record on the round (which language, how
  many texts were added, changed or removed; not the words).

Nothing is saved unless everything is: the page shows the problems beside the boxes and keeps
everything typed.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import get_language_info, ngettext
from django.utils.translation import gettext as _

from core.audit import record_event
from core.forms import plain_text, strip_dangerous
from core.permissions import can
from core.refusals import Refused

from ..languages import language_name, round_languages
from ..models import Criterion, Question, Round, RoundState
from ..round_texts import PROBLEMS_LISTED, round_texts

AUDIT_EVENT = "translation_saved"


class TranslationRefused(Refused):
    """The translations were not saved. `.problems` holds (key, message) pairs: key is the
    name of the box (None for the page as a whole)."""


@dataclass
class Saved:
    added: int = 0
    changed: int = 0
    removed: int = 0

    @property
    def anything(self):
        return bool(self.added or self.changed or self.removed)


def may_translate(user, rnd):
    return can(user, "manage_round", rnd)


def clean(words):
    """Typed words as kept: one kind of new line, no hidden characters that reorder text,
    trimmed. The joiners some scripts and emoji need (U+200C, U+200D) stay."""
    return strip_dangerous(words or "").strip()


def _problems_with(texts, typed, seen):
    found = []
    for text in texts:
        words = typed.get(text.key, "")
        if not words:
            continue
        if seen.get(text.key) not in (None, text.fingerprint):
            found.append(
                (
                    text.key,
                    _(
                        "Someone changed the English of this text while you were translating "
                        "it. Check your translation against the new English, then save again."
                    ),
                )
            )
        elif len(words) > text.max_length:
            found.append(
                (
                    text.key,
                    _("Use %(limit)s characters or fewer (it has %(count)s).")
                    % {"limit": f"{text.max_length:,}", "count": f"{len(words):,}"},
                )
            )
        else:
            try:
                plain_text(words)
            except ValidationError as refused:
                found.append((text.key, " ".join(refused.messages)))
    return found


def _new_entries(texts, typed, language, saved):
    """{owner: {place: {"from", "to"}}}: the language's translations as the page has them."""
    entries = {}
    for text in texts:
        words = typed.get(text.key, "")
        before = text.translation(language)
        entries.setdefault(text.owner, {})
        if words:
            entries[text.owner][text.place] = {"from": text.english, "to": words}
        if words and not before:
            saved.added += 1
        elif words and words != before:
            saved.changed += 1
        elif before and not words:
            saved.removed += 1
    return entries


def _locked(rnd):
    """The round with its questions and criteria, all locked for the save (their words as now:
    `round_texts` reads these very objects, so every change lands on a locked row)."""
    return (
        Round.objects.select_for_update()
        .prefetch_related(
            Prefetch("questions", queryset=Question.objects.select_for_update()),
            Prefetch("criteria", queryset=Criterion.objects.select_for_update()),
        )
        .get(pk=rnd.pk)
    )


def _keep(owner, language, entries):
    kept = dict(owner.translations) if isinstance(owner.translations, dict) else {}
    if entries:
        kept[language] = entries
    else:
        kept.pop(language, None)
    if kept != owner.translations:
        owner.translations = kept
        fields = ["translations", "updated_at"] if isinstance(owner, Round) else ["translations"]
        owner.save(update_fields=fields)


def round_translations_save(rnd, language, typed, *, by, seen=None):
    """Save the translations of the round's words into `language`: `typed` maps each box's
    key (`RoundText.key`) to the words typed in it ("" or missing: no translation), `seen` the
    fingerprint of the English each box was shown beside. Returns a `Saved` count; raises
    `TranslationRefused` (and saves nothing) when a rule is broken."""

    if not may_translate(by, rnd):
        raise TranslationRefused(_("You are not allowed to change this round."))
    if language not in round_languages():
        raise TranslationRefused(_("Seedbed does not have that language."))
    typed = {key: clean(words) for key, words in (typed or {}).items()}
    saved = Saved()
    with transaction.atomic():
        locked = _locked(rnd)
        texts = round_texts(locked)
        found = _problems_with(texts, typed, seen or {})
        if found:
            raise TranslationRefused(_("The translations were not saved."), found)
        entries = _new_entries(texts, typed, language, saved)
        if locked.state != RoundState.DRAFT and any(typed.get(t.key) for t in texts):
            gaps = [t for t in texts if not typed.get(t.key)]
            if gaps:
                raise TranslationRefused(
                    _(
                        "This round is open, so people can read it now: save %(language)s "
                        "when every text is translated."
                    )
                    % {"language": language_name(language)},
                    [(None, words) for words in _missing_now(gaps, language)],
                )
        if not saved.anything:
            return saved
        for owner, kept in entries.items():
            _keep(owner, language, kept)
        record_event(locked, AUDIT_EVENT, _audit_words(language, saved), by=by)
    return saved


def _missing_now(gaps, language):
    """The sentences for boxes left empty ("Welsh: question 3 has no translation."), at most
    PROBLEMS_LISTED of them, then how many more."""
    said = [text.missing(language) for text in gaps[:PROBLEMS_LISTED]]
    more = len(gaps) - len(said)
    if more:
        said.append(
            ngettext(
                "%(language)s: %(count)s more text has no translation.",
                "%(language)s: %(count)s more texts have no translation.",
                more,
            )
            % {"language": language_name(language), "count": more}
        )
    return said


def _audit_words(language, saved):
    # The audit trail is kept in English, like every other record in it.
    name = get_language_info(language)["name"]
    return (
        f"{name} translation: {saved.added} added, {saved.changed} changed, {saved.removed} removed"
    )
