"""Why each plan was or was not funded, in the reader's language.

The count keeps every reason twice (see `voting.core.reasons`): in English, for the outcome,
the audit trail and the command line, and in structured form, a *detail*: a kind name and the
figures the sentences are made from. `say(detail, english)` says a detail again as whole
sentences marked for translation, in the active language; in English it gives exactly the
stored sentence (tests/voting/test_reasons_said.py checks this for every kind). A reason kept
before details were (or one of a kind this file does not know) is shown as stored.

The kinds come from the counting core (`voting.core.reasons.FIGURES`) and from the decision
(`voting.services.decision`: the panel's scores, left-over money).
"""

from fractions import Fraction

from django.utils.functional import lazy
from django.utils.translation import gettext, ngettext, pgettext

from voting.core.reasons import EXACT, money, money_of, round_half_up

# Figures that are money (whole units), besides the exact ones in EXACT.
WHOLE_MONEY = frozenset(
    {"cost", "left", "budget", "after_shares", "spent", "left_at_end", "step", "amount", "asked"}
)


def amount(value, currency="£"):
    """Money as the count writes it ("£1,500", "5,000 PLN"); an amount that is not whole is
    "about £57" (or "less than £1"), in the active language."""
    value = Fraction(value)
    whole = round_half_up(value)
    if value.denominator == 1:
        return money(whole, currency)
    if whole == 0 and value > 0:
        return gettext("less than %(amount)s") % {"amount": money(1, currency)}
    return gettext("about %(amount)s") % {"amount": money(whole, currency)}


def _points(points):
    return ngettext("%(count)s point", "%(count)s points", points) % {"count": f"{points:,}"}


def _place(number):
    """1st, 2nd, 3rd, 4th... (translations usually give the plain number)."""
    figures = {"number": number}
    if 10 <= number % 100 <= 20 or number % 10 not in (1, 2, 3):
        return pgettext("place in a ranking", "%(number)sth") % figures
    if number % 10 == 1:
        return pgettext("place in a ranking", "%(number)sst") % figures
    if number % 10 == 2:
        return pgettext("place in a ranking", "%(number)snd") % figures
    return pgettext("place in a ranking", "%(number)srd") % figures


def _shown(detail):
    """Each figure of a detail as it is written in a sentence."""
    currency = detail.get("currency", "£")
    shown = {}
    for name, value in detail.items():
        if name in EXACT:
            shown[name] = amount(money_of(value), currency)
        elif name in WHOLE_MONEY and value is not None:
            shown[name] = amount(value, currency)
        elif name == "points" and value is not None:
            shown[name] = _points(value)
        elif name in ("support", "voters"):
            shown["count" if name == "support" else name] = f"{value:,}"
    if "place" in detail:
        shown["place"] = _place(detail["place"])
        shown["of"] = detail["of"]
    shown["unit"] = amount(1, currency)
    return shown


def _sentences(*parts):
    return " ".join(part for part in parts if part)


# --------------------------------------------------------------------------------------------
# The counting core's kinds
# --------------------------------------------------------------------------------------------
def _nobody(d):
    return gettext("Not funded: nobody voted for it.")


def _free(d):
    n = d["support"]
    if d["points"] is None:
        return ngettext(
            "Funded: %(count)s person voted for it and it cost nothing.",
            "Funded: %(count)s people voted for it and it cost nothing.",
            n,
        )
    return ngettext(
        "Funded: %(count)s person gave it %(points)s and it cost nothing.",
        "Funded: %(count)s people gave it %(points)s and it cost nothing.",
        n,
    )


def _funded(d):
    """The first sentence of a reason for funding: who voted for it."""
    n = d["support"]
    if d["points"] is None:
        return ngettext(
            "Funded: %(count)s person voted for it.", "Funded: %(count)s people voted for it.", n
        )
    return ngettext(
        "Funded: %(count)s person gave it %(points)s.",
        "Funded: %(count)s people gave it %(points)s.",
        n,
    )


def _greedy_funded(d):
    if d["left"] == d["budget"]:
        fitted = gettext("Its %(cost)s cost fitted in the %(budget)s budget.")
    else:
        fitted = gettext("Its %(cost)s cost fitted in the %(left)s that was left.")
    return _sentences(_funded(d), fitted)


def _greedy_not_funded(d):
    n = d["support"]
    if d["cost"] > d["budget"]:
        if d["points"] is None:
            first = ngettext(
                "Not funded: %(count)s person voted for it, but it cost %(cost)s.",
                "Not funded: %(count)s people voted for it, but it cost %(cost)s.",
                n,
            )
        else:
            first = ngettext(
                "Not funded: %(count)s person gave it %(points)s, but it cost %(cost)s.",
                "Not funded: %(count)s people gave it %(points)s, but it cost %(cost)s.",
                n,
            )
        return _sentences(first, gettext("That is more than the whole budget of %(budget)s."))
    if d["points"] is None:
        first = ngettext(
            "Not funded: %(count)s person voted for it.",
            "Not funded: %(count)s people voted for it.",
            n,
        )
        then = gettext(
            "It cost %(cost)s but only %(left)s was left after paying for projects with more votes."
        )
    else:
        first = ngettext(
            "Not funded: %(count)s person gave it %(points)s.",
            "Not funded: %(count)s people gave it %(points)s.",
            n,
        )
        then = gettext(
            "It cost %(cost)s but only %(left)s was left after paying for projects with more "
            "points."
        )
    return _sentences(first, then)


def _mes_funded(d):
    n = d["support"]
    if d["everyone_paid_same"]:
        paid = ngettext(
            "They shared its %(cost)s cost and paid %(top_payment)s each.",
            "They shared its %(cost)s cost and paid %(top_payment)s each.",
            n,
        )
    else:
        paid = ngettext(
            "They shared its %(cost)s cost and paid %(top_payment)s each at most.",
            "They shared its %(cost)s cost and paid %(top_payment)s each at most.",
            n,
        )
    share = gettext("Each person had an equal share of %(share)s to spend.")
    return _sentences(_funded(d), share, paid)


def _mes_not_funded(d):
    why = _mes_never_enough(d) or _mes_spent_elsewhere(d)
    return _sentences(*why, _top_up_missed(d))


def _mes_never_enough(d):
    """Their whole shares could never have paid for it (None: they could have)."""
    if money_of(d["shares_together"]) >= d["cost"]:
        return None
    n = d["support"]
    return (
        ngettext(
            "Not funded: the %(count)s person who voted for it had an equal share of %(share)s.",
            "Not funded: the %(count)s people who voted for it had an equal share of %(share)s "
            "each.",
            n,
        ),
        ngettext(
            "Even if they had put their whole share towards it, that would be "
            "%(shares_together)s, less than its %(cost)s cost.",
            "Even if they had put their whole shares towards it, that would be "
            "%(shares_together)s, less than its %(cost)s cost.",
            n,
        ),
    )


def _mes_spent_elsewhere(d):
    n = d["support"]
    first = ngettext(
        "Not funded: the %(count)s person who voted for it had an equal share of %(share)s, "
        "enough for its %(cost)s cost.",
        "Not funded: the %(count)s people who voted for it had equal shares worth "
        "%(shares_together)s together, enough for its %(cost)s cost.",
        n,
    )
    if money_of(d["left_together"]) == 0:
        return first, ngettext(
            "But they had spent all of it on other projects they voted for.",
            "But they had spent all of it on other projects they voted for.",
            n,
        )
    return first, ngettext(
        "But they had spent %(spent_elsewhere)s of that on other projects they voted for, so "
        "only %(left_together)s was left.",
        "But they had spent %(spent_elsewhere)s of that on other projects they voted for, so "
        "only %(left_together)s was left.",
        n,
    )


def _top_up_missed(d):
    if d["left_at_end"] is None:
        return ""
    return gettext("It also did not fit in the %(left_at_end)s left at the end.")


def _top_up_funded(d):
    n = d["support"]
    if d["points"] is None:
        first = ngettext(
            "Funded in the top-up: %(count)s person voted for it.",
            "Funded in the top-up: %(count)s people voted for it.",
            n,
        )
    else:
        first = ngettext(
            "Funded in the top-up: %(count)s person gave it %(points)s.",
            "Funded in the top-up: %(count)s people gave it %(points)s.",
            n,
        )
    if d["left"] == d["after_shares"]:
        then = gettext(
            "After equal shares, %(left)s was still unspent and its %(cost)s cost fitted."
        )
    else:
        then = gettext(
            "After equal shares and top-ups, %(left)s was still unspent and its %(cost)s cost "
            "fitted."
        )
    return _sentences(first, then)


def _greedy_summary(d):
    if d["ballots"] == "approval":
        order = gettext("Projects were funded in order of votes, skipping any that did not fit.")
    else:
        order = gettext("Projects were funded in order of points, skipping any that did not fit.")
    return _sentences(order, gettext("%(spent)s of %(budget)s was spent."))


def _mes_summary(d):
    shares = ngettext(
        "Each of the %(voters)s voters had an equal share of the %(budget)s budget: %(each)s each.",
        "Each of the %(voters)s voters had an equal share of the %(budget)s budget: %(each)s each.",
        d["voters"],
    )
    raised = ()
    if d["step"]:
        raised = (
            gettext("After that first count, money was left over."),
            gettext(
                "So every voter's share was raised by %(step)s, to %(share)s, and the count was "
                "run again."
            ),
            gettext(
                "Shares go up %(unit)s at a time until no more projects fit, or one more step "
                "would cost more than the budget."
            ),
        )
    return _sentences(
        shares,
        gettext("Each project was paid for by the people who voted for it."),
        *raised,
        gettext("%(spent)s of %(budget)s was spent."),
    )


# --------------------------------------------------------------------------------------------
# The decision's kinds
# --------------------------------------------------------------------------------------------
def _scores_funded(d):
    return gettext(
        "Funded: the panel's scores put it %(place)s of %(of)s, and the %(cost)s it asked for "
        "fitted in what was left."
    )


def _scores_not_funded(d):
    return _sentences(
        gettext("Not funded: the panel's scores put it %(place)s of %(of)s."),
        gettext("By then only %(left)s was left, less than the %(cost)s it asked for."),
    )


def _scores_unscored(d):
    return gettext("Not funded: the panel did not score it.")


def _left_over_funded(d):
    if d["amount"] >= d["asked"]:
        funded = gettext("Funded in full, from money left over after the vote.")
    else:
        funded = gettext(
            "Funded in part: %(amount)s of %(asked)s, from money left over after the vote."
        )
    # The officer's own words follow, as typed.
    return funded + " " + "%(note)s"


def _not_counted(d):
    return gettext("Not funded.")


SAY = {
    "nobody": _nobody,
    "free": _free,
    "greedy_funded": _greedy_funded,
    "greedy_not_funded": _greedy_not_funded,
    "mes_funded": _mes_funded,
    "mes_not_funded": _mes_not_funded,
    "top_up_funded": _top_up_funded,
    "greedy_summary": _greedy_summary,
    "mes_summary": _mes_summary,
    "scores_funded": _scores_funded,
    "scores_not_funded": _scores_not_funded,
    "scores_unscored": _scores_unscored,
    "left_over_funded": _left_over_funded,
    "not_counted": _not_counted,
}


def say(detail, english=""):
    """A reason or summary in the active language, from its detail; `english` (the stored
    sentence) when there is no detail, or one this file can not read (a kind it does not know,
    a figure missing): a stored outcome never stops a results page."""
    sentences = SAY.get(detail.get("kind")) if isinstance(detail, dict) else None
    if sentences is None:
        return english
    try:
        shown = _shown(detail)
        if "shares_together" in detail and "left_together" in detail:
            spent = money_of(detail["shares_together"]) - money_of(detail["left_together"])
            shown["spent_elsewhere"] = amount(spent, detail.get("currency", "£"))
        if "note" in detail:
            shown["note"] = detail["note"]
        return sentences(detail) % shown
    except (KeyError, TypeError, ValueError, ZeroDivisionError):
        return english


#: `say`, put off until the words are shown: for an email, said in the language it is written in.
say_lazily = lazy(say, str)
