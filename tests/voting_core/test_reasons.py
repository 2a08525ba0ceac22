"""The plain-English reasons."""

from __future__ import annotations

import json
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st
from test_properties import elections

from voting.core import Election, Project, count
from voting.core.reasons import FIGURES, english, money


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


def issue_12_election() -> Election:
    """Issue 12, finding 5: 3,000 voters, each with an equal share of £40.55.

    The 55 people who voted for X also voted for Y and paid for part of it. But their whole
    shares (55 × £40.55 = £2,230.25) could never have paid X's £3,000, spent or not.
    """
    return Election(
        budget=121_650,
        projects={"X": Project("X", 3_000), "Y": Project("Y", 2_326), "Z": Project("Z", 100_000)},
        approvals=[frozenset({"X", "Y"})] * 55
        + [frozenset({"Y"})] * 45
        + [frozenset({"Z"})] * 2_900,
    )


def test_not_funded_blames_the_cost_when_whole_shares_could_never_pay():
    out = count(issue_12_election(), "mes")
    assert out.selected == ["Z", "Y"]
    reason = out.results["X"].reason
    assert "spent" not in reason  # spending elsewhere made no difference
    assert reason == (
        "Not funded: the 55 people who voted for it had an equal share of about £41 each. "
        "Even if they had put their whole shares towards it, that would be about £2,230, "
        "less than its £3,000 cost."
    )


def test_not_funded_blames_spending_only_when_whole_shares_were_enough():
    election = Election(
        budget=1_000,
        projects={"hall": Project("hall", 450), "bench": Project("bench", 200)},
        approvals=[frozenset({"hall", "bench"})] * 5 + [frozenset({"bench"})] * 5,
    )
    out = count(election, "mes")
    assert out.selected == ["bench"]
    assert out.results["hall"].reason == (
        "Not funded: the 5 people who voted for it had equal shares worth £500 together, "
        "enough for its £450 cost. But they had spent £100 of that on other projects they "
        "voted for, so only £400 was left."
    )


def test_the_raise_of_every_share_is_explained():
    election = Election(
        budget=1_000,
        projects={"hall": Project("hall", 600), "bench": Project("bench", 200)},
        approvals=[frozenset({"hall", "bench"})] * 5 + [frozenset({"bench"})] * 5,
    )
    out = count(election, "mes-add1")
    assert out.add1_steps == 40 and out.selected == ["bench", "hall"]
    assert out.summary == (
        "Each of the 10 voters had an equal share of the £1,000 budget: £100 each. "
        "Each project was paid for by the people who voted for it. "
        "After that first count, money was left over. So every voter's share was raised by "
        "£40, to £140, and the count was run again. Shares go up £1 at a time until no more "
        "projects fit, or one more step would cost more than the budget. "
        "£800 of £1,000 was spent."
    )


def test_each_reason_is_kept_in_structured_form_too():
    """The kind and figures of each reason and of the summary, as plain JSON, next to the
    English (which is made from them)."""
    one_voter = Election(
        budget=1_500,
        projects={"hall": Project("hall", 500), "pool": Project("pool", 2_000)},
        approvals=[frozenset({"hall"})],
    )
    out = count(one_voter, "mes")
    hall = out.results["hall"]
    assert hall.reason == (
        "Funded: 1 person voted for it. Each person had an equal share of £1,500 to spend. "
        "They shared its £500 cost and paid £500 each."
    )
    assert hall.reason_detail == {
        "kind": "mes_funded",
        "currency": "£",
        "support": 1,
        "points": None,
        "cost": 500,
        "share": "1500",
        "top_payment": "500",
        "everyone_paid_same": True,
    }
    assert out.results["pool"].reason_detail == {"kind": "nobody", "currency": "£"}
    assert out.summary_detail == {
        "kind": "mes_summary",
        "currency": "£",
        "voters": 1,
        "budget": 1_500,
        "each": "1500",
        "step": None,
        "share": "1500",
        "spent": 500,
    }
    assert json.loads(json.dumps(out.summary_detail)) == out.summary_detail


def test_fractions_are_kept_exactly():
    out = count(issue_12_election(), "mes")
    detail = out.results["X"].reason_detail
    assert detail["share"] == "811/20" and detail["shares_together"] == "8921/4"
    assert english(detail) == out.results["X"].reason


@settings(max_examples=150, deadline=None)
@given(elections(), st.sampled_from(["greedy", "mes", "mes-add1"]), st.booleans())
def test_the_english_is_made_from_the_structured_form(election, rule, top_up):
    out = count(election, rule, complete_greedily=top_up, currency="PLN")
    assert english(out.summary_detail) == out.summary
    for result in out.results.values():
        assert json.loads(json.dumps(result.reason_detail)) == result.reason_detail
        assert english(result.reason_detail) == result.reason
        assert set(result.reason_detail) == {
            "kind",
            "currency",
            *FIGURES[result.reason_detail["kind"]],
        }
