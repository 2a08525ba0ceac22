"""Every state-machine transition in the project leaves an audit record.

The `post_transition` signal fires for any django-fsm transition on any model. Transition
methods take `by` (the user) and `reason`; the record keeps who, when, from, to and why. Because
`services.transitions.perform` runs inside a transaction, a transition that fails to save
leaves no record.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, OuterRef
from django.db.models.functions import Cast
from django.dispatch import receiver
from django_fsm.signals import post_transition

from .models import AuditEvent


def actor_label(user):
    if user is None:
        return "Seedbed (automatic)"
    return f"{user.display_name} <{user.email}>" if getattr(user, "email", "") else str(user)


@receiver(post_transition, dispatch_uid="seedbed_audit_every_transition")
def record_transition(sender, instance, name, source, target, **kwargs):
    if "exception" in kwargs:
        return
    options = kwargs.get("method_kwargs") or {}
    user = options.get("by")
    if user is not None and not getattr(user, "pk", None):
        user = None
    AuditEvent.objects.create(
        content_type=ContentType.objects.get_for_model(type(instance)),
        object_id=str(instance.pk),
        object_label=str(instance)[:200],
        transition=name,
        from_state=str(source),
        to_state=str(target),
        actor=user,
        actor_label=actor_label(user),
        reason=str(options.get("reason") or "")[:5000],
    )


def timeline(obj):
    """The audit records of one object, oldest first."""
    return AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(type(obj)), object_id=str(obj.pk)
    ).select_related("actor")


def record_event(obj, event, reason="", *, by=None, label=None, state=None, source=None):
    """Keep a plain event in the audit trail (not a change of state, or a birth such as an
    offer being made): `event` names it, `state` is the object's state (from and to alike,
    unless `source` is given for a birth: "" → state)."""
    if by is not None and not getattr(by, "pk", None):
        by = None
    if state is None:
        state = str(getattr(obj, "state", "") or "")
    return AuditEvent.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        object_label=(label if label is not None else str(obj))[:200],
        transition=event,
        from_state=str(state if source is None else source),
        to_state=str(state),
        actor=by,
        actor_label=actor_label(by),
        reason=str(reason or "")[:5000],
    )


def events_of_outer_row(model):
    """The audit records of the row an outer queryset of `model` is at (for Subquery/Exists)."""
    return AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        object_id=Cast(OuterRef("pk"), CharField()),
    )


def events_by(user):
    """What `user` did, oldest first."""
    return AuditEvent.objects.filter(actor=user).order_by("at", "pk")


def relabel_actor(event, label):
    """Show an event's actor as `label` (a pseudonym) from now on."""
    AuditEvent.objects.filter(pk=event.pk).update(actor_label=label)
