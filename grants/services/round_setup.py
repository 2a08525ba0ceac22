"""Setting up a round: its questions and scoring criteria, and what may change when.

Questions change while the round is a draft, or while it is open and nobody has sent an
application; criteria only while it is a draft. A round has at most MAX_QUESTIONS questions and
MIN_CRITERIA to MAX_CRITERIA criteria. Pages catch `SetupRefused` and show its words.
"""

from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core.refusals import Refused

from ..models import ApplicationState, RoundState
from ..round_template import apply_template

MAX_QUESTIONS = 10
MIN_CRITERIA, MAX_CRITERIA = 2, 6

QUESTIONS_FIXED = gettext_lazy(
    "Groups have started sending applications, so the questions are fixed."
)
CRITERIA_FIXED = gettext_lazy("The round is open, so its scoring criteria are fixed.")
QUESTION_ANSWERED = gettext_lazy(
    "Groups have started answering this question, so it cannot be removed. "
    "You can change its words or make it optional instead."
)


class SetupRefused(Refused):
    """A change to a round's set-up that is not allowed now."""


def questions_editable(rnd):
    """Questions change while the round is a draft, or while nobody has sent an application."""
    if rnd.state == RoundState.DRAFT:
        return True
    if rnd.state != RoundState.OPEN:
        return False
    return not rnd.applications.exclude(state=ApplicationState.DRAFT).exists()


def criteria_editable(rnd):
    return rnd.state == RoundState.DRAFT


def round_create(form):
    """Save a new round from its form, as a draft, with the template's questions and criteria."""
    with transaction.atomic():
        rnd = form.save()
        apply_template(rnd)
    return rnd


def round_update(form, *, old_score_max):
    """Save a round's settings; a new score scale keeps the descriptors that still fit."""
    with transaction.atomic():
        rnd = form.save()
        if rnd.score_max != old_score_max:
            _resize_descriptors(rnd)
    return rnd


def _resize_descriptors(rnd):
    """New points are empty (and the round cannot open until they are written)."""
    for criterion in rnd.criteria.all():
        words = list(criterion.descriptors or [])[: rnd.score_max]
        criterion.descriptors = words + [""] * (rnd.score_max - len(words))
        criterion.save(update_fields=["descriptors"])


def _after_the_last(items):
    """The order number that puts a new question or criterion at the end of the list."""
    return (items.order_by("-order").values_list("order", flat=True).first() or 0) + 1


def _move(items, item, direction):
    items = list(items)
    i = next(n for n, other in enumerate(items) if other.pk == item.pk)
    j = i - 1 if direction == "up" else i + 1
    if 0 <= j < len(items):
        items[i], items[j] = items[j], items[i]
    for order, other in enumerate(items):
        if other.order != order:
            other.order = order
            other.save(update_fields=["order"])


# --------------------------------------------------------------------------------------------
# Questions
# --------------------------------------------------------------------------------------------
def question_may_be_added(rnd, question=None):
    """Raise SetupRefused if `question` (None: a new one) may not be written now."""
    if not questions_editable(rnd):
        raise SetupRefused(str(QUESTIONS_FIXED))
    if question is None and rnd.questions.count() >= MAX_QUESTIONS:
        raise SetupRefused(
            ngettext(
                "A round can have at most %(max)s question. Keep it short.",
                "A round can have at most %(max)s questions. Keep it short.",
                MAX_QUESTIONS,
            )
            % {"max": MAX_QUESTIONS}
        )


def question_save(rnd, form, question=None):
    question_may_be_added(rnd, question)
    saved = form.save(commit=False)
    if question is None:
        saved.round = rnd
        saved.order = _after_the_last(rnd.questions)
    saved.save()
    return saved


def question_remove(rnd, question):
    if not questions_editable(rnd):
        raise SetupRefused(str(QUESTIONS_FIXED))
    if question.answers.exists():
        raise SetupRefused(str(QUESTION_ANSWERED))
    try:
        question.delete()
    except ProtectedError:  # an answer arrived a moment ago
        raise SetupRefused(str(QUESTION_ANSWERED)) from None


def question_move(rnd, question, direction):
    if not questions_editable(rnd):
        raise SetupRefused(str(QUESTIONS_FIXED))
    with transaction.atomic():
        _move(rnd.questions.select_for_update(), question, direction)


# --------------------------------------------------------------------------------------------
# Scoring criteria
# --------------------------------------------------------------------------------------------
def criterion_may_be_added(rnd, criterion=None):
    if not criteria_editable(rnd):
        raise SetupRefused(str(CRITERIA_FIXED))
    if criterion is None and rnd.criteria.count() >= MAX_CRITERIA:
        raise SetupRefused(
            ngettext(
                "A round can have at most %(max)s criterion.",
                "A round can have at most %(max)s criteria.",
                MAX_CRITERIA,
            )
            % {"max": MAX_CRITERIA}
        )


def criterion_save(rnd, form, criterion=None):
    criterion_may_be_added(rnd, criterion)
    saved = form.save(commit=False)
    if criterion is None:
        saved.round = rnd
        saved.order = _after_the_last(rnd.criteria)
    saved.save()
    return saved


def criterion_remove(rnd, criterion):
    if not criteria_editable(rnd):
        raise SetupRefused(str(CRITERIA_FIXED))
    if rnd.criteria.count() <= MIN_CRITERIA:
        raise SetupRefused(
            ngettext(
                "A round needs at least %(min)s criterion. Add another first.",
                "A round needs at least %(min)s criteria. Add another first.",
                MIN_CRITERIA,
            )
            % {"min": MIN_CRITERIA}
        )
    try:
        criterion.delete()
    except ProtectedError:
        raise SetupRefused(
            _("The panel has scored this criterion, so it cannot be removed.")
        ) from None


def criterion_move(rnd, criterion, direction):
    if not criteria_editable(rnd):
        raise SetupRefused(str(CRITERIA_FIXED))
    with transaction.atomic():
        _move(rnd.criteria.select_for_update(), criterion, direction)
