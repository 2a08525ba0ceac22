"""The optional equity questions as a section of the group's profile page: its own form, so
the profile's view and form stay as they are."""

from django import template

from core.permissions import can

from ..forms.equity import EquityForm
from ..selectors import equity_answers_of

register = template.Library()


@register.inclusion_tag("grants/apply/_equity_questions.html", takes_context=True)
def equity_questions(context, group):
    return {
        "form": EquityForm.from_answers(equity_answers_of(group)),
        "group": group,
        "csrf_token": context.get("csrf_token"),
        "standalone": False,
    }


@register.inclusion_tag("grants/apply/_equity_invite.html", takes_context=True)
def equity_invite(context, group):
    """After a form is sent: a link to the optional questions, for someone who may answer
    them for the group, while the group has not answered."""
    user = context["request"].user
    asked = can(user, "edit_group", group) and equity_answers_of(group) is None
    return {"group": group, "asked": asked}
