"""The count's reasons said again from their kind and figures (voting/reasons.py): in English
exactly the sentence the count stored, for every kind and any figures; in Welsh and Urdu whole
translated sentences with every figure filled in."""

from fractions import Fraction

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from voting.core.reasons import FIGURES, detail, english
from voting.reasons import SAY, amount, say
from voting.services.decision import left_over_reason, score_reason

CURRENCIES = st.sampled_from(["£", "PLN", "€", "$", "USD"])
PEOPLE = st.one_of(st.integers(0, 4), st.integers(0, 20_000))
MONEY = st.one_of(st.integers(0, 20), st.integers(0, 5_000_000))
# Money that may not be whole: exact fractions, small (less than 1) and large.
EXACT_MONEY = st.one_of(
    MONEY,
    st.fractions(min_value=0, max_value=2, max_denominator=50),
    st.fractions(min_value=0, max_value=5_000_000, max_denominator=10_000),
)
POINTS = st.one_of(st.none(), st.integers(0, 3), st.integers(0, 100_000))

FIGURE = {
    "support": PEOPLE,
    "voters": PEOPLE,
    "points": POINTS,
    "cost": MONEY,
    "left": MONEY,
    "budget": MONEY,
    "after_shares": MONEY,
    "spent": MONEY,
    "left_at_end": st.one_of(st.none(), MONEY),
    "step": st.one_of(st.none(), st.integers(0, 3), MONEY),
    "share": EXACT_MONEY,
    "top_payment": EXACT_MONEY,
    "shares_together": EXACT_MONEY,
    "left_together": EXACT_MONEY,
    "each": EXACT_MONEY,
    "everyone_paid_same": st.booleans(),
    "ballots": st.sampled_from(["approval", "points"]),
}


@st.composite
def core_details(draw, kind):
    figures = {name: draw(FIGURE[name]) for name in FIGURES[kind]}
    if kind == "mes_not_funded" and draw(st.booleans()):
        figures["left_together"] = 0  # "they had spent all of it"
    if kind in ("greedy_funded", "top_up_funded") and draw(st.booleans()):
        # The budget untouched / nothing bought since equal shares.
        figures["left"] = figures.get("budget", figures.get("after_shares"))
    return detail(kind, draw(CURRENCIES), **figures)


@st.composite
def decision_details(draw, kind):
    if kind == "scores_unscored":
        return {"kind": kind, "currency": "£"}
    if kind in ("scores_funded", "scores_not_funded"):
        of = draw(st.integers(1, 250))
        found = {"kind": kind, "currency": "£", "place": draw(st.integers(1, of)), "of": of}
        found["cost"] = draw(MONEY)
        if kind == "scores_not_funded":
            found["left"] = draw(MONEY)
        return found
    if kind == "left_over_funded":
        note = draw(st.sampled_from(["The panel asked for it.", "", "50% of it, 100% agreed."]))
        asked = draw(MONEY)
        given_ = draw(st.one_of(st.just(asked), st.integers(0, asked)))
        return {"kind": kind, "currency": "£", "amount": given_, "asked": asked, "note": note}
    return {"kind": kind}


DECISION_ENGLISH = {
    "scores_funded": score_reason,
    "scores_not_funded": score_reason,
    "scores_unscored": score_reason,
    "left_over_funded": left_over_reason,
    "not_counted": lambda _detail: "Not funded.",
}


def any_detail():
    return st.one_of(
        *[core_details(kind) for kind in FIGURES],
        *[decision_details(kind) for kind in DECISION_ENGLISH],
    )


def stored_english(found):
    """The sentence the count (or the decision) stores for a detail."""
    if found["kind"] in FIGURES:
        return english(found)
    return DECISION_ENGLISH[found["kind"]](found)


def test_every_kind_is_said_and_tested():
    assert set(SAY) == set(FIGURES) | set(DECISION_ENGLISH)


@settings(max_examples=1500, deadline=None)
@given(any_detail())
def test_in_english_each_reason_is_the_stored_sentence(found):
    with translation.override("en-gb"):
        assert say(found) == stored_english(found)


@pytest.mark.parametrize("kind", sorted(SAY))
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_each_kind_in_english(kind, data):
    """Every kind on its own, so that none is left to chance."""
    strategy = core_details(kind) if kind in FIGURES else decision_details(kind)
    found = data.draw(strategy)
    with translation.override("en-gb"):
        assert say(found) == stored_english(found)


@pytest.mark.parametrize("language", ["cy", "ur"])
@settings(max_examples=300, deadline=None)
@given(found=any_detail())
def test_translated_reasons_fill_in_every_figure(language, found):
    with translation.override(language):
        said = say(found)
    assert "%(" not in said and "%s" not in said
    assert said != stored_english(found)


def test_money_as_the_count_writes_it():
    with translation.override("en-gb"):
        assert amount(1500) == "£1,500"
        assert amount(Fraction(113, 2)) == "about £57"
        assert amount(Fraction(1, 3)) == "less than £1"
        assert amount(5000, "PLN") == "5,000 PLN"
    with translation.override("cy"):
        assert amount(1500) == "£1,500"
        assert amount(Fraction(113, 2)) != "about £57"


def test_a_reason_without_detail_is_shown_as_stored():
    assert say(None, "Funded: 3 people voted for it.") == "Funded: 3 people voted for it."
    assert say({"kind": "from_the_future"}, "As stored.") == "As stored."
    assert say({"kind": "mes_funded", "support": 3}, "As stored.") == "As stored."
    assert say({"kind": "mes_summary", "each": "1/0"}, "As stored.") == "As stored."
