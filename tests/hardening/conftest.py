"""Shared by the hardening tests. The fuzz summary: how many cases ran, per form."""


def pytest_terminal_summary(terminalreporter):
    from tests.hardening.fuzz_support import ACCEPTED, CASES, REFUSED, SERVER_ERRORS, SHOWN_ERRORS

    if not CASES:
        return
    write = terminalreporter.write_line
    terminalreporter.section("fuzz cases")
    width = max(len(name) for name in CASES)
    for name in sorted(CASES):
        write(
            f"{name:<{width}}  {CASES[name]:>6,} cases  {ACCEPTED[name]:>6,} accepted  "
            f"{REFUSED[name]:>6,} refused  {SHOWN_ERRORS[name]:>6,} with messages  "
            f"{SERVER_ERRORS[name]} server errors"
        )
    write(
        f"fuzz: {sum(CASES.values()):,} cases across {len(CASES)} forms, "
        f"{sum(SERVER_ERRORS.values())} server errors"
    )
