"""Languages: the ones Seedbed's pages are in, the ones an application may be written in, and
the one way a round's own words are chosen for the person reading them.

A round's own words (its title and description, its eligibility check, its questions, its
scoring criteria) are written in English by the funder's officers, who may add translations
(`grants.services.round_languages`). Each object holding such words keeps their translations in
its `translations` field, by language and then by the place the words come from:

    {"cy": {"text": {"from": "What will you do?", "to": "Beth fyddwch chi'n ei wneud?"},
            "help_text": {"from": "...", "to": "..."}},
     "ur": {...}}

A place is a field ("title", "help_text"), one descriptor of a criterion ("descriptors.2") or
one part of the eligibility check ("eligibility.1.question", "eligibility.1.if_not"). Each entry
keeps the English it translates ("from") as well as the translation ("to").

`in_language` is the one function that chooses: the translation whose "from" is the English as
it is now, else the English. So a translation stops being shown the moment the English it
translates is changed (people never read a translation of words that are no longer there), and
the eligibility questions keep their translations when they are moved up or down.
"""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

# ---------------------------------------------------------------------------------------------
# The languages of the pages
# ---------------------------------------------------------------------------------------------


def active_language():
    """The language the pages are in now: one of the codes in settings.LANGUAGES."""
    code = translation.get_language() or settings.LANGUAGE_CODE
    try:
        return translation.get_supported_language_variant(code)
    except LookupError:
        return settings.LANGUAGE_CODE


def round_languages():
    """The languages a round's words may be translated into: every page language but English."""
    return [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def language_name(code):
    """A page language's name in the language of the page now ("Welsh", or "Cymraeg" on a
    Welsh page)."""
    return str(translation.get_language_info(code)["name_translated"])


# ---------------------------------------------------------------------------------------------
# A round's words in the reader's language
# ---------------------------------------------------------------------------------------------
def in_language(translations, english, language=None):
    """`english` in `language` (the page's language when not given): the translation kept in
    `translations` (an object's `translations` field) whose "from" is `english` exactly, else
    `english` itself. English pages, empty words and missing translations give the English."""
    language = language or active_language()
    if not english or language == settings.LANGUAGE_CODE or not isinstance(translations, dict):
        return english
    entries = translations.get(language)
    if not isinstance(entries, dict):
        return english
    for entry in entries.values():
        if isinstance(entry, dict) and entry.get("from") == english and entry.get("to"):
            return str(entry["to"])
    return english


def shown(obj, field, language=None):
    """The words of `obj.field` for the reader (`in_language`); a list field (a criterion's
    descriptors) gives a list, each of its words chosen the same way."""
    value = getattr(obj, field)
    kept = getattr(obj, "translations", None)
    if isinstance(value, list):
        return [in_language(kept, str(item), language) if item else item for item in value]
    return in_language(kept, value, language)


class ShownInLanguage:
    """On a model: `shown_text = ShownInLanguage("text")` gives the field's words in the
    reader's language (`shown`), for pages and forms that show a round to people."""

    def __init__(self, field):
        self.field = field

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        return shown(obj, self.field)


# ---------------------------------------------------------------------------------------------
# The languages an application may be written in
# ---------------------------------------------------------------------------------------------
ENGLISH = "en"
ANOTHER_LANGUAGE = "und"

# The page languages first, then languages many people in the UK write in (each named in
# English, translated like any words, and in itself), then "another language".
ANSWER_LANGUAGES = [
    ("en", _("English"), "English"),
    ("cy", _("Welsh"), "Cymraeg"),
    ("ur", _("Urdu"), "اردو"),
    ("sq", _("Albanian"), "Shqip"),
    ("ar", _("Arabic"), "العربية"),
    ("bn", _("Bengali"), "বাংলা"),
    ("zh", _("Chinese"), "中文"),
    ("fr", _("French"), "Français"),
    ("gu", _("Gujarati"), "ગુજરાતી"),
    ("hi", _("Hindi"), "हिन्दी"),
    ("ga", _("Irish"), "Gaeilge"),
    ("it", _("Italian"), "Italiano"),
    ("ku", _("Kurdish"), "Kurdî / کوردی"),
    ("lt", _("Lithuanian"), "Lietuvių"),
    ("ps", _("Pashto"), "پښتو"),
    ("fa", _("Persian (Farsi or Dari)"), "فارسی"),
    ("pl", _("Polish"), "Polski"),
    ("pt", _("Portuguese"), "Português"),
    ("pa", _("Punjabi"), "ਪੰਜਾਬੀ / پنجابی"),
    ("ro", _("Romanian"), "Română"),
    ("ru", _("Russian"), "Русский"),
    ("gd", _("Scottish Gaelic"), "Gàidhlig"),
    ("so", _("Somali"), "Soomaali"),
    ("es", _("Spanish"), "Español"),
    ("ta", _("Tamil"), "தமிழ்"),
    ("ti", _("Tigrinya"), "ትግርኛ"),
    ("tr", _("Turkish"), "Türkçe"),
    ("uk", _("Ukrainian"), "Українська"),
    (ANOTHER_LANGUAGE, _("Another language"), ""),
]
ANSWER_LANGUAGE_CODES = [code for code, _name, _own in ANSWER_LANGUAGES]
_NAMES = {code: name for code, name, _own in ANSWER_LANGUAGES}
# Written right to left. Kurdish and Punjabi are written in two scripts: the browser decides.
RIGHT_TO_LEFT = {"ar", "fa", "ps", "ur"}
EITHER_WAY = {"ku", "pa", ANOTHER_LANGUAGE}


def answer_language_choices():
    """(code, "Urdu (اردو)") for a form, in the reader's language."""
    return [
        (code, f"{name} ({own})" if own and own != str(name) else str(name))
        for code, name, own in ANSWER_LANGUAGES
    ]


def answer_language_options():
    """Each language an application may be written in, for a page: code, its name in the
    reader's language, its name in itself (if different) and which way it is written."""
    return [
        {
            "code": code,
            "name": str(name),
            "own": own if own and own != str(name) else "",
            "dir": text_direction(code),
        }
        for code, name, own in ANSWER_LANGUAGES
    ]


def started_in():
    """The language a new application is written in: the page's language when it is started
    ("en" for English pages)."""
    code = active_language().split("-")[0].lower()
    return code if code in _NAMES else ENGLISH


def answer_language_name(code):
    """The name of the language an application is written in, in the reader's language."""
    return str(_NAMES.get(code or ENGLISH, _NAMES[ANOTHER_LANGUAGE]))


def text_direction(code):
    """ "rtl", "ltr" or "auto" (let the browser look at the words) for the HTML `dir`."""
    if code in RIGHT_TO_LEFT:
        return "rtl"
    if code in EITHER_WAY or code not in _NAMES:
        return "auto"
    return "ltr"
