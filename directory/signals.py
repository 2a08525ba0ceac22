"""The directory listens for a grant being cancelled (awards never calls the directory), and
asks the officer whether to keep the group's listing."""

from django.dispatch import receiver
from django_fsm.signals import post_transition

from .services.upkeep import listing_on_grant_cancelled


@receiver(post_transition, dispatch_uid="directory_follows_cancelled_grants")
def follow_cancelled_grants(sender, instance, name, source, target, **kwargs):
    if "exception" in kwargs or sender._meta.label != "awards.Award" or target != "cancelled":
        return
    listing_on_grant_cancelled(instance.group_id)
