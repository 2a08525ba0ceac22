"""Template helpers for report pages, and the "Reports to send" list on a person's own page."""

from django import template

from ..models import OPEN_STATES
from ..selectors import reports_for_user

register = template.Library()


@register.simple_tag(takes_context=True)
def reports_to_send(context):
    """The open reports of the signed-in person's groups (for templates/grants/my_home.html)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    return list(reports_for_user(user).filter(state__in=OPEN_STATES))


@register.filter
def overdue_on(report, today):
    return report.is_overdue(today)
