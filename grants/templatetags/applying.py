"""Template helpers for the applicant's pages: where an application stands, in words."""

from django import template

from ..services import applications as rules

register = template.Library()


@register.filter
def next_step(application):
    """What happens next for this application, in one or two short sentences."""
    return rules.next_step_words(application)


@register.filter
def helped(application):
    return rules.helped_words(application)
