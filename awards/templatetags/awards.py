"""Template helpers for awards: `{% load awards %}{% awards_for user as awards %}`."""

from django import template

from grants.permissions import group_ids, supported_group_ids

from ..models import Award

register = template.Library()


@register.simple_tag
def awards_for(user):
    """The awards of the groups `user` belongs to or helps, newest first (one query)."""

    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        Award.objects.filter(group_id__in=group_ids(user) | supported_group_ids(user))
        .select_related("group", "round", "application")
        .order_by("-offered_at")[:50]
    )
