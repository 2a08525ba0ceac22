"""Written versions of recorded answers: the words of an audio or video answer, typed by the
funder's officers, so panel members who are deaf or hard of hearing (or who cannot play sound
where they are) can read what a group said (WCAG 2.2 1.2.1, a text alternative for recorded
audio and video).

The panel sees the words under "Written version (typed by the funder's staff)", never who typed
them. Each save is recorded in the application's audit trail (who, when, which question; not
the words). Replacing or removing the recording empties its written version
(`applications.save_answer`).

An application written in another language than English (`Application.language`) may have a
written version of any answer, typed or recorded: the answer in English, for a panel reading in
English (`may_have_english_version`). The panel sees it beside the group's own words, labelled
with who added it and when. Changing the typed words empties it too.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import record_transition
from core.permissions import can
from core.refusals import Refused

from ..models import Answer, Application
from .applications import clean_text

MAX_WRITTEN_VERSION_CHARACTERS = 5_000

# The name of the audit record (not a change of state: from and to are the same).
AUDIT_NAME = "written_version"


class WrittenVersionRefused(Refused):
    """The written version cannot be saved; `.message` says why, in plain words."""


def may_have_english_version(answer):
    """An answer in another language than English: its written version is the English."""
    return not answer.application.written_in_english


def written_version_may_write(user, answer):
    """Officers of the round's funder (and admins) type written versions."""
    return can(user, "manage_round", answer.application.round)


def written_version_save(answer, text, *, by):
    """Store what the recording says, with who typed it and when. Refuses answers without a
    recording, empty text, text over the limit and people who are not the funder's officers.
    Saving the same words again changes nothing. Returns the answer."""
    text = clean_text(text)
    with transaction.atomic():
        locked = Answer.objects.select_for_update().get(pk=answer.pk)
        english = may_have_english_version(locked)
        if not locked.recording and not english:
            raise WrittenVersionRefused(
                _(
                    "This answer has no recording, so there is nothing to write down. "
                    "The group's typed answer is already on the page."
                )
            )
        if by is None or not written_version_may_write(by, locked):
            raise WrittenVersionRefused(
                _("Only the funder's officers can type the written version of a recording.")
            )
        if not text:
            raise WrittenVersionRefused(
                _("Write the answer in English")
                if english
                else _("Type what they say in the recording")
            )
        if len(text) > MAX_WRITTEN_VERSION_CHARACTERS:
            raise WrittenVersionRefused(
                _("The written version must be %(limit)s characters or fewer (it has %(count)s)")
                % {"limit": f"{MAX_WRITTEN_VERSION_CHARACTERS:,}", "count": f"{len(text):,}"}
            )
        if text == locked.written_version:
            return locked
        changed = bool(locked.written_version)
        locked.written_version = text
        locked.written_version_by = by
        locked.written_version_at = timezone.now()
        locked.save(update_fields=["written_version", "written_version_by", "written_version_at"])
        _record(locked, by, changed=changed, english=english)
    answer.written_version = locked.written_version
    answer.written_version_by = locked.written_version_by
    answer.written_version_at = locked.written_version_at
    return locked


def _record(answer, by, *, changed, english=False):
    """Typing a written version is not a change of state, but it is recorded like one: who,
    when and which question. The words themselves stay out of the audit trail (they are
    personal data, removed with the answers; the audit record is kept)."""

    app = answer.application
    words = "Changed the written version" if changed else "Typed a written version"
    if english:
        words = "Changed the English version" if changed else "Added an English version"
    record_transition(
        sender=Application,
        instance=app,
        name=AUDIT_NAME,
        source=app.state,
        target=app.state,
        method_kwargs={"by": by, "reason": f"{words} of the answer to: {answer.question.text}"},
    )
