"""The language an application is written in.

It is the page's language when the application is started (`Application.language`'s default);
the group (or whoever may change the application now: `applications.edit_refusal`) may change it.
An application in another language than English may have an English version of each answer,
added by the funder's officers (`recordings.save_written_version`): the panel reads both.
"""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import override

from core.audit import record_event
from core.refusals import Refused

from ..languages import ANSWER_LANGUAGE_CODES, answer_language_name
from ..models import Application
from .applications import edit_refusal

AUDIT_EVENT = "language_changed"


class LanguageRefused(Refused):
    """The language cannot be changed now; `.message` says why."""


def _english_name(code):
    """The language's name in English, for the audit trail (kept in English)."""
    with override("en"):
        return answer_language_name(code)


def application_language_set(app, language, *, by):
    """Record that `app` is written in `language` (a code of ANSWER_LANGUAGES). Refused when
    the person may not change the application now. Returns the application."""
    if language not in ANSWER_LANGUAGE_CODES:
        raise LanguageRefused(_("Choose one of the languages"))
    refusal = edit_refusal(app, by)
    if refusal:
        raise LanguageRefused(refusal)
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=app.pk)
        if locked.language == language:
            return locked
        locked.language = language
        locked.save(update_fields=["language", "updated_at"])
        record_event(locked, AUDIT_EVENT, f"Written in {_english_name(language)}", by=by)
    app.language = language
    return locked
