"""Template helpers shared by every app's pages."""

from django import forms, template
from django.conf import settings
from django.utils import translation
from django.utils.html import conditional_escape, format_html, format_html_join, strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from core import languages, money
from core.forms import is_optional
from core.once import FIELD, token_for

register = template.Library()

_CLASSES = [
    (forms.Textarea, "govuk-textarea"),
    (forms.Select, "govuk-select"),
    (forms.FileInput, "govuk-file-upload"),
]


@register.simple_tag
def govuk_widget(field, extra_class=""):
    """Render a form field's widget with GOV.UK classes and its hint and error tied to it."""
    widget = field.field.widget
    widget.attrs.pop("maxlength", None)  # never cut silently: the server says what is too long
    base = next((css for kind, css in _CLASSES if isinstance(widget, kind)), "govuk-input")
    classes = [c for c in widget.attrs.get("class", "").split() if c]
    if base not in classes:
        classes.insert(0, base)
    if field.errors and f"{base}--error" not in classes:
        classes.append(f"{base}--error")
    if extra_class:
        classes.append(extra_class)
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}-hint")
    if field.errors:
        described.append(f"{field.auto_id}-error")
    attrs = {"class": " ".join(classes)}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)


@register.filter
def two_places(value):
    """2.50 — a score to two decimal places, or a dash when there is none. Faster than
    floatformat, which matters on tables with hundreds of rows."""
    if value is None or value == "":
        return "–"
    number = round(float(value), 2) + 0.0  # + 0.0 turns -0.0 into 0.0
    return f"{number:.2f}"


@register.filter
def pounds(value):
    """£1,234 — whole pounds, with thousands separators."""
    try:
        return money.pounds(value)
    except (TypeError, ValueError):
        return value


@register.filter
def mid_sentence(text):
    """A label that starts a sentence, put in the middle of one: its first letter made small,
    except for "I" ("I am a member of the group" stays; "Family or someone I live with..."
    becomes "family or someone I live with..."). Unlike `lower`, never "someone i live with"."""
    text = str(text or "")
    first = text.split(" ", 1)[0]
    if not text or first in {"I", "I'm", "I’m"} or first.isupper() and len(first) > 1:
        return text
    return text[0].lower() + text[1:]


@register.filter(is_safe=True)
def page_title(title, rnd=None):
    """The one title pattern, "Page – Round – Seedbed": this gives "Page – Round – " (the base
    layout adds the site's name). Tags are taken out; the round is left out when the page's
    own title names it already, or when the page is not about a round."""

    parts = [" ".join(strip_tags(str(title)).split())]
    round_title = getattr(rnd, "shown_title", "") if getattr(rnd, "_meta", None) else ""
    if round_title and getattr(rnd._meta, "model_name", "") == "round":
        # In the reader's language; left out if the page names it (in English too).
        named = {str(conditional_escape(t)) for t in (round_title, rnd.title)}
        escaped = str(conditional_escape(round_title))
        if not any(name in parts[0] for name in named):
            parts.append(escaped)
    parts = [p for p in parts if p]
    # The page title was escaped when its block was rendered (tags only taken out), the round's
    # title just above.
    return mark_safe("".join(f"{part} – " for part in parts))  # noqa: S308


@register.filter
def optional_mark(bound_field):
    """' (optional)' after a label, by the one rule in `core.forms.is_optional` (never twice)."""
    mark = gettext("(optional)")
    label = str(bound_field.label)
    if (
        mark in label
        or "(optional)" in label
        or not is_optional(bound_field.form, bound_field.name)
    ):
        return ""
    return f" {mark}"


@register.simple_tag(takes_context=True)
def once_token(context):
    """A hidden one-time token for a form that creates something (see `core.once`)."""

    return format_html(
        '<input type="hidden" name="{}" value="{}">', FIELD, token_for(context["request"])
    )


@register.filter
def html_lang(code):
    """A language code as HTML's `lang` writes it: "en-gb" → "en-GB", "cy" → "cy"."""
    return languages.html_lang(code)


@register.simple_tag
def other_languages(current):
    """The languages a page may be read in besides `current`, each named in itself (as its
    speakers look for it: English, Cymraeg, اردو): [{code, lang, name}]."""
    return [
        {"code": code, "lang": languages.html_lang(code), "name": name}
        for code, name in languages.language_choices()
        if code != current
    ]


def _css_string(text):
    """Text inside a CSS string ("..."): its quotes and backslashes escaped, no new lines."""
    text = " ".join(str(text).split())
    return text.replace("\\", "\\\\").replace('"', '\\"')


@register.simple_tag
def pdf_page_numbers():
    """The `content` of a PDF's page footer, "Page 2 of 5", in the page's language: the words
    from the catalog, the numbers from WeasyPrint's page counters."""
    words = gettext("Page %(page)s of %(pages)s")
    marker = {"page": "\x00page\x00", "pages": "\x00pages\x00"}
    text = '"' + _css_string(words % marker) + '"'
    text = text.replace("\x00pages\x00", '" counter(pages) "')
    text = text.replace("\x00page\x00", '" counter(page) "')
    text = text.removeprefix('"" ').removesuffix(' ""')
    return mark_safe(text)  # noqa: S308 (escaped for CSS above; no HTML is made)


# The words the page's scripts show (static/js/*.js), in the page's language: each script reads
# them from data attributes on its form, with English of its own if they are missing. `{n}`,
# `{time}` and `{reason}` are filled in by the script.
def _autosave_words():
    return {
        "words-no-connection": gettext(
            "Not saved yet — check your connection. Your words are still here."
        ),
        "words-signed-out-status": gettext(
            "Not saved — you are signed out. Your words are kept on this phone."
        ),
        "words-other-problem": gettext(
            "Not saved yet. Your words are still here. Press “Save and continue” to keep them."
        ),
        "words-signed-out-banner": gettext(
            "You are signed out, so your words are not saved. We kept them on this phone or "
            "computer. Sign in again and come back to this page: we will put them back."
        ),
        "words-put-back-banner": gettext(
            "We put back what you typed on this phone or computer before. Check it is right."
        ),
        "words-saving-now": gettext("We are saving it now."),
        "words-not-saved-yet": gettext("It is not saved yet."),
        "words-refused": gettext("Not saved: %(reason)s. Your words are still here.")
        % {"reason": "{reason}"},
        "words-saved-at": gettext("Saved at %(time)s") % {"time": "{time}"},
        "words-important": gettext("Important"),
        "words-sign-in-again": gettext("Sign in again"),
    }


# A number in each plural category of the Unicode plural rules (what the script's
# Intl.PluralRules names), to ask the catalog for that category's words: right for English,
# Welsh (zero, one, two, few, many, other) and Urdu (one, other).
PLURAL_SAMPLES = {"zero": 0, "one": 1, "two": 2, "few": 3, "many": 6, "other": 10}


def _plural_words(name, words_for):
    """data-words-<name>-<category> for each category whose words differ from "other";
    `words_for(n)` is the ngettext call for the number n."""
    found = {category: words_for(n) % {"count": "{n}"} for category, n in PLURAL_SAMPLES.items()}
    return {
        f"words-{name}-{category}": words
        for category, words in found.items()
        if category in ("one", "other") or words != found["other"]
    }


def _word_count_words():
    return {
        **_plural_words(
            "left",
            lambda n: ngettext("You have %(count)s word left", "You have %(count)s words left", n),
        ),
        **_plural_words(
            "over",
            lambda n: ngettext(
                "You have %(count)s word too many", "You have %(count)s words too many", n
            ),
        ),
    }


def _layout_words():
    return {"words-sort-by": gettext("Sort by:")}


SCRIPT_WORDS = {
    "layout": _layout_words,  # base.html: static/js/seedbed.js and static/css/seedbed.css
    "autosave": _autosave_words,
    "word_count": _word_count_words,
}


def _words_of(scripts):
    words = {}
    for script in scripts:
        words.update(SCRIPT_WORDS[script]())
    return words


@register.simple_tag
def script_words(*scripts):
    """The data attributes holding the words of `scripts` ("autosave", "word_count", "layout")
    for the element the script works on: <form ...{% script_words "autosave" %}>. Only the
    words that differ from the scripts' own English are written (none on an English page)."""
    words = _words_of(scripts)
    with translation.override(settings.LANGUAGE_CODE):
        english = _words_of(scripts)
    return format_html_join(
        "", ' data-{}="{}"', ((k, v) for k, v in words.items() if v != english.get(k))
    )
