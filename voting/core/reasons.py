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
