"""Personal data: what Seedbed holds about a person, and removing it when it is not needed.

Three services (the inventory in words is `docs/personal-data.md`):

- `export_personal_data(user)`: everything Seedbed holds about one person, as a dict ready for
  JSON (a subject-access request). Used by `manage.py export_my_data` and the "Download your
  data" page.
- `remove_old_personal_data(days=None)`: the retention rule. Applications that did not succeed
  (ineligible, not funded) or were withdrawn lose their personal data `SEEDBED_RETENTION_DAYS`
  after they ended: the answers' words, recordings (files deleted) and the written versions
  of recordings, budget line descriptions, and — when the group has no other live application
  and no award — the group's contact details. The figures stay (amount asked, kind of group,
  area, postcode district, theme, state, dates), so dashboards still count them. Each removal
  leaves an audit record without the personal data. Run daily:
  `manage.py remove_old_personal_data` or the `remove_old_personal_data_task` task.
- `delete_user(user, by=None)`: remove a person's account. Audit records stay, with the actor
  shown as a pseudonym ("Former user #1a2b3c4d"). When records other people need still point
  at the account (a panel membership, a right to vote, the admin site's history), the account
  is anonymised in place instead of deleted: no email, no name, no phone, no way to sign in.

`grants` imports none of the other apps. Each app tells this module about the personal data it
holds with `register_personal_data(name, exporter=..., eraser=..., application_eraser=...)`,
called from its `AppConfig.ready()` (see `panels/privacy.py`, `voting/privacy.py`,
`reports/privacy.py`).
"""

import hashlib
import hmac
import json
import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import router, transaction
from django.db.models import CharField, Exists, F, OuterRef, Q, Subquery
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.db.models.functions import Cast, Coalesce
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.utils import timezone

from awards.models import Award
from core.audit import actor_label
from core.models import AuditEvent

from .models import (
    Answer,
    Application,
    ApplicationState,
    BudgetLine,
    Group,
    GroupMember,
    Role,
    User,
)

log = logging.getLogger(__name__)

DEFAULT_RETENTION_DAYS = 365

# Applications whose personal data is removed after the retention period.
ENDED_STATES = [
    ApplicationState.INELIGIBLE,
    ApplicationState.NOT_AWARDED,
    ApplicationState.WITHDRAWN,
]
# Applications still under way or funded: their group's contact details are still needed.
LIVE_STATES = [s for s in ApplicationState.values if s not in ENDED_STATES]

# The names of the audit records this module writes (they are not state changes, so
# from_state and to_state are the same).
REMOVED_FROM_APPLICATION = "personal_data_removed"
REMOVED_FROM_GROUP = "group_contact_details_removed"
ACCOUNT_DELETED = "account_deleted"
ACCOUNT_ANONYMISED = "account_anonymised"
DATA_EXPORTED = "personal_data_downloaded"

# What is wiped from a group that has nothing live left. Kept: its name, kind, charity or
# company number, income band, area (neighbourhood) and postcode district, host organisation.
GROUP_PERSONAL_FIELDS = [
    "contact_name",
    "contact_email",
    "contact_phone",
    "second_contact_name",
    "second_contact_email",
    "second_contact_phone",
    "bank_account_name",
    "host_contact_name",
    "host_contact_email",
    "what_you_do",
]

BALLOT_SECRECY = (
    "How you voted is not in this file. Ballots are secret: Seedbed records that you voted, "
    "but keeps what you voted apart from who you are. Once a vote closes nobody, not even "
    "Seedbed, can tell which ballot was yours. Your receipt code lets you check your ballot "
    "was counted."
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
    """

    name: str
    exporter: Callable | None = None
    eraser: Callable | None = None
    application_eraser: Callable | None = None


_SOURCES: dict[str, PersonalDataSource] = {}


def register_personal_data(name, *, exporter=None, eraser=None, application_eraser=None):
    """Tell Seedbed about personal data an app holds. Registering a name again replaces it."""
    _SOURCES[name] = PersonalDataSource(name, exporter, eraser, application_eraser)


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
    relabel_audit_events(User, {user.pk: pseudonym})
    return changed


def _record(obj, transition, reason, *, by=None, label=None, state=""):
    return AuditEvent.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        object_label=(label if label is not None else str(obj))[:200],
        transition=transition,
        from_state=state,
        to_state=state,
        actor=by,
        actor_label=actor_label(by),
        reason=reason,
    )


# --------------------------------------------------------------------------------------------
# Retention: unsuccessful and withdrawn applications
# --------------------------------------------------------------------------------------------
def retention_days():
    return int(getattr(settings, "SEEDBED_RETENTION_DAYS", DEFAULT_RETENTION_DAYS))


def postcode_district(postcode):
    """The postcode district ("RV1 2AB" → "RV1"): the outward code, shared by thousands of addresses."""
    key = "".join((postcode or "").split()).upper()
    return key[:-3] if len(key) >= 5 else key


def applications_due_for_removal(*, days=None, now=None):
    """Unsuccessful and withdrawn applications that ended more than `days` ago and still hold
    personal data. An application ended when it reached its state (its audit record); without
    one, when it last changed."""
    days = retention_days() if days is None else days
    now = now or timezone.now()
    content_type = ContentType.objects.get_for_model(Application)
    events = AuditEvent.objects.filter(
        content_type=content_type, object_id=Cast(OuterRef("pk"), CharField())
    )
    ended = (
        events.filter(to_state=OuterRef("state"))
        .exclude(from_state=F("to_state"))
        .order_by("-at")
        .values("at")[:1]
    )
    removed = events.filter(transition=REMOVED_FROM_APPLICATION)
    return (
        Application.objects.filter(state__in=ENDED_STATES)
        .annotate(ended_at=Coalesce(Subquery(ended), F("updated_at")))
        .filter(ended_at__lt=now - timedelta(days=days))
        .exclude(Exists(removed))
        .order_by("pk")
    )


@dataclass
class RemovalSummary:
    applications: int = 0
    answers: int = 0
    recordings: int = 0
    written_versions: int = 0
    budget_lines: int = 0
    groups: int = 0
    other_records: int = 0
    references: list = field(default_factory=list)

    def as_dict(self):
        return asdict(self)

    def __str__(self):
        return (
            f"Removed personal data from {self.applications} application(s): "
            f"{self.answers} answer(s), {self.recordings} recording(s), "
            f"{self.written_versions} written version(s) of recordings, "
            f"{self.budget_lines} budget line(s), {self.other_records} other record(s); "
            f"contact details of {self.groups} group(s)."
        )


def group_has_live_business(group, *, excluding=None):
    """Whether a group still needs its contact details: an application under way or funded,
    or any award (awards are finance records, kept by their own rule)."""
    apps = Application.objects.filter(group=group, state__in=LIVE_STATES)
    if excluding is not None:
        apps = apps.exclude(pk=excluding.pk)
    return apps.exists() or Award.objects.filter(group=group).exists()


def remove_group_personal_data(group, *, reason=""):
    """Wipe a group's contact details; keep what dashboards count. Returns True if changed."""
    values = {name: "" for name in GROUP_PERSONAL_FIELDS}
    values["postcode"] = postcode_district(group.postcode)
    if all(getattr(group, name) == value for name, value in values.items()):
        return False
    Group.objects.filter(pk=group.pk).update(**values)
    _record(
        group,
        REMOVED_FROM_GROUP,
        reason
        or "The group's contact details were removed: it has no live application or "
        "award. Kept: its name, kind, area and postcode district.",
    )
    return True


def remove_application_personal_data(application, *, days=None, summary=None):
    """Remove one ended application's personal data. Returns the summary (added to)."""
    summary = summary or RemovalSummary()
    days = retention_days() if days is None else days
    files = []
    with transaction.atomic():
        app = Application.objects.select_for_update().select_related("group").get(pk=application.pk)
        if app.state not in ENDED_STATES:
            return summary
        answers = Answer.objects.filter(application=app)
        files = [name for name in answers.exclude(recording="").values_list("recording", flat=True)]
        words = answers.exclude(text="").count()
        written = answers.exclude(written_version="").count()
        answers.update(
            text="",
            recording="",
            recording_type="",
            written_version="",
            written_version_by=None,
            written_version_at=None,
        )
        lines = BudgetLine.objects.filter(application=app).exclude(item="").update(item="")
        # Who made it: a link to a person. Kept: whether a supporter helped (a figure).
        Application.objects.filter(pk=app.pk).update(created_by=None)
        others = 0
        for source in registered_sources():
            if source.application_eraser:
                others += source.application_eraser(app) or 0
        group_wiped = False
        if not group_has_live_business(app.group, excluding=app):
            group_wiped = remove_group_personal_data(app.group)
        _record(
            app,
            REMOVED_FROM_APPLICATION,
            f"Personal data removed {days} days after the application ended "
            f"({app.get_state_display().lower()}): {words} written answer(s), "
            f"{len(files)} recording(s), {written} written version(s) of recordings, "
            f"{lines} budget line description(s)"
            + (", the group's contact details" if group_wiped else "")
            + ". Kept: amount asked, theme, state, dates, kind of group and area.",
            state=app.state,
        )
    for name in files:
        try:
            Answer._meta.get_field("recording").storage.delete(name)
        except OSError:  # pragma: no cover  (a file already gone is fine)
            log.warning("Could not delete the recording %s", name)
    summary.applications += 1
    summary.answers += words
    summary.recordings += len(files)
    summary.written_versions += written
    summary.budget_lines += lines
    summary.groups += int(group_wiped)
    summary.other_records += others
    summary.references.append(app.reference)
    return summary


def remove_old_personal_data(*, days=None, now=None, dry_run=False):
    """The retention rule, for every application that is due. Safe to run again: an
    application already done is not done twice."""
    days = retention_days() if days is None else days
    summary = RemovalSummary()
    due = list(applications_due_for_removal(days=days, now=now))
    if dry_run:
        summary.applications = len(due)
        summary.references = [app.reference for app in due]
        return summary
    for app in due:
        remove_application_personal_data(app, days=days, summary=summary)
    return summary


# --------------------------------------------------------------------------------------------
# Subject-access export
# --------------------------------------------------------------------------------------------
def _when(value):
    return value.isoformat() if value else None


def _group_details(group):
    return {
        "name": group.name,
        "kind": group.get_kind_display(),
        "charity_number": group.charity_number,
        "company_number": group.company_number,
        "area": group.area,
        "postcode": group.postcode,
        "income_band": group.get_income_band_display(),
        "what_the_group_does": group.what_you_do,
        "first_contact": {
            "name": group.contact_name,
            "email": group.contact_email,
            "phone": group.contact_phone,
        },
        "second_contact": {
            "name": group.second_contact_name,
            "email": group.second_contact_email,
            "phone": group.second_contact_phone,
        },
        "how_the_money_reaches_you": group.get_payment_route_display(),
        "name_on_the_bank_account": group.bank_account_name,
        "host_organisation": {
            "name": group.host_name,
            "contact_name": group.host_contact_name,
            "contact_email": group.host_contact_email,
            "charity_or_company_number": group.host_org_id,
        },
    }


def _application_details(app, user):
    return {
        "reference": app.reference,
        "round": app.round.title,
        "funder": app.round.funder.name,
        "group": app.group.name,
        "project_name": app.title,
        "amount_asked_for": app.amount_requested,
        "theme": app.theme,
        "where_it_stands": app.get_state_display(),
        "how_it_was_made": app.get_channel_display(),
        "you_started_it": app.created_by_id == user.pk,
        "you_helped_the_group_with_it": app.assisted_by_id == user.pk,
        "message_to_the_group": app.outcome_message,
        "started": _when(app.created_at),
        "sent": _when(app.submitted_at),
        "answers": [
            {
                "question": answer.question.text,
                "answer": answer.text,
                "recording": answer.recording.name.rsplit("/", 1)[-1] if answer.recording else "",
                "written_version_of_the_recording": answer.written_version,
            }
            for answer in app.answers.all()
        ],
        "budget": [
            {"what_for": line.item, "how_much": line.amount} for line in app.budget_lines.all()
        ],
    }


def _award_details(award, user):
    return {
        "reference": award.application.reference,
        "group": award.group.name,
        "round": award.round.title,
        "amount": award.amount,
        "where_it_stands": award.get_state_display(),
        "offered": _when(award.offered_at),
        "accepted": _when(award.accepted_at),
        "you_accepted_it": award.accepted_by_id == user.pk,
        "name_given_when_accepting": award.accepted_name if award.accepted_by_id == user.pk else "",
        "money_goes_to": award.payee_name,
        "payments": [
            {
                "amount": payment.amount,
                "state": payment.get_state_display(),
                "due_on": _when(payment.due_on),
                "paid_on": _when(payment.paid_on),
            }
            for payment in award.payments.all()
        ],
    }


def export_personal_data(user):
    """Everything Seedbed holds about `user`, as a dict of plain values (JSON-ready)."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    group_ids = set(GroupMember.objects.filter(user=user).values_list("group_id", flat=True))
    supported_ids = set(Group.objects.filter(supporters=user).values_list("pk", flat=True))
    applications = (
        Application.objects.filter(
            Q(group_id__in=group_ids) | Q(created_by=user) | Q(assisted_by=user)
        )
        .select_related("round__funder", "group")
        .prefetch_related("answers__question", "budget_lines")
        .order_by("created_at", "pk")
    )
    awards = (
        Award.objects.filter(Q(group_id__in=group_ids) | Q(accepted_by=user))
        .select_related("application", "group", "round")
        .prefetch_related("payments")
        .order_by("offered_at", "pk")
    )
    memberships = {
        m.group_id: m.joined_at for m in GroupMember.objects.filter(user=user).only("group_id")
    }
    data = {
        "about_this_file": (
            f"Everything {settings.SEEDBED.get('SITE_NAME', 'Seedbed')} holds about you, made on "
            f"{timezone.now():%d %B %Y}. Dates are in ISO 8601 form. If something is wrong, "
            "ask the funder who runs your round to correct it."
        ),
        "how_you_voted": BALLOT_SECRECY,
        "made_at": _when(timezone.now()),
        "account": {
            "email": user.email,
            "name": user.name,
            "phone": user.phone,
            "joined": _when(user.date_joined),
            "last_signed_in": _when(user.last_login),
            "active": user.is_active,
            "can_use_the_admin_site": user.is_staff,
            "email_addresses": [
                {"email": e.email, "verified": e.verified, "primary": e.primary}
                for e in EmailAddress.objects.filter(user=user).order_by("pk")
            ],
            "second_factors": [
                {
                    "kind": a.get_type_display(),
                    "set_up": _when(a.created_at),
                    "last_used": _when(a.last_used_at),
                    "note": "The secret itself is not included.",
                }
                for a in Authenticator.objects.filter(user=user).order_by("pk")
            ],
        },
        "roles": [
            {
                "role": role.get_kind_display(),
                "funder": role.funder.name if role.funder else None,
                "round": role.round.title if role.round else None,
                "since": _when(role.granted_at),
            }
            for role in Role.objects.filter(user=user).select_related("funder", "round")
        ],
        "groups_you_belong_to": [
            {**_group_details(g), "you_joined": _when(memberships.get(g.pk))}
            for g in Group.objects.filter(pk__in=group_ids).order_by("name", "pk")
        ],
        "groups_you_support": [
            _group_details(g) for g in Group.objects.filter(pk__in=supported_ids).order_by("name")
        ],
        "applications": [_application_details(app, user) for app in applications],
        "grants": [_award_details(award, user) for award in awards],
        "things_you_did": [
            {
                "when": _when(event.at),
                "what": event.object_label,
                "step": event.transition,
                "from": event.from_state,
                "to": event.to_state,
                "reason": event.reason,
            }
            for event in AuditEvent.objects.filter(actor=user).order_by("at", "pk")
        ],
    }
    for source in registered_sources():
        if source.exporter:
            data[source.name] = source.exporter(user)
    return data


def export_personal_data_json(user, *, indent=2):
    return json.dumps(
        export_personal_data(user), cls=DjangoJSONEncoder, indent=indent, ensure_ascii=False
    )


def record_export(user, *, by=None, reason=""):
    """Leave an audit record that a person's data was exported (not the data itself)."""
    if not reason:
        reason = (
            "The person downloaded their own data."
            if by is not None and by.pk == user.pk
            else "The person's data was exported."
        )
    return _record(user, DATA_EXPORTED, reason, by=by, label=f"Account #{user.pk}")


# --------------------------------------------------------------------------------------------
# Deleting a person
# --------------------------------------------------------------------------------------------
def records_needing_the_account(user):
    """What stops the account being deleted outright: records other people need that point
    at it and would be refused (PROTECT) or destroyed (the admin site's history)."""
    from django.contrib.admin.models import LogEntry

    blockers = []
    collector = Collector(using=router.db_for_write(User))
    try:
        collector.collect([user])
    except (ProtectedError, RestrictedError) as exc:
        blockers.extend(getattr(exc, "protected_objects", None) or exc.restricted_objects)
    if LogEntry.objects.filter(user=user).exists():
        blockers.append("the admin site's history")
    return blockers


def _erase_everywhere(user, pseudonym):
    for source in registered_sources():
        if source.eraser:
            source.eraser(user, pseudonym)
    pseudonymise_audit_trail(user, pseudonym)


@receiver(pre_delete, sender=User, dispatch_uid="seedbed_pseudonymise_on_user_delete")
def _before_a_user_is_deleted(sender, instance, **kwargs):
    """However an account is deleted (the admin site, a script), the audit trail keeps a
    pseudonym instead of the person's name and email."""
    _erase_everywhere(instance, pseudonym_for(instance))


def anonymise_account(user, pseudonym=None):
    """Keep the account row (others' records point at it) but nothing that identifies the
    person; it can never sign in again."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    pseudonym = pseudonym or pseudonym_for(user)
    code = pseudonym.rsplit("#", 1)[-1]
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    Role.objects.filter(user=user).delete()
    GroupMember.objects.filter(user=user).delete()
    user.supported_groups.clear()
    user.groups.clear()
    user.user_permissions.clear()
    user.email = f"former-user-{code}-{user.pk}@removed.invalid"
    user.name = ""
    user.phone = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()  # also ends every session the person had
    user.save()


def delete_user(user, *, by=None):
    """Remove a person's account, keeping the audit trail (pseudonymised) and every record
    other people need. Returns "deleted", or "anonymised" when records others need still point
    at the account."""
    pseudonym = pseudonym_for(user)
    by = None if by is None or by.pk == user.pk else by
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        _erase_everywhere(user, pseudonym)
        blockers = records_needing_the_account(user)
        outcome = "anonymised" if blockers else "deleted"
        event = _record(
            user,
            ACCOUNT_ANONYMISED if blockers else ACCOUNT_DELETED,
            (
                "The account was anonymised, not deleted, because records other people need "
                "point at it (panel, vote or admin history)."
                if blockers
                else "The account was deleted. Its audit records are kept under a pseudonym."
            ),
            by=by,
            label=pseudonym,
        )
        if by is None:
            AuditEvent.objects.filter(pk=event.pk).update(actor_label=pseudonym)
        if blockers:
            anonymise_account(user, pseudonym)
        else:
            user.delete()
    return outcome
