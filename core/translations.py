"""The translation catalogs: which words each part of Seedbed shows, and their translations.

Every string marked for translation (`{% translate %}`, `{% blocktranslate %}`, `gettext`,
`gettext_lazy`, `ngettext`, `pgettext` ...) is found by reading the source with pure Python
(Django's own template reader and Babel), so nobody needs GNU gettext to update, compile or
check the catalogs, and `./seedbed start` needs only Python.

Each file's strings go to one catalog, by its path (`catalog_of`): people translating the
applicant's pages never edit the file of those translating the panel's. Catalogs live in
`locale/<catalog>/<language>/LC_MESSAGES/django.po` (with the compiled `.mo` beside it), listed
in `settings.LOCALE_PATHS`; see docs/translating.md.
"""

import io
import re
from datetime import UTC, datetime
from fnmatch import fnmatch
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from django.conf import settings
from django.utils.translation.template import templatize

KEYWORDS = {
    **DEFAULT_KEYWORDS,
    "gettext_lazy": None,
    "gettext_noop": None,
    "ngettext_lazy": (1, 2),
    "pgettext_lazy": ((1, "c"), 2),
    "npgettext_lazy": ((1, "c"), 2, 3),
}

# (pattern, catalog): the first pattern a file's path (from the project folder) matches wins.
RULES = [
    ("voting/core/*", None),  # plain Python for anyone recounting a vote: no Django, no catalog
    ("*/migrations/*", None),
    ("*/demo/*", None),  # demo data is data, in English
    ("templates/emails/_*", "core"),
    ("templates/emails/application_*", "grants"),
    ("templates/emails/screening_*", "grants"),
    ("templates/emails/officer_*", "grants"),
    ("templates/emails/award_*", "awards"),
    ("templates/emails/panel_*", "panels"),
    ("templates/emails/vote_*", "voting"),
    ("templates/emails/decision_*", "voting"),
    ("templates/emails/report_*", "reports"),
    ("templates/emails/directory_*", "directory"),
    ("grants/forms/*", "applying"),
    ("grants/views/*", "applying"),
    ("grants/templatetags/*", "applying"),
    ("templates/grants/*", "applying"),
    *[(f"{app}/*", app) for app in ("grants", "awards", "panels", "voting", "reports")],
    ("directory/*", "directory"),
    *[(f"templates/{app}/*", app) for app in ("awards", "panels", "voting", "reports")],
    ("templates/directory/*", "directory"),
    ("core/*", "core"),
    ("config/*", "core"),
    ("templates/*", "core"),
]
SOURCE_FOLDERS = ("config", "core", "grants", "awards", "panels", "voting", "reports", "directory")
# Fixed, so that updating a catalog changes only its messages (no churn in the header).
STAMP = datetime(2026, 12, 1, tzinfo=UTC)


def languages():
    """The languages translated into: every language Seedbed offers except English."""
    return [code for code, _name in settings.LANGUAGES if not code.startswith("en")]


def catalogs():
    return list(settings.TRANSLATION_CATALOGS)


def root():
    return Path(settings.BASE_DIR)


def catalog_of(path):
    """The catalog a file's strings belong to (None: nothing in it is translated)."""
    for pattern, catalog in RULES:
        if fnmatch(path, pattern):
            return catalog
    return None


def source_files():
    """(path from the project folder, catalog) for every file that may hold marked strings."""
    base = root()
    found = [p for folder in SOURCE_FOLDERS for p in (base / folder).rglob("*.py")]
    found += [p for p in (base / "templates").rglob("*") if p.suffix in (".html", ".txt")]
    for path in sorted(found):
        relative = path.relative_to(base).as_posix()
        catalog = catalog_of(relative)
        if catalog and "/management/commands/" not in relative:
            yield relative, catalog


def messages_in(relative):
    """The (line, message, comments, context) marked in one file; a message is a string, or
    (singular, plural) for one that counts."""
    path = root() / relative
    text = path.read_text(encoding="utf-8")
    if path.suffix != ".py":
        # Django's template reader gives Python-like text: the marked strings as gettext()
        # calls, the rest as filler. Indentation means nothing in it (the tokenizer's rule).
        text = "\n".join(line.lstrip() for line in templatize(text, origin=relative).split("\n"))
    return extract("python", io.BytesIO(text.encode("utf-8")), keywords=KEYWORDS)


def template_for(catalog):
    """Every message marked in the catalog's files, as an empty catalog (a .pot)."""
    pot = Catalog(project="Seedbed", creation_date=STAMP, revision_date=STAMP, fuzzy=False)
    for relative, owner in source_files():
        if owner != catalog:
            continue
        for line, message, comments, context in messages_in(relative):
            flags = ["python-format"] if "%" in str(message) else []
            pot.add(message, locations=[(relative, line)], auto_comments=comments,
                    context=context, flags=flags)  # fmt: skip
    return pot


def po_path(catalog, language):
    return root() / "locale" / catalog / language / "LC_MESSAGES" / "django.po"


HEADER = """\
# Seedbed's words in one language, for one part of the product. See docs/translating.md.
# Machine-made first drafts want review by native speakers.
# This file is distributed under the same license as Seedbed (AGPL-3.0-or-later)."""


def read_catalog(catalog, language):
    path = po_path(catalog, language)
    if not path.exists():
        return Catalog(
            locale=language,
            header_comment=HEADER,
            project="Seedbed",
            version="1",
            copyright_holder="The Seedbed contributors",
            msgid_bugs_address="",
            last_translator="Seedbed translators",
            language_team=f"Seedbed {language}",
            creation_date=STAMP,
            revision_date=STAMP,
            fuzzy=False,
        )
    with path.open("rb") as handle:
        return read_po(handle, locale=language)


def po_bytes(translated):
    out = io.BytesIO()
    write_po(out, translated, width=100, include_lineno=False, ignore_obsolete=True,
             sort_by_file=True)  # fmt: skip
    return out.getvalue()


def mo_bytes(translated):
    out = io.BytesIO()
    write_mo(out, translated, use_fuzzy=False)
    return out.getvalue()


def update(catalog, language, template=None):
    """Bring a language's catalog up to date with the code (new messages empty, gone ones
    dropped, translations kept) and compile it. Returns the .po path."""
    template = template or template_for(catalog)
    translated = read_catalog(catalog, language)
    translated.update(template, no_fuzzy_matching=True, update_creation_date=False)
    translated.revision_date = STAMP
    path = po_path(catalog, language)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(po_bytes(translated))
    compile_catalog(catalog, language)
    return path


def compile_catalog(catalog, language):
    path = po_path(catalog, language)
    path.with_suffix(".mo").write_bytes(mo_bytes(read_catalog(catalog, language)))


PLACEHOLDER = re.compile(r"%\([^)]+\)[sdif]|%[sdif]|\{[a-z_0-9]*\}")
TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)")


def _placeholders(text):
    return set(PLACEHOLDER.findall(text or ""))


def _tags(text):
    return sorted(TAG.findall(text or ""))


def message_problems(message):
    """What is wrong with one translated message ([] when nothing)."""
    ids = message.id if isinstance(message.id, tuple) else (message.id,)
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    label = ids[0][:60]
    if message.fuzzy:
        return [f"guessed, not checked (fuzzy): {label!r}"]
    if not all(strings):
        return [f"not translated: {label!r}"]
    allowed = set().union(*(_placeholders(i) for i in ids))
    problems = []
    for string in strings:
        unknown = _placeholders(string) - allowed
        if unknown:
            problems.append(f"unknown placeholder {sorted(unknown)} in: {label!r}")
        if _tags(string) != _tags(ids[0]):
            problems.append(f"HTML tags differ in: {label!r}")
    return problems


def problems(catalog, language, template=None):
    """Everything keeping a language's catalog from being complete and in use."""
    template = template or template_for(catalog)
    translated = read_catalog(catalog, language)
    found = []
    missing = [m.id for m in template if m.id and translated.get(m.id, m.context) is None]
    found += [f"not in the .po file (run update): {str(m)[:60]!r}" for m in missing]
    for message in translated:
        if message.id and template.get(message.id, message.context) is not None:
            found += message_problems(message)
    mo = po_path(catalog, language).with_suffix(".mo")
    if not mo.exists() or mo.read_bytes() != mo_bytes(translated):
        found.append("the compiled .mo file does not match the .po file (run compile)")
    return [f"{catalog}/{language}: {problem}" for problem in found]
