"""`{% your_votes user %}`: votes someone can take part in now, for their own page.

A template tag, so the grants app's page can show votes without grants importing voting."""

from django import template

from ..services.ballots import votes_open_for

register = template.Library()


@register.inclusion_tag("voting/includes/your_votes.html")
def your_votes(user):

    return {"votes": votes_open_for(user)}
