"""A pseudo-language for tests: every translated string comes out accented and inside ⟦ ⟧.

Built from the code itself (every string marked for translation, read by `core.translations`),
so a string marked today is covered today with no catalog to update. A page rendered in it shows
any word that does not go through translation as plain English outside the brackets, and
`leftover_text` finds it; placeholders, HTML tags and entities inside a message are kept, so
the page works as in any real language.
"""

import html
import re
from html.parser import HTMLParser

from babel.messages.catalog import Catalog
from django.apps import apps
from django.db import models

from core import translations

CODE = "qps"
OPEN, CLOSE = "⟦", "⟧"
ACCENTS = str.maketrans("aceinoruyAEIOUCNY", "àçéîñöřúýÀÉÎÖÚÇÑÝ")
KEEP = re.compile(r"(%\([^)]+\)[sdif]|%[sdif%]|\{[a-z_0-9]*\}|<[^>]+>|&[#a-zA-Z0-9]+;)")


def pseudo(text):
    """'Save %(name)s' -> '⟦Sàvé %(name)s⟧': letters accented, placeholders and tags kept."""
    parts = KEEP.split(text)
    return OPEN + "".join(p if KEEP.fullmatch(p) else p.translate(ACCENTS) for p in parts) + CLOSE


def write_catalog(folder):
    """Compile the pseudo-language from every catalog into folder/qps/LC_MESSAGES/django.mo."""
    catalog = Catalog(locale="en", fuzzy=False)  # English plural rule: one, other
    for name in translations.catalogs():
        for message in translations.template_for(name):
            if not message.id:
                continue
            if isinstance(message.id, tuple):
                string = (pseudo(message.id[0]), pseudo(message.id[1]))
            else:
                string = pseudo(message.id)
            catalog.add(message.id, string, context=message.context)
    path = folder / CODE / "LC_MESSAGES" / "django.mo"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(translations.mo_bytes(catalog))
    return folder


# Words that are data in every language: dates' month and day names come from Django's own
# catalogs (translated there for Welsh and Urdu), the product's name, the languages' own names.
MONTHS = "January February March April May June July August September October November December"
DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday"
SHORT_MONTHS = "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec"
ALWAYS_DATA = {
    *MONTHS.split(" "), *DAYS.split(" "), *SHORT_MONTHS.split(" "),
    "a.m.", "p.m.", "midnight", "noon", "Seedbed", "English", "Cymraeg", "اردو",
}  # fmt: skip
NO_LETTERS = re.compile(r"[^\W\d_]")
DASHES = re.compile(r"\s+(?:·|\||–|—)\s+")
COMMAS = re.compile(r"\s*,\s+")
ADDRESS = re.compile(r"^\(?(https?://|/)\S*$|^\S+@\S+$")  # links and email addresses are data
ATTRIBUTES = ("alt", "title", "aria-label", "placeholder", "aria-description")
SEPARATOR = "\x1f"


class _Text(HTMLParser):
    """The visible text of a page (and the attributes people hear or see), in order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.hidden = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self.hidden += 1
        values = dict(attrs)
        self.parts += [SEPARATOR + (values.get(a) or "") + SEPARATOR for a in ATTRIBUTES]
        if tag == "input" and values.get("type") in ("submit", "button"):
            self.parts.append(SEPARATOR + (values.get("value") or "") + SEPARATOR)

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template"):
            self.hidden = max(0, self.hidden - 1)

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def visible_text(page):
    parser = _Text()
    parser.feed(page)
    return "".join(parser.parts)


def without_translated(text):
    """The text with every ⟦...⟧ taken out (innermost first: messages inside messages)."""
    inner = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}")
    while True:
        shorter = inner.sub(SEPARATOR, text)
        if shorter == text:
            return text
        text = shorter


# Stored, but sentences Seedbed writes for people to read (not what someone typed or chose).
WORDS_NOT_DATA = {("voting.Vote", "outcome")}


def _strings_in(value):
    """The strings inside a JSON value (a round's questions, a vote's results)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings_in(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings_in(item)


def data_values():
    """Every text value in the database (JSON ones too), and each row's own name: what a page
    may show as it is."""
    values = set(ALWAYS_DATA)
    for model in apps.get_models():
        kinds = (models.CharField, models.TextField, models.JSONField)
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, kinds) and (model._meta.label, f.name) not in WORDS_NOT_DATA
        ]
        for row in model._default_manager.all().iterator():
            values.add(str(row))
            for field in fields:
                values.update(_strings_in(getattr(row, field)))
    return {" ".join(v.split()) for v in values if v.strip()}


def _is_data(chunk, values):
    """True when a piece of a page is data (see _is_one_datum), or data joined by a comma,
    dot or dash ("Testshire ICB, Healthy Neighbours")."""
    if _is_one_datum(chunk, values):
        return True
    return all(
        _is_one_datum(part, values)
        or all(_is_one_datum(piece, values) for piece in COMMAS.split(part) if piece)
        for part in DASHES.split(chunk)
        if part
    )


def _is_one_datum(chunk, values):
    """True when a piece of a page is data: letterless words (numbers, money, dates' digits)
    around a value from the database, or words each of which is a value (a name, a month)."""
    if chunk in values or chunk.strip(" ….,:;()'\"") in values:
        return True
    words = [w for w in chunk.split() if NO_LETTERS.search(w) and not ADDRESS.match(w)]
    if not words:
        return True
    phrase = " ".join(words).strip(" ….,:;()'\"")
    if phrase in values or (len(phrase) >= 12 and any(phrase in v for v in values)):
        return True
    return all(w in values or w.strip(".,:;()'\"…") in values for w in words)


def leftover_text(page, values, *, is_html=True):
    """The pieces of a rendered page (or email) that are neither translated nor data."""
    text = visible_text(page) if is_html else page
    found = []
    for chunk in without_translated(html.unescape(text)).split(SEPARATOR):
        for line in chunk.splitlines():
            line = " ".join(line.split())
            if line and not _is_data(line, values):
                found.append(line)
    return found
