"""Runs after every test_fuzz_* file (by name): each form fuzzed in this run must have had
both accepted and refused cases, so the checks on both outcomes (in fuzz_support.post_case) were
reached. Counts are printed in the fuzz summary at the end of the run."""

import pytest

from tests.hardening.fuzz_support import ACCEPTED, CASES, REFUSED

# Forms whose cases are posts of another form's page, counted under it.
COUNTED_UNDER = {"reports.forms.PhotoForm": "reports.forms.ReportForm (the report page)"}
# Forms whose fuzz run cannot produce one of the outcomes, and why.
ONLY_REFUSED = {}
ONLY_ACCEPTED = {}


def test_every_fuzzed_form_had_accepted_and_refused_cases():
    if not CASES:
        pytest.skip("no fuzz test ran before this one (run it with tests/hardening/)")
    problems = []
    for form in sorted(set(CASES) - set(COUNTED_UNDER)):
        if not REFUSED[form] and form not in ONLY_ACCEPTED:
            problems.append(f"{form}: {CASES[form]} cases, none refused")
        if not ACCEPTED[form] and form not in ONLY_REFUSED:
            problems.append(f"{form}: {CASES[form]} cases, none accepted")
    assert not problems, "\n".join(problems)
