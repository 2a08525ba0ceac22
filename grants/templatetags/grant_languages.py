"""Template helpers for languages: a round's versions in other languages (on the round's page
for officers), and the language an application is written in (on the group's page for it)."""

from django import template

from ..languages import language_name, round_languages
from ..round_texts import missing, round_texts, started_languages

register = template.Library()


@register.inclusion_tag("grants/staff/rounds/_language_links.html")
def round_language_links(rnd):
    """One link per language: "Welsh version of this round", with how much is translated."""
    texts = round_texts(rnd)
    started = started_languages(rnd, texts)
    return {
        "round": rnd,
        "languages": [
            {
                "code": code,
                "name": language_name(code),
                "started": code in started,
                "missing": len(missing(texts, code)),
                "count": len(texts),
            }
            for code in round_languages()
        ],
    }
