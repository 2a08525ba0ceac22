"""What happens when someone signs in: the groups that name their (just confirmed) email as a
contact take them as one of their people, and they are told which group and who added them."""

from django.contrib import messages
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .services import groups as group_rules


@receiver(user_logged_in, dispatch_uid="seedbed_join_named_groups")
def join_named_groups(sender, request, user, **kwargs):
    group_rules.groups_join_named(user)
    if request is None or not hasattr(request, "_messages"):
        return
    for words in group_rules.group_welcome(user):
        messages.info(request, words)
