"""Every state-machine transition in the project leaves an audit record.

The `post_transition` signal fires for any django-fsm transition on any model. Transition
methods take `by` (the user) and `reason`; the record keeps who, when, from, to and why. Because
`services.transitions.perform` runs inside a transaction, a transition that fails to save
leaves no record.
"""

from django.contrib.contenttypes.models import ContentType
from django.dispatch import receiver
from django_fsm.signals import post_transition


def actor_label(user):
    if user is None:
        return "Seedbed (automatic)"
    return f"{user.display_name} <{user.email}>" if getattr(user, "email", "") else str(user)


@receiver(post_transition, dispatch_uid="seedbed_audit_every_transition")
def record_transition(sender, instance, name, source, target, **kwargs):
    from .models import AuditEvent

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
    from .models import AuditEvent

    return AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(type(obj)), object_id=str(obj.pk)
    ).select_related("actor")
