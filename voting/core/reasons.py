"""Short, plain-English sentences that explain a result to a resident.

Aim: a reading age of about 9. Short sentences, everyday words, real numbers.

Every reason (and summary) is also kept in a structured form, its *detail*: a stable kind
name and the figures the sentence is made from, as plain JSON (``detail()``). The English
sentence is made from the detail (``english()``), so the two always agree; the web app keeps
both and says the detail again in the reader's language (``voting/reasons.py``). The kinds
and their figures are listed in ``FIGURES``.
"""

from __future__ import annotations

from fractions import Fraction

Money = int | Fraction


def round_half_up(amount: Money) -> int:
    fraction = Fraction(amount)
    whole, rest = divmod(fraction.numerator, fraction.denominator)
    return whole + (1 if 2 * rest >= fraction.denominator else 0)


def money(amount: Money, currency: str = "£") -> str:
    """Format an amount of money: ``£2,300``, ``about £56`` or ``5,000 PLN``.

    A currency given as letters (``PLN``, ``USD``) goes after the number; a symbol
    (``£``, ``$``, ``€``) goes before it. Amounts that are not whole are rounded and
    said to be "about" that much.
    """
    whole = round_half_up(amount)
    text = f"{whole:,}"
    if currency and currency.isalpha() and len(currency) > 1:
        text = f"{text} {currency}"
    else:
        text = f"{currency}{text}"
    if Fraction(amount).denominator != 1:
        if whole == 0 and amount > 0:
            return "less than " + money(1, currency)
        return "about " + text
    return text


def people(count: int) -> str:
    return "1 person" if count == 1 else f"{count:,} people"


def support_phrase(support: int, points: int | None) -> str:
    """ "41 people voted for it" or "41 people gave it 120 points"."""
    if points is None:
        return f"{people(support)} voted for it"
    point_word = "point" if points == 1 else "points"
    return f"{people(support)} gave it {points:,} {point_word}"


def nobody() -> str:
    return "Not funded: nobody voted for it."


def free(support: int, points: int | None) -> str:
    return f"Funded: {support_phrase(support, points)} and it cost nothing."


def greedy_funded(
    support: int, points: int | None, cost: int, left: int, budget: int, currency: str
) -> str:
    where = (
        f"the {money(budget, currency)} budget"
        if left == budget
        else f"the {money(left, currency)} that was left"
    )
    return (
        f"Funded: {support_phrase(support, points)}. "
        f"Its {money(cost, currency)} cost fitted in {where}."
    )


def greedy_not_funded(
    support: int, points: int | None, cost: int, left: int, budget: int, currency: str
) -> str:
    if cost > budget:
        return (
            f"Not funded: {support_phrase(support, points)}, but it cost "
            f"{money(cost, currency)}. That is more than the whole budget of "
            f"{money(budget, currency)}."
        )
    more = "more votes" if points is None else "more points"
    return (
        f"Not funded: {support_phrase(support, points)}. It cost "
        f"{money(cost, currency)} but only {money(left, currency)} was left "
        f"after paying for projects with {more}."
    )


def mes_funded(
    support: int,
    points: int | None,
    cost: int,
    share: Money,
    top_payment: Money,
    everyone_paid_same: bool,
    currency: str,
) -> str:
    each = "each" if everyone_paid_same else "each at most"
    return (
        f"Funded: {support_phrase(support, points)}. "
        f"Each person had an equal share of {money(share, currency)} to spend. "
        f"They shared its {money(cost, currency)} cost and paid "
        f"{money(top_payment, currency)} {each}."
    )


def mes_not_funded(
    support: int,
    points: int | None,
    cost: int,
    share: Money,
    shares_together: Money,
    left_together: Money,
    currency: str,
) -> str:
    """Why equal shares did not fund a project, from the count's own figures.

    ``share`` is each voter's equal share (after any raise), ``shares_together`` the whole
    shares of the project's supporters (``share`` x supporters) and ``left_together`` what
    they still had at the end. Spending elsewhere is only blamed when the whole shares
    would have been enough: otherwise the project could never have been paid for.
    """
    one = support == 1
    who = "the 1 person who voted for it" if one else f"the {support:,} people who voted for it"
    if shares_together < cost:
        if one:
            return (
                f"Not funded: {who} had an equal share of {money(share, currency)}. "
                f"Even if they had put their whole share towards it, that would be "
                f"{money(shares_together, currency)}, less than its {money(cost, currency)} cost."
            )
        return (
            f"Not funded: {who} had an equal share of {money(share, currency)} each. "
            f"Even if they had put their whole shares towards it, that would be "
            f"{money(shares_together, currency)}, less than its {money(cost, currency)} cost."
        )
    had = (
        f"had an equal share of {money(share, currency)}"
        if one
        else f"had equal shares worth {money(shares_together, currency)} together"
    )
    first = f"Not funded: {who} {had}, enough for its {money(cost, currency)} cost."
    if left_together == 0:
        return f"{first} But they had spent all of it on other projects they voted for."
    spent = shares_together - left_together
    return (
        f"{first} But they had spent {money(spent, currency)} of that on other projects "
        f"they voted for, so only {money(left_together, currency)} was left."
    )


def add1_raise(step: int, share: Money, currency: str) -> str:
    """What "every share was raised" means (the Add1 completion of equal shares)."""
    return (
        f"After that first count, money was left over. So every voter's share was raised by "
        f"{money(step, currency)}, to {money(share, currency)}, and the count was run again. "
        f"Shares go up {money(1, currency)} at a time until no more projects fit, or one more "
        f"step would cost more than the budget."
    )


def top_up_funded(
    support: int, points: int | None, cost: int, left: int, after_shares: int, currency: str
) -> str:
    """Funded by the greedy top-up. ``left`` was unspent just before it was paid for,
    ``after_shares`` was unspent straight after equal shares."""
    when = "After equal shares" if left == after_shares else "After equal shares and top-ups"
    return (
        f"Funded in the top-up: {support_phrase(support, points)}. {when}, "
        f"{money(left, currency)} was still unspent and its {money(cost, currency)} "
        f"cost fitted."
    )


def top_up_missed(cost: int, left: int, currency: str) -> str:
    return f" It also did not fit in the {money(left, currency)} left at the end."


def greedy_summary(ballots: str, spent: int, budget: int, currency: str) -> str:
    """``ballots`` is "approval" or "points"."""
    return (
        f"Projects were funded in order of {'votes' if ballots == 'approval' else 'points'}, "
        f"skipping any that did not fit. {money(spent, currency)} of "
        f"{money(budget, currency)} was spent."
    )


def mes_summary(
    voters: int,
    budget: int,
    each: Money,
    step: int | None,
    share: Money,
    spent: int,
    currency: str,
) -> str:
    """``each`` is the budget shared out equally, ``share`` each voter's share after ``step``
    raises (mes-add1; no raise when ``step`` is 0 or None)."""
    summary = (
        f"Each of the {voters:,} voters had an equal share of the "
        f"{money(budget, currency)} budget: {money(each, currency)}"
        f" each. Each project was paid for by the people who voted for it."
    )
    if step:
        summary += " " + add1_raise(step, share, currency)
    return summary + f" {money(spent, currency)} of {money(budget, currency)} was spent."


# --------------------------------------------------------------------------------------------
# The structured form
# --------------------------------------------------------------------------------------------
#: Each kind of reason or summary, with its figures. Every detail also has "kind" and
#: "currency". Figures named in EXACT are money that may not be whole: they are kept exactly,
#: as text ("1500", "811/20"); every other figure is an int, a bool, a str or None.
FIGURES = {
    "nobody": (),
    "free": ("support", "points"),
    "greedy_funded": ("support", "points", "cost", "left", "budget"),
    "greedy_not_funded": ("support", "points", "cost", "left", "budget"),
    "mes_funded": ("support", "points", "cost", "share", "top_payment", "everyone_paid_same"),
    # left_at_end: what was left after the top-up, or None when there was no top-up.
    "mes_not_funded": (
        "support",
        "points",
        "cost",
        "share",
        "shares_together",
        "left_together",
        "left_at_end",
    ),  # fmt: skip
    "top_up_funded": ("support", "points", "cost", "left", "after_shares"),
    "greedy_summary": ("ballots", "spent", "budget"),
    "mes_summary": ("voters", "budget", "each", "step", "share", "spent"),
}
EXACT = frozenset({"share", "top_payment", "shares_together", "left_together", "each"})


def exact(amount: Money) -> str:
    """Money as exact text: ``"1500"``, ``"811/20"``."""
    return str(Fraction(amount))


def money_of(text: str) -> Money:
    """Money kept by ``exact()``: an int when whole, else a Fraction."""
    value = Fraction(text)
    return value.numerator if value.denominator == 1 else value


def detail(kind: str, currency: str, **figures) -> dict:
    """The structured form of one reason or summary, as plain JSON."""
    if set(figures) != set(FIGURES[kind]):
        raise ValueError(f"{kind} takes {', '.join(FIGURES[kind])}")
    kept = {name: exact(v) if name in EXACT else v for name, v in figures.items()}
    return {"kind": kind, "currency": currency, **kept}


def _mes_not_funded_in_full(left_at_end: int | None, **figures) -> str:
    text = mes_not_funded(**figures)
    if left_at_end is not None:
        text += top_up_missed(figures["cost"], left_at_end, figures["currency"])
    return text


ENGLISH = {
    "nobody": lambda currency: nobody(),
    "free": lambda currency, **figures: free(**figures),
    "greedy_funded": greedy_funded,
    "greedy_not_funded": greedy_not_funded,
    "mes_funded": mes_funded,
    "mes_not_funded": _mes_not_funded_in_full,
    "top_up_funded": top_up_funded,
    "greedy_summary": greedy_summary,
    "mes_summary": mes_summary,
}


def english(said: dict) -> str:
    """The English sentences of a detail (made by ``detail()``)."""
    figures = {
        name: money_of(value) if name in EXACT else value
        for name, value in said.items()
        if name != "kind"
    }
    return ENGLISH[said["kind"]](**figures)
