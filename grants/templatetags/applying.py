"""Template helpers for the applicant's pages: where an application stands, in words."""

from django import template
from django.utils.translation import gettext, ngettext

from ..services import applications as rules

register = template.Library()


@register.filter
def next_step(application):
    """What happens next for this application, in one or two short sentences."""
    return rules.next_step_words(application)


@register.filter
def helped(application):
    return rules.helped_words(application)


@register.filter
def not_counted_words(numbers):
    """The budget lines whose amount could not be read, in one sentence: "Line 2 and Line 4
    are not counted: …"."""
    numbers = list(numbers)
    lines = gettext("Line %(number)s") % {"number": numbers[0]}
    for number in numbers[1:]:
        line = gettext("Line %(number)s") % {"number": number}
        lines = gettext("%(lines)s and %(line)s") % {"lines": lines, "line": line}
    return ngettext(
        "%(lines)s is not counted: type the amount in pounds, using numbers.",
        "%(lines)s are not counted: type the amount in pounds, using numbers.",
        len(numbers),
    ) % {"lines": lines}
