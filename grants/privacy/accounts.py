"""Removing a person's account: deleted, or anonymised when records others need point at it;
the audit trail keeps a pseudonym either way."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.admin.models import LogEntry
from django.db import router, transaction
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.db.models.signals import pre_delete
from django.dispatch import receiver

from core.audit import record_event, relabel_actor
from core.privacy import (
    pseudonym_for,
    pseudonymise_audit_trail,
    registered_sources,
)

from ..models import (
    GroupMember,
    Role,
    User,
)
from .retention import ACCOUNT_ANONYMISED, ACCOUNT_DELETED


# --------------------------------------------------------------------------------------------
# Deleting a person
# --------------------------------------------------------------------------------------------
def records_needing_the_account(user):
    """What stops the account being deleted outright: records other people need that point
    at it and would be refused (PROTECT) or destroyed (the admin site's history)."""
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
        event = record_event(
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
            relabel_actor(event, pseudonym)
        if blockers:
            anonymise_account(user, pseudonym)
        else:
            user.delete()
    return outcome
