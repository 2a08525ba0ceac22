"""The plain-English reasons."""

from __future__ import annotations

from fractions import Fraction

from voting.core import Election, Project, count
from voting.core.reasons import money


def election() -> Election:
    return Election(
        budget=10_000,
        projects={
            "park": Project("park", 6_000, "Park"),
            "bench": Project("bench", 2_000),
            "pool": Project("pool", 5_000),
            "mural": Project("mural", 1_000),
        },
        approvals=[frozenset({"park", "pool"})] * 41
        + [frozenset({"bench"})] * 12
        + [frozenset({"mural", "pool"})] * 5,
    )


def test_money_formatting():
    assert money(2300) == "£2,300"
    assert money(Fraction(113, 2)) == "about £57"
    assert money(5000, "PLN") == "5,000 PLN"
    assert money(Fraction(1, 3)) == "less than £1"
    assert money(12, "$") == "$12"


def test_greedy_reasons():
    out = count(election(), "greedy")
    assert out.selected == ["pool", "bench", "mural"]
    assert out.results["pool"].reason == (
        "Funded: 46 people voted for it. Its £5,000 cost fitted in the £10,000 budget."
    )
    assert out.results["park"].reason == (
        "Not funded: 41 people voted for it. It cost £6,000 but only £5,000 was left "
        "after paying for projects with more votes."
    )
    assert "£3,000 that was left" in out.results["mural"].reason


def test_mes_reasons_have_numbers():
    out = count(election(), "mes", currency="€")
    for result in out.results.values():
        assert result.reason.startswith("Funded" if result.funded else "Not funded")
        assert "€" in result.reason or "nobody" in result.reason
        assert len(result.reason) < 260
    not_funded = [r for r in out.results.values() if not r.funded]
    assert any("equal shares" in r.reason for r in not_funded)


def test_reasons_are_short_sentences():
    for rule in ("greedy", "mes", "mes-add1"):
        out = count(election(), rule, complete_greedily=True)
        for result in out.results.values():
            for sentence in result.reason.split(". "):
                assert len(sentence.split()) <= 22, sentence
