"""Short, plain-English sentences that explain a result to a resident.

Aim: a reading age of about 9. Short sentences, everyday words, real numbers.
"""

from __future__ import annotations

from fractions import Fraction

Money = int | Fraction


def _round_half_up(amount: Money) -> int:
    fraction = Fraction(amount)
    whole, rest = divmod(fraction.numerator, fraction.denominator)
    return whole + (1 if 2 * rest >= fraction.denominator else 0)


def money(amount: Money, currency: str = "£") -> str:
    """Format an amount of money: ``£2,300``, ``about £56`` or ``5,000 PLN``.

    A currency given as letters (``PLN``, ``USD``) goes after the number; a symbol
    (``£``, ``$``, ``€``) goes before it. Amounts that are not whole are rounded and
    said to be "about" that much.
    """
    whole = _round_half_up(amount)
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
    left_together: Money,
    shares_together: Money,
    currency: str,
) -> str:
    who = (
        "the 1 person who voted for it"
        if support == 1
        else f"the {support:,} people who voted for it"
    )
    if left_together >= shares_together:
        return (
            f"Not funded: {who} had equal shares worth {money(shares_together, currency)} "
            f"together. That was not enough for its {money(cost, currency)} cost."
        )
    spent = shares_together - left_together
    amount = "most of" if 2 * spent > shares_together else "some of"
    if left_together == 0:
        amount = "all of"
    return (
        f"Not funded: {who} had already spent {amount} their equal shares on other "
        f"projects they chose. They had {money(left_together, currency)} left together, "
        f"but it cost {money(cost, currency)}."
    )


def top_up_funded(support: int, points: int | None, cost: int, left: int, currency: str) -> str:
    return (
        f"Funded in the top-up: {support_phrase(support, points)}. After equal shares, "
        f"{money(left, currency)} was still unspent and its {money(cost, currency)} "
        f"cost fitted."
    )


def top_up_missed(cost: int, left: int, currency: str) -> str:
    return f" It also did not fit in the {money(left, currency)} left at the end."
