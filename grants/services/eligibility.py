"""A round's eligibility check: the few yes/no questions asked before anyone signs in.

`Round.eligibility_questions` is a list of `{"question": ..., "needed": ..., "if_not": ...}`:
- `question`: a plain yes/no question;
- `needed`: the answer that lets people carry on: true means "yes" carries on, false means "no"
  does (see `forms_apply.EligibilityForm.reasons_not_eligible`);
- `if_not`: what people who answer the other way are told: why, and where else to look.

Officers keep between 1 and 5 questions (the design asks for 3 to 5). A round with none skips
the check, so rounds made before this rule still work. The check can change on the same terms
as the questions for applicants: while the round is a draft, or while it is open and nobody has
sent an application yet. Changing it while open does not ask again the people who already
passed it.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.forms import plain_text
from core.permissions import can
from core.refusals import Refused

from ..models import ApplicationState, Round, RoundState

MIN_QUESTIONS, MAX_QUESTIONS = 1, 5
QUESTION_MAX_LENGTH = 200
IF_NOT_MAX_LENGTH = 600


class EligibilityRefused(Refused):
    """The check cannot be saved, with words a person can act on."""


def current_questions(rnd):
    """The round's questions as saved, tidied: entries without a question are left out (the
    applicant's page leaves them out too), `needed` is a true/false (missing means "yes"
    carries on) and `if_not` is a string."""
    found = []
    for item in rnd.eligibility_questions or []:
        if not isinstance(item, dict) or not item.get("question"):
            continue
        found.append(
            {
                "question": str(item["question"]),
                "needed": bool(item.get("needed", True)),
                "if_not": str(item.get("if_not") or ""),
            }
        )
    return found


def fixed_reason(rnd):
    """Why the check cannot change now, in plain words; "" when it can."""

    if rnd.state == RoundState.DRAFT:
        return ""
    if rnd.state != RoundState.OPEN:
        return _("This round is at the “%(stage)s” stage, so its eligibility check is fixed.") % {
            "stage": rnd.get_state_display()
        }
    if rnd.applications.exclude(state=ApplicationState.DRAFT).exists():
        return _("Groups have started sending applications, so the eligibility check is fixed.")
    return ""


def _too_many(n):
    return ngettext(
        "A round can ask at most %(max)s question. Remove question %(n)s or another one.",
        "A round can ask at most %(max)s questions. Remove question %(n)s or another one.",
        MAX_QUESTIONS,
    ) % {"max": MAX_QUESTIONS, "n": n}


def _text_rules():
    """(key, longest, message when missing, message when too long) for each text of an item."""
    return [
        (
            "question",
            QUESTION_MAX_LENGTH,
            _("Enter question %(n)s"),
            _("Question %(n)s must be %(limit)s characters or fewer (it has %(count)s)"),
        ),
        (
            "if_not",
            IF_NOT_MAX_LENGTH,
            _("Write what to tell people who cannot apply because of question %(n)s"),
            _(
                "What to tell people who cannot apply (question %(n)s) must be %(limit)s "
                "characters or fewer (it has %(count)s)"
            ),
        ),
    ]


def problems(items, numbers=None):
    """What is wrong with a list of questions: [(index, key, message)], where index is the
    item's place in `items` (None for the list as a whole) and key is "question", "needed" or
    "if_not". `numbers[i]` is the number people see for item i (item i is "question i + 1"
    unless told otherwise)."""

    numbers = list(numbers) if numbers is not None else list(range(1, len(items) + 1))
    found = []
    if len(items) < MIN_QUESTIONS:
        found.append(
            (None, None, _("Keep at least one question. Without one, the check cannot be saved."))
        )
    for i, item in enumerate(items):
        n = numbers[i]
        if i >= MAX_QUESTIONS:
            found.append((i, "question", _too_many(n)))
        for key, limit, missing, too_long in _text_rules():
            value = item.get(key)
            if not isinstance(value, str) or not value.strip():
                found.append((i, key, missing % {"n": n}))
            elif len(value) > limit:
                found.append(
                    (i, key, too_long % {"n": n, "limit": f"{limit:,}", "count": len(value)})
                )
            else:
                try:
                    plain_text(value)
                except ValidationError as refused:
                    found.append((i, key, " ".join(refused.messages)))
        if not isinstance(item.get("needed"), bool):
            found.append(
                (
                    i,
                    "needed",
                    _("Choose which answer to question %(n)s lets people carry on") % {"n": n},
                )
            )
    return found


def _stripped(value):
    return value.strip() if isinstance(value, str) else value


def eligibility_questions_set(rnd, items, *, by):
    """Save the round's eligibility check: `items` is the whole list, in order. Raises
    `EligibilityRefused` when the list breaks a rule, the person may not change the round, or
    the check is fixed now (checked again with the round locked). Returns the round."""

    cleaned = [
        {
            "question": _stripped(item.get("question")),
            "needed": item.get("needed"),
            "if_not": _stripped(item.get("if_not")),
        }
        for item in (each if isinstance(each, dict) else {} for each in items)
    ]
    if not can(by, "manage_round", rnd):
        raise EligibilityRefused(_("You are not allowed to change this round."))
    found = problems(cleaned)
    if found:
        raise EligibilityRefused(
            _("The eligibility check was not saved."), [message for *_where, message in found]
        )
    with transaction.atomic():
        locked = Round.objects.select_for_update().get(pk=rnd.pk)
        reason = fixed_reason(locked)
        if reason:
            raise EligibilityRefused(reason)
        locked.eligibility_questions = cleaned
        locked.save(update_fields=["eligibility_questions", "updated_at"])
    rnd.eligibility_questions = cleaned
    return rnd
