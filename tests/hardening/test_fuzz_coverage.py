"""Every form in the project is fuzzed: a new form without a fuzz test fails here, by name."""

import importlib
import pkgutil

import tests.hardening
from tests.hardening.fuzz_support import COVERED, project_forms


def test_every_form_is_fuzzed():
    for module in pkgutil.iter_modules(tests.hardening.__path__):
        if module.name.startswith("test_fuzz_"):
            importlib.import_module(f"tests.hardening.{module.name}")
    forms = project_forms()
    assert len(forms) >= 40, sorted(forms)  # the collection itself works
    missing = sorted(forms - set(COVERED))
    assert not missing, "These forms have no fuzz test (add one with @covers):\n" + "\n".join(
        missing
    )
    stale = sorted(set(COVERED) - forms)
    assert not stale, f"Fuzz tests name forms that no longer exist: {stale}"
