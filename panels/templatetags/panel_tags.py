"""`{% your_panels user %}`: the panels someone is on or invited to, for their own page.

A template tag, so the grants app's page can show panels without grants importing panels."""

from django import template

from ..models import MemberState, PanelMember

register = template.Library()


@register.inclusion_tag("panels/includes/your_panels.html")
def your_panels(user):
    members = []
    if user is not None and user.is_authenticated:
        members = list(
            PanelMember.objects.filter(user=user)
            .exclude(state=MemberState.STEPPED_DOWN)
            .select_related("panel__round")
            .order_by("-invited_at")
        )
    return {"members": members}
