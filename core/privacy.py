"""The personal-data registry every app uses, and the pseudonyms that replace a person in the
audit trail when their account goes.

Each app tells Seedbed about the personal data it holds with
`register_personal_data(name, exporter=..., eraser=..., application_eraser=...)`, called from its
`privacy` module (loaded by its `AppConfig.ready()`); `grants.privacy` runs them for the
subject-access export, the retention rule and removing an account.
"""

import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_noop

from . import outbox
from .audit import actor_label
from .languages import TranslatedText
from .models import AuditEvent

# What every subject-access export says about ballots (the voting app's promise). English to
# compare with; `str(BALLOT_SECRECY)` is in the language of the moment (see `TranslatedText`).
BALLOT_SECRECY = TranslatedText(
    gettext_noop(
        "How you voted is not in this file. Ballots are secret: Seedbed records that you "
        "voted, but keeps what you voted apart from who you are. Once a vote closes nobody, "
        "not even Seedbed, can tell which ballot was yours. Your receipt code lets you check "
        "your ballot was counted."
    )
)


# --------------------------------------------------------------------------------------------
# The registry: other apps' personal data
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PersonalDataSource:
    """Personal data one app holds.

    - `exporter(user) -> JSON-able value`: what the app holds about the person (a section of
      the subject-access export, under `name`).
    - `eraser(user, pseudonym)`: called before an account is deleted or anonymised; replaces
      the person's name in the app's records by the pseudonym, wipes what others do not need.
    - `application_eraser(application) -> int`: called when the retention rule removes an
      application's personal data; wipes the app's free text about it; returns how many
      records it changed.
    - `group_in_use(group) -> bool`: whether the app still needs the group's contact details
      (an award, say), so the retention rule keeps them.
    """

    name: str
    exporter: Callable | None = None
    eraser: Callable | None = None
    application_eraser: Callable | None = None
    group_in_use: Callable | None = None


_SOURCES: dict[str, PersonalDataSource] = {}


def register_personal_data(
    name, *, exporter=None, eraser=None, application_eraser=None, group_in_use=None
):
    """Tell Seedbed about personal data an app holds. Registering a name again replaces it."""
    _SOURCES[name] = PersonalDataSource(name, exporter, eraser, application_eraser, group_in_use)


def registered_sources():
    return list(_SOURCES.values())


# --------------------------------------------------------------------------------------------
# Pseudonyms and the audit trail
# --------------------------------------------------------------------------------------------
def pseudonym_for(user_or_pk):
    """A pseudonym like "Former user #1a2b3c4d": the same for one account every time, not
    reversible without the site's secret key, so entries by one person still read as one."""
    pk = getattr(user_or_pk, "pk", user_or_pk)
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"seedbed-former-user:{pk}".encode(), hashlib.sha256
    ).hexdigest()
    return f"Former user #{digest[:8]}"


def relabel_audit_events(model, labels):
    """Replace the object label of the audit records of some objects: `labels` maps a primary
    key to its new label. Apps use it when an object's label contained a person's name."""
    content_type = ContentType.objects.get_for_model(model)
    for pk, label in labels.items():
        AuditEvent.objects.filter(content_type=content_type, object_id=str(pk)).update(
            object_label=label[:200]
        )


def pseudonymise_audit_trail(user, pseudonym=None):
    """Audit records keep what happened; the person is shown as a pseudonym."""
    pseudonym = pseudonym or pseudonym_for(user)
    changed = AuditEvent.objects.filter(actor=user).update(actor_label=pseudonym)
    changed += AuditEvent.objects.filter(actor__isnull=True, actor_label=actor_label(user)).update(
        actor_label=pseudonym
    )
    relabel_audit_events(get_user_model(), {user.pk: pseudonym})
    return changed


# Core's own personal data: the emails on their way (core.outbox).
register_personal_data("emails", exporter=outbox.export_for, eraser=outbox.erase_for)
