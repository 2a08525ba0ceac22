"""The mutation check (benchmarks/mutation.py) itself: it finds mutants only inside functions,
its swapped code really changes what the live function does (and is put back), and it exits
non-zero below its bar. The full run is not part of the suite (see docs/testing.md)."""

import importlib.util
import sys

import pytest

from benchmarks import mutation

SOURCE = '''"""A module."""

LIMIT = 5


def left_to_pay(amount, paid):
    """What is left."""
    if amount > paid and not False:
        return amount - paid
    return 0
'''


@pytest.fixture
def module(tmp_path, monkeypatch):
    (tmp_path / "money.py").write_text(SOURCE, encoding="utf-8")
    monkeypatch.setattr(mutation, "ROOT", tmp_path)
    spec = importlib.util.spec_from_file_location("money_for_mutation", tmp_path / "money.py")
    loaded = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(loaded)
    monkeypatch.setitem(sys.modules, "money_for_mutation", loaded)
    return loaded


def test_mutants_are_found_inside_functions_only(module):
    changes = sorted(m.change for m in mutation.find_mutants("money.py"))
    assert changes == sorted(
        [
            "> -> >=",
            "> -> <",
            "and -> or",
            "drop `not`",
            "reverse the `if`",
            "False -> True",
            "- -> +",
            "0 -> 1",
        ]
    )  # fmt: skip  (not LIMIT = 5 at module level, not the docstrings)


def test_a_swapped_mutant_changes_the_live_function_and_is_put_back(module):
    swapper = mutation.Swapper(["money.py"])
    by_change = {m.change: m for m in mutation.find_mutants("money.py")}
    assert module.left_to_pay(500, 200) == 300
    undo = swapper.apply(by_change["- -> +"])
    assert undo, "no live function was changed"
    assert module.left_to_pay(500, 200) == 700
    swapper.undo(undo)
    assert module.left_to_pay(500, 200) == 300
    undo = swapper.apply(by_change["> -> >="])
    assert module.left_to_pay(200, 200) == 0  # 200 - 200 either way: an equivalent case
    swapper.undo(undo)


def _results(outcomes, baseline=True):
    rows = [
        {"path": "money.py", "index": i, "variant": 0, "line": 8, "change": "x", "outcome": o}
        for i, o in enumerate(outcomes)
    ]
    return {"baseline": {"money.py": baseline}, "mutants": rows, "seconds": 1}


def test_the_check_fails_below_its_bar_or_when_the_tests_fail_unmutated(module, capsys):
    assert mutation.report(_results(["killed", "killed", "survived"]), 0.6) == 0
    assert mutation.report(_results(["killed", "survived", "survived"]), 0.6) == 1
    assert mutation.report(_results(["killed", "killed"], baseline=False), 0.5) == 1
    assert "Score: 1 of 3 mutants killed" in capsys.readouterr().out
