"""`{% your_votes user %}`: votes someone can take part in now, for their own page.
`{{ detail|said:english }}`: a count's reason or summary in the page's language.

A template tag, so the grants app's page can show votes without grants importing voting."""

from django import template

from ..reasons import say
from ..services.ballots import votes_open_for

register = template.Library()


@register.inclusion_tag("voting/includes/your_votes.html")
def your_votes(user):

    return {"votes": votes_open_for(user)}


@register.filter
def said(detail, english=""):
    """A count's reason or summary, from its kind and figures (`detail`), in the page's
    language; the stored `english` when it has none (counted before they were kept)."""
    return say(detail, english)
