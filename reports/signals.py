"""Keeping reports in step with their award. Grants never calls reports, so reports listens:
when a change to an award's dates or amount is agreed, its reports move with it."""

from django.dispatch import receiver
from django_fsm.signals import post_transition

from awards.models import Award

from .services import reports_reschedule


@receiver(post_transition, sender=Award, dispatch_uid="reports_follow_award_changes")
def follow_award_changes(sender, instance, name, source, target, **kwargs):
    if name != "variation_agreed" or "exception" in kwargs:
        return

    reports_reschedule(instance)
