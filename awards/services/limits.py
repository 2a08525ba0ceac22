"""The round's limits on offers: its largest grant, and its budget against live commitments
(`awards.selectors.round_money`). An officer may go past them only with a reason."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from core.transitions import TransitionRefused
from grants.selectors import round_for_update

from ..selectors import round_money


class OverLimits(TransitionRefused):
    """An offer above the round's largest grant or budget, with no reason to go past them."""

    def __init__(self, problems):
        problems = list(problems) + [
            gettext("To offer it anyway, say why in “Reason for going past the round's limits”.")
        ]
        super().__init__(problems[0], problems)
        self.by_field = {"amount": " ".join(problems[:-1]), "override_reason": problems[-1]}


def limit_problems(rnd, amount, *, committed=None):
    """What an offer of `amount` would pass, in plain words (empty: within the limits)."""
    problems = []
    if rnd.max_grant and amount > rnd.max_grant:
        problems.append(
            gettext("%(amount)s is more than the round's largest grant (%(largest)s).")
            % {"amount": f"£{amount:,}", "largest": f"£{rnd.max_grant:,}"}
        )
    if rnd.budget is not None:
        committed = round_money(rnd).committed if committed is None else committed
        if committed + amount > rnd.budget:
            problems.append(
                gettext(
                    "The round's budget is %(budget)s and %(committed)s is already offered, "
                    "awarded or spent, so this offer would go %(over)s over it."
                )
                % {
                    "budget": f"£{rnd.budget:,}",
                    "committed": f"£{committed:,}",
                    "over": f"£{committed + amount - rnd.budget:,}",
                }
            )
    return problems


def limits_refuse_or_override(rnd, amount, override_reason=""):
    """Inside the offer's transaction: lock the round (so two offers at once cannot both fit
    the last of the budget), then refuse an offer past the limits unless there is a reason.
    Returns the limits passed (to be recorded with the reason, in the audit trail's language)."""
    locked = round_for_update(rnd)
    committed = round_money(locked).committed if locked.budget is not None else None
    problems = limit_problems(locked, amount, committed=committed)
    if problems and not (override_reason or "").strip():
        raise OverLimits(problems)
    if not problems:
        return problems
    with translation.override(settings.LANGUAGE_CODE):
        return limit_problems(locked, amount, committed=committed)
