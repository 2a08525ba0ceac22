"""Fuzzing every form: bad values, how to post them, and what every answer must look like.

Each fuzz test builds a small world (the right signed-in person and the objects a page needs),
then for each generated example posts the page's valid values with one to three fields
replaced by bad ones, inside a transaction that is rolled back afterwards (so examples do not
leak into each other). Every answer must be:

- never a server error (the test client re-raises a view's exception, which fails the test);
- when a form comes back with errors: each error beside its field (`id="<field id>-error"` in
  the page), the typed value of each text box kept (HTML-escaped), and nothing saved earlier
  changed in the database.

Examples per test: `SEEDBED_FUZZ_EXAMPLES` (default 12; try 500 locally).
"""

import importlib
import inspect
import os
import pkgutil
import re
from collections import Counter
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django import forms as django_forms
from django.contrib.messages import constants as message_levels
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils.html import escape
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from tests.hardening.fingerprint import changed_tables, fingerprint

EXAMPLES = int(os.environ.get("SEEDBED_FUZZ_EXAMPLES", "12"))

FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=os.environ.get("SEEDBED_FUZZ_RANDOM", "") == "",
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)

# --------------------------------------------------------------------------------------------
# Every form in the project, and which are fuzzed
# --------------------------------------------------------------------------------------------
PROJECT_APPS = ["grants", "awards", "panels", "voting", "reports", "directory"]
EXTRA_FORM_MODULES = ["grants.accounts"]


def form_modules():
    """Every project module that may define forms (core.forms holds only base classes): each app's `forms` module, or every module
    of its `forms/` package, and the sign-in forms. Found, not listed, so a new one is fuzzed."""
    names = list(EXTRA_FORM_MODULES)
    for app in PROJECT_APPS:
        try:
            module = importlib.import_module(f"{app}.forms")
        except ModuleNotFoundError:
            continue
        names.append(module.__name__)
        if hasattr(module, "__path__"):
            names += [
                f"{module.__name__}.{info.name}" for info in pkgutil.iter_modules(module.__path__)
            ]
    return names


def project_forms():
    """'module.ClassName' of every Form or ModelForm defined in the project's form modules."""
    found = set()
    for module_name in form_modules():
        module = importlib.import_module(module_name)
        for name, obj in inspect.getmembers(module, inspect.isclass):
            if obj.__module__ == module_name and issubclass(obj, django_forms.BaseForm):
                found.add(f"{module_name}.{name}")
    return found


COVERED: dict[str, list[str]] = {}


def covers(*form_names):
    """Mark a fuzz test as covering these forms ('module.ClassName')."""

    def mark(test):
        for name in form_names:
            COVERED.setdefault(name, []).append(f"{test.__module__}.{test.__name__}")
        return test

    return mark


# Cases run, by form, for the summary at the end of the run.
CASES: Counter = Counter()
SERVER_ERRORS: Counter = Counter()
SHOWN_ERRORS: Counter = Counter()  # cases answered with the form and its messages again
ACCEPTED: Counter = Counter()  # cases the page took (a redirect onward, or a page without errors)
REFUSED: Counter = Counter()  # cases refused: 400/403/404/409/422, errors shown, or sent back

# --------------------------------------------------------------------------------------------
# Bad values
# --------------------------------------------------------------------------------------------
RTL = ["مرحبا بالعالم", "שלום עולם", "\u202eevil\u202c", "\u200f\u200eRTL marks"]
EMOJI = ["🙂", "👩🏽‍🌾", "🏳️‍🌈", "🇬🇧", "💩" * 20]
COMBINING = ["e\u0301\u0302\u0303\u0304", "Z̵̡̢̛͈͓ͅa̸̛͙l̷g̴o̶", "\u0915\u094d\u0937", "ﷺ"]
HTML = [
    '<script>alert("x")</script>',
    '"><img src=x onerror=alert(1)>',
    "<b>bold</b> & <i>it</i>",
    "&lt;&amp;&quot;",
    "{{ 7*7 }} {% debug %}",
    "javascript:alert(1)",
    "<!-- x --><![CDATA[y]]>",
]
SQL = [
    "' OR 1=1 --",
    "'; DROP TABLE grants_application; --",
    '" OR ""="',
    "1; SELECT pg_sleep(5)",
    "\\'; UNION SELECT NULL, NULL--",
    "%_%",
]
CONTROL = [
    "\x00",
    "a\x00b",
    "\x07bell",
    "\x1b[31mred\x1b[0m",
    "\x7f",
    "\x85",
    "\x0b\x0c",
    "\x01\x02",
]
ODD = ["", " ", "   \t ", "\n\n", "null", "None", "undefined", "0", "-1", "../../etc/passwd", "%00"]

_TEXT_PIECES = RTL + EMOJI + COMBINING + HTML + SQL + CONTROL + ODD


@st.composite
def huge_text(draw):
    n = draw(st.integers(min_value=10_000, max_value=30_000))
    unit = draw(st.sampled_from(["x", "é", "🙂", "مرحبا ", "<script>", "word ", "\x00"]))
    return (unit * (n // len(unit) + 1))[:n]


def text_values():
    return st.one_of(
        st.sampled_from(_TEXT_PIECES),
        huge_text(),
        st.lists(st.sampled_from(_TEXT_PIECES), min_size=2, max_size=4).map("".join),
        st.text(
            alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)),
            max_size=80,
        ),
    )


NUMBERS = [
    "-1", "-500", "0", "-0", "1e30", "1E30", str(10**40), "-" + str(10**40), "1e308", "1e999",
    "inf", "-inf", "NaN", "£-5", "-£5", "£1,000,000,000", "12.345", "0.001", "1,5", "1.5.5",
    "0x1F", "١٢٣", "５００", "Ⅻ", "½", "abc", "£", "£ ", "5 pounds", "five", "1 000", "9" * 40,
    "99999999999999999999.99", "+7", "7-", "(5)", "1_000", "\x005", "5\x00",
]  # fmt: skip


def number_values():
    return st.one_of(
        st.sampled_from(NUMBERS),
        st.integers(min_value=-(10**40), max_value=10**40).map(str),
        st.floats(allow_nan=True, allow_infinity=True).map(repr),
        text_values(),
    )


DATES = [
    "2026-02-30", "0000-00-00", "99999-01-01", "9999-12-31", "0001-01-01", "31/02/2027",
    "30/02/2026", "29/02/2027", "2026-13-01", "2026-00-10", "32/01/2027", "yesterday",
    "1/1/1", "00/00/0000", "2027-02-29", "-2026-01-01", "2026/01/01", "01 01 99999",
    "31.12.9999", "1.1.0001", "2026-1-1T00:00", "\x002026-01-01",
]  # fmt: skip


def date_values():
    return st.one_of(
        st.sampled_from(DATES),
        st.tuples(st.integers(-5, 100_000), st.integers(-1, 14), st.integers(-1, 40)).map(
            lambda t: f"{t[0]:04d}-{t[1]:02d}-{t[2]:02d}"
        ),
        text_values(),
    )


TIMES = [
    "25:00",
    "24:60",
    "-1:00",
    "99:99",
    "noon",
    "12:00:60",
    "23:59:59.9999999",
    "7pm",
    "1:2:3:4",
]


def time_values():
    return st.one_of(st.sampled_from(TIMES), text_values())


EMAILS = [
    "not-an-email", "a@b", "@example.com", "name@", '"a\x01b"@example.com', '"a b"@example.com',
    "x" * 300 + "@example.com", "用户@例子.广告", "a@b.c\x00", "a@@b.com", "a@example.com\n",
    "<script>@example.com", "' OR 1=1 --@example.com", "a@-example.com", "ÄÖÜ@bücher.de",
]  # fmt: skip


def email_values():
    return st.one_of(st.sampled_from(EMAILS), text_values())


def choice_values():
    return st.one_of(
        st.sampled_from(["", "0", "-1", "999999", "null", "on", "true", "new", "other", "x" * 300]),
        text_values(),
    )


def bool_values():
    return st.sampled_from(["", "on", "off", "0", "1", "true", "false", "yes", "\x00", "🙂" * 3])


# Files: what a thing *is* is in its bytes, whatever its name says.
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_HEAD = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG_HEAD = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
MP3_HEAD = b"ID3\x03\x00\x00\x00\x00\x00\x00" + b"\x00" * 400
ZIP = b"PK\x03\x04" + b"\x00" * 64
EXE = b"MZ\x90\x00" + b"\x00" * 64
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
FILE_CONTENTS = {
    "text": b"just some words, not a recording\n",
    "pdf": PDF,
    "png_head": PNG_HEAD,
    "jpeg_head": JPEG_HEAD,
    "mp3_head": MP3_HEAD,
    "zip": ZIP,
    "exe": EXE,
    "svg": SVG,
    "empty": b"",
    "nul": b"\x00" * 100,
    "pabulib_junk": b"META\nkey;value\nbudget;lots\n",
    "pabulib_ok": (
        b"META\nkey;value\nbudget;100\nvote_type;approval\nPROJECTS\nproject_id;cost;name\n"
        b"1;60;Benches\n2;50;Bins\nVOTES\nvoter_id;vote\n1;1\n2;1,2\n3;1\n"
    ),
}
FILE_NAMES = [
    "answer.mp3", "photo.jpg", "photo.png", "votes.pb", "x.pdf", "../../etc/passwd.jpg",
    "🙂.jpg", "a\x00b.jpg", "<script>.mp3", "x" * 300 + ".jpg", "noext", ".jpg",
]  # fmt: skip

# The size limits the fuzz tests set (see `small_upload_limits`), so "just over" is small.
SMALL_LIMIT = 64 * 1024


@dataclass(frozen=True)
class FileSpec:
    """A file to upload, made when posted (so hypothesis's examples stay small)."""

    name: str
    kind: str  # a key of FILE_CONTENTS, or "oversized"
    content_type: str = "application/octet-stream"

    def make(self):
        if self.kind == "oversized":
            head = MP3_HEAD if self.name.endswith(".mp3") else JPEG_HEAD
            data = head + b"\x00" * (SMALL_LIMIT + 1 - len(head))
        else:
            data = FILE_CONTENTS[self.kind]
        return SimpleUploadedFile(self.name, data, self.content_type)

    def __str__(self):
        return f"<file {self.kind} named {self.name!r}>"


def file_values():
    return st.builds(
        FileSpec,
        name=st.sampled_from(FILE_NAMES),
        kind=st.sampled_from([*FILE_CONTENTS, "oversized", "oversized"]),
        content_type=st.sampled_from(
            [
                "application/octet-stream",
                "audio/mpeg",
                "image/jpeg",
                "text/plain",
                "application/pdf",
            ]
        ),
    )


def multi_values():
    return st.lists(choice_values(), min_size=0, max_size=4)


KIND_STRATEGIES = {
    "text": text_values,
    "number": number_values,
    "money": number_values,
    "date": date_values,
    "time": time_values,
    "email": email_values,
    "choice": choice_values,
    "bool": bool_values,
    "file": file_values,
    "multi": multi_values,
}

# Kinds typed into a text box, whose value must be shown again as typed.
TYPED_KINDS = {"text", "number", "money", "date", "time", "email"}


def bad_value(kind):
    """Mostly values aimed at the field's kind, sometimes any text at all."""
    own = KIND_STRATEGIES[kind]()
    if kind in ("file", "multi", "bool"):
        return own
    return st.one_of(own, own, text_values())


# --------------------------------------------------------------------------------------------
# Posting and checking
# --------------------------------------------------------------------------------------------
@dataclass
class Case:
    """One page with a form, ready to be fuzzed."""

    form: str  # 'module.ClassName' (for the counts)
    client: Any
    url: str
    fields: dict  # html name -> kind
    base: dict = field(default_factory=dict)  # valid-ish values for the other fields
    method: str = "post"
    snapshot: Callable | None = None  # what was saved before; must not change on errors
    always_snapshot: bool = False  # compare even when the post was accepted
    before_each: Callable | None = None  # e.g. clearing rate-limit counters
    after: Callable | None = None  # after(response, overrides), inside the transaction
    max_fields: int = 3
    # Tables a refused post may still write (say why where the case is built), e.g. a record
    # of the attempt. Everything else must be exactly as it was.
    may_change_when_refused: tuple = ()


@contextmanager
def rolled_back():
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def forms_in(response):
    """The bound forms the page was drawn from (from the template context)."""
    found = {}
    context = getattr(response, "context", None)
    if context is None:
        return []
    for layer in context:
        for mapping in getattr(layer, "dicts", [layer]):
            for value in dict(mapping).values():
                candidates = [value]
                if isinstance(value, (list, tuple)):
                    candidates = list(value) + [getattr(v, "form", None) for v in value]
                elif isinstance(value, django_forms.BaseFormSet) and value.is_bound:
                    candidates = [value.management_form, *value.forms]  # e.g. meeting times
                for candidate in candidates:
                    if isinstance(candidate, django_forms.BaseForm) and candidate.is_bound:
                        found[id(candidate)] = candidate
    return list(found.values())


_SUMMARY = re.compile(r'govuk-error-summary__list">(.*?)</ul>', re.S)


def short(value, limit=240):
    text = repr(value)
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text):,} characters)"


def _typed_versions(value):
    from grants.services.applications import strip_control

    text = str(value)
    return {text, strip_control(text), text.replace("\r\n", "\n"), text.strip()}


def check_answer(case, response, posted):
    """What every answer must be. Returns True when a form came back with errors."""
    status = response.status_code
    if status >= 500:
        SERVER_ERRORS[case.form] += 1
    assert status < 500, f"{case.form}: server error {status} for {short(posted)}"
    if status not in (200, 400, 403, 409, 422):
        return False
    html = response.content.decode("utf-8")
    with_errors = [f for f in forms_in(response) if f.errors]
    for form in with_errors:
        for name, errors in form.errors.items():
            if name == "__all__" or name not in form.fields:
                for error in errors:
                    assert escape(error) in html, f"{case.form}: error not shown: {error!r}"
                continue
            bound = form[name]
            if form.fields[name].widget.is_hidden or re.search(
                rf'type="hidden" name="{re.escape(bound.html_name)}"', html
            ):
                continue  # a hidden value (only a tampered post can make it wrong)
            assert f'id="{bound.auto_id}-error"' in html, (
                f"{case.form}: the error for {name!r} ({errors.as_data()}) is not beside the "
                f"field; posted {short(posted)}"
            )
        for name, value in posted.items():
            kind = case.fields.get(name)
            if kind not in TYPED_KINDS or isinstance(value, (list, FileSpec)):
                continue
            if form.prefix and not name.startswith(f"{form.prefix}-"):
                continue  # another form's field (e.g. another row of a formset)
            field_name = name[len(form.prefix) + 1 :] if form.prefix else name
            if field_name not in form.fields or form.fields[field_name].disabled:
                continue
            if f'name="{name}"' not in html:
                continue  # not drawn on this page
            assert any(escape(v) in html for v in _typed_versions(value)), (
                f"{case.form}: what was typed in {name!r} was not kept: {short(value)}"
            )
    summary = _SUMMARY.search(html)
    if summary:
        for target in re.findall(r'href="#([^"]+)"', summary.group(1)):
            assert f'id="{target}-error"' in html or f'id="{target}"' in html, (
                f"{case.form}: the error summary links to #{target}, which is not on the page"
            )
    return bool(with_errors)


def post_case(case, overrides):
    """Post the base values with `overrides`; check the answer; count the case."""
    data = {}
    files = {}
    for name, value in {**case.base, **overrides}.items():
        if isinstance(value, FileSpec):
            files[name] = value.make()
            data.pop(name, None)
        else:
            data[name] = value
    if case.before_each:
        case.before_each()
    with rolled_back():
        before = case.snapshot() if case.snapshot else None
        whole_before = fingerprint()
        if case.method == "get":
            response = case.client.get(case.url, data)
        else:
            response = case.client.post(case.url, {**data, **files})
        had_errors = check_answer(case, response, overrides)
        SHOWN_ERRORS[case.form] += bool(had_errors)
        refused = is_refusal(response, had_errors)
        (REFUSED if refused else ACCEPTED)[case.form] += 1
        if case.after:
            case.after(response, overrides)
        if case.snapshot and (refused or case.always_snapshot):
            after = case.snapshot()
            assert after == before, (
                f"{case.form}: something saved earlier changed after posting {short(overrides)}"
            )
        if refused:
            changed = changed_tables(whole_before, fingerprint())
            changed = [t for t in changed if t not in case.may_change_when_refused]
            assert not changed, (
                f"{case.form}: refused ({response.status_code}) but {changed} changed after "
                f"posting {short(overrides)}"
            )
    CASES[case.form] += 1
    return response


REFUSAL_STATUSES = {400, 403, 404, 409, 422}


def is_refusal(response, had_errors):
    """Refused: an error status, the form again with its messages, or a redirect back with an
    error message."""
    if response.status_code in REFUSAL_STATUSES or had_errors:
        return True
    if response.status_code in (301, 302, 303):
        storage = getattr(response.wsgi_request, "_messages", None)
        queued = getattr(storage, "_queued_messages", []) if storage is not None else []
        return any(m.level >= message_levels.WARNING for m in queued)
    return False


@st.composite
def overrides_for(draw, case):
    names = sorted(case.fields)
    chosen = draw(
        st.lists(st.sampled_from(names), min_size=1, max_size=min(case.max_fields, len(names)),
                 unique=True)
    )  # fmt: skip
    return {name: draw(bad_value(case.fields[name])) for name in chosen}


_BASE_POSTED: set = set()


def fuzz(case, data):
    """One hypothesis example: bad values in some of the case's fields. The first time a page
    is fuzzed in a run, its base values are posted once as they are too (an accepted example,
    unless the base values are not valid)."""
    key = (case.form, case.url)
    if key not in _BASE_POSTED:
        _BASE_POSTED.add(key)
        post_case(case, {})
    post_case(case, data.draw(overrides_for(case), label="bad values"))


def small_upload_limits(monkeypatch):
    """Shrink every upload size limit so 'just over the limit' is a small file."""
    import core.uploads
    import reports.photos
    import voting.forms

    monkeypatch.setattr(core.uploads, "MAX_RECORDING_BYTES", SMALL_LIMIT)
    monkeypatch.setattr(reports.photos, "MAX_PHOTO_BYTES", SMALL_LIMIT)
    monkeypatch.setattr(voting.forms, "MAX_UPLOAD_BYTES", SMALL_LIMIT)


def rows(queryset, *fields):
    """A comparable picture of some saved rows."""
    return sorted(tuple(str(v) for v in row) for row in queryset.values_list(*fields))
