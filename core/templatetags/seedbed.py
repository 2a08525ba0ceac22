"""Template helpers shared by every app's pages."""

from django import forms, template
from django.utils.html import conditional_escape, format_html, strip_tags
from django.utils.safestring import mark_safe

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
    round_title = getattr(rnd, "title", "") if getattr(rnd, "_meta", None) else ""
    if round_title and getattr(rnd._meta, "model_name", "") == "round":
        escaped = str(conditional_escape(round_title))
        if escaped not in parts[0]:
            parts.append(escaped)
    parts = [p for p in parts if p]
    # The page title was escaped when its block was rendered (tags only taken out), the round's
    # title just above.
    return mark_safe("".join(f"{part} – " for part in parts))  # noqa: S308


@register.filter
def optional_mark(bound_field):
    """' (optional)' after a label, by the one rule in `core.forms.is_optional` (never twice)."""
    if "(optional)" in str(bound_field.label) or not is_optional(
        bound_field.form, bound_field.name
    ):
        return ""
    return " (optional)"


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
