"""The translation catalogs: complete, sound, and compiled — checked with Python alone.

`./seedbed start` needs only Python: the compiled `.mo` files are committed, and these tests
prove each one is exactly what its `.po` file compiles to, that every string marked in the code
is translated into every language (all plural forms), and that no translation names a
placeholder the English does not have (which would break the page that shows it).
"""

import pytest
from babel.messages.catalog import Message

from core import translations

CATALOGS = translations.catalogs()
LANGUAGES = translations.languages()


@pytest.fixture(scope="module")
def templates():
    return {name: translations.template_for(name) for name in CATALOGS}


def test_welsh_and_urdu_are_offered():
    assert set(LANGUAGES) >= {"cy", "ur"}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("catalog", CATALOGS)
def test_each_catalog_is_complete_sound_and_compiled(catalog, language, templates):
    problems = translations.problems(catalog, language, templates[catalog])
    assert not problems, "\n".join(problems[:40]) + (
        f"\n... and {len(problems) - 40} more" if len(problems) > 40 else ""
    )


def test_strings_are_marked_across_the_product(templates):
    counts = {name: len([m for m in pot if m.id]) for name, pot in templates.items()}
    assert all(count > 0 for count in counts.values()), counts


def test_a_translation_with_a_placeholder_the_english_lacks_is_caught():
    message = Message("Sent to %(name)s", "Anfonwyd at %(enw)s")
    assert translations.message_problems(message) == [
        "unknown placeholder ['%(enw)s'] in: 'Sent to %(name)s'"
    ]
    assert translations.message_problems(Message("Hi", "")) == ["not translated: 'Hi'"]
    plural = Message(("one thing", "%(n)s things"), ("un peth", "", "", "", "", ""))
    assert translations.message_problems(plural) == ["not translated: 'one thing'"]
    tags = Message("Read <a href='x'>this</a>", "Darllenwch hwn")
    assert translations.message_problems(tags) == [
        "HTML tags differ in: \"Read <a href='x'>this</a>\""
    ]


def test_a_catalog_translated_but_not_compiled_is_caught(tmp_path, settings):
    settings.BASE_DIR = tmp_path
    for folder in translations.SOURCE_FOLDERS + ("templates",):
        (tmp_path / folder).mkdir()
    words = 'from django.utils.translation import gettext as _\n\n_("Hello")\n'
    (tmp_path / "core" / "words.py").write_text(words)

    translations.update("core", "cy")
    assert translations.problems("core", "cy") == ["core/cy: not translated: 'Hello'"]

    catalog = translations.read_catalog("core", "cy")
    catalog["Hello"].string = "Helo"
    translations.po_path("core", "cy").write_bytes(translations.po_bytes(catalog))
    assert translations.problems("core", "cy") == [
        "core/cy: the compiled .mo file does not match the .po file (run compile)"
    ]

    translations.compile_catalog("core", "cy")
    assert translations.problems("core", "cy") == []
    translations.update("core", "cy")  # updating again keeps the translation
    assert translations.read_catalog("core", "cy")["Hello"].string == "Helo"
