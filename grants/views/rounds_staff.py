"""Officers set up rounds in Seedbed's own pages: settings, questions, scoring criteria and
the eligibility check.

Who may do what: officers of the round's funder change things (`manage_round`,
`manage_funder`). The funder's viewers may see the round but every page that changes something
answers 403. Staff of other funders get 404: they are not told the round exists.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django_fsm import ConcurrentTransition

from core.guards import allowed_or_403, allowed_or_404, staff_only

from ..forms.eligibility import EligibilityQuestionsForm
from ..forms.questions import CriterionForm, MoveForm, QuestionForm
from ..forms.rounds import RoundForm, round_is_editable
from ..models import Criterion, Funder, Question, Round, RoundState
from ..services import eligibility
from ..services import round_setup as setup


def _round_for_viewing(request, pk):
    rnd = get_object_or_404(Round.objects.select_related("funder"), pk=pk)
    return allowed_or_404(request.user, "view_round_dashboard", rnd)


def _round_for_changing(request, pk):
    return allowed_or_403(request.user, "manage_round", _round_for_viewing(request, pk))


# --------------------------------------------------------------------------------------------
# Settings
# --------------------------------------------------------------------------------------------
@staff_only
def round_create(request, funder_pk):
    funder = allowed_or_404(request.user, "view_funder", get_object_or_404(Funder, pk=funder_pk))
    allowed_or_403(request.user, "manage_funder", funder)
    form = RoundForm(request.POST or None, funder=funder)
    if request.method == "POST" and form.is_valid():
        rnd = setup.round_create(form)
        messages.success(
            request,
            gettext(
                "Round saved as a draft, with our starting questions and criteria. "
                "Check them, then open the round."
            ),
        )
        return redirect("staff_round", pk=rnd.pk)
    return render(
        request,
        "grants/staff/rounds/form.html",
        {"form": form, "funder": funder, "round": None, "creating": True},
    )


@staff_only
def round_edit(request, pk):
    rnd = _round_for_changing(request, pk)
    editable = round_is_editable(rnd)
    form = RoundForm(request.POST if request.method == "POST" and editable else None, instance=rnd)
    if request.method == "POST" and editable and form.is_valid():
        old_score_max = Round.objects.values_list("score_max", flat=True).get(pk=rnd.pk)
        try:
            rnd = setup.round_update(form, old_score_max=old_score_max)
        except ConcurrentTransition:
            messages.error(
                request,
                gettext(
                    "Someone moved this round to another stage while you were editing. "
                    "Your changes were not saved: check the stage, then try again."
                ),
            )
            return redirect("staff_round", pk=rnd.pk)
        messages.success(request, gettext("The round's settings are saved."))
        return redirect("staff_round", pk=rnd.pk)
    return render(
        request,
        "grants/staff/rounds/form.html",
        {
            "form": form,
            "funder": rnd.funder,
            "round": rnd,
            "creating": False,
            "editable": editable,
        },
    )


# --------------------------------------------------------------------------------------------
# Questions
# --------------------------------------------------------------------------------------------
@staff_only
def question_list(request, pk):
    rnd = _round_for_changing(request, pk)
    return render(
        request,
        "grants/staff/rounds/questions.html",
        {
            "round": rnd,
            "questions": list(rnd.questions.all()),
            "editable": setup.questions_editable(rnd),
            "max_questions": setup.MAX_QUESTIONS,
        },
    )


@staff_only
def question_edit(request, pk, question_pk=None):
    rnd = _round_for_changing(request, pk)
    question = get_object_or_404(Question, pk=question_pk, round=rnd) if question_pk else None
    try:
        setup.question_may_be_added(rnd, question)
    except setup.SetupRefused as refused:
        messages.error(request, refused.message)
        return redirect("staff_round_questions", pk=rnd.pk)
    form = QuestionForm(request.POST or None, instance=question)
    if request.method == "POST" and form.is_valid():
        setup.question_save(rnd, form, question)
        messages.success(request, gettext("Question saved."))
        return redirect("staff_round_questions", pk=rnd.pk)
    return render(
        request,
        "grants/staff/rounds/question_form.html",
        {"round": rnd, "form": form, "question": question},
    )


@staff_only
@require_POST
def question_remove(request, pk, question_pk):
    rnd = _round_for_changing(request, pk)
    question = get_object_or_404(Question, pk=question_pk, round=rnd)
    try:
        setup.question_remove(rnd, question)
    except setup.SetupRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request, gettext("Removed the question “%(question)s”.") % {"question": question.text}
        )
    return redirect("staff_round_questions", pk=rnd.pk)


# A move that is not up or down (only a tampered post sends one): say so, change nothing.
MOVE_REFUSED = _("Nothing moved: use the Up or Down button.")


@staff_only
@require_POST
def question_move(request, pk, question_pk):
    rnd = _round_for_changing(request, pk)
    question = get_object_or_404(Question, pk=question_pk, round=rnd)
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, MOVE_REFUSED)
    else:
        try:
            setup.question_move(rnd, question, form.cleaned_data["direction"])
        except setup.SetupRefused as refused:
            messages.error(request, refused.message)
    return redirect("staff_round_questions", pk=rnd.pk)


# --------------------------------------------------------------------------------------------
# Scoring criteria
# --------------------------------------------------------------------------------------------
@staff_only
def criterion_list(request, pk):
    rnd = _round_for_changing(request, pk)
    return render(
        request,
        "grants/staff/rounds/criteria.html",
        {
            "round": rnd,
            "criteria": list(rnd.criteria.all()),
            "editable": setup.criteria_editable(rnd),
            "min_criteria": setup.MIN_CRITERIA,
            "max_criteria": setup.MAX_CRITERIA,
            "points": range(1, rnd.score_max + 1),
        },
    )


@staff_only
def criterion_edit(request, pk, criterion_pk=None):
    rnd = _round_for_changing(request, pk)
    criterion = get_object_or_404(Criterion, pk=criterion_pk, round=rnd) if criterion_pk else None
    try:
        setup.criterion_may_be_added(rnd, criterion)
    except setup.SetupRefused as refused:
        messages.error(request, refused.message)
        return redirect("staff_round_criteria", pk=rnd.pk)
    form = CriterionForm(request.POST or None, instance=criterion, score_max=rnd.score_max)
    if request.method == "POST" and form.is_valid():
        setup.criterion_save(rnd, form, criterion)
        messages.success(request, gettext("Criterion saved."))
        return redirect("staff_round_criteria", pk=rnd.pk)
    return render(
        request,
        "grants/staff/rounds/criterion_form.html",
        {"round": rnd, "form": form, "criterion": criterion},
    )


@staff_only
@require_POST
def criterion_remove(request, pk, criterion_pk):
    rnd = _round_for_changing(request, pk)
    criterion = get_object_or_404(Criterion, pk=criterion_pk, round=rnd)
    try:
        setup.criterion_remove(rnd, criterion)
    except setup.SetupRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request,
            gettext("Removed the criterion “%(criterion)s”.") % {"criterion": criterion.title},
        )
    return redirect("staff_round_criteria", pk=rnd.pk)


@staff_only
@require_POST
def criterion_move(request, pk, criterion_pk):
    rnd = _round_for_changing(request, pk)
    criterion = get_object_or_404(Criterion, pk=criterion_pk, round=rnd)
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, MOVE_REFUSED)
    else:
        try:
            setup.criterion_move(rnd, criterion, form.cleaned_data["direction"])
        except setup.SetupRefused as refused:
            messages.error(request, refused.message)
    return redirect("staff_round_criteria", pk=rnd.pk)


# --------------------------------------------------------------------------------------------
# The eligibility check (yes/no questions asked before anyone signs in)
# --------------------------------------------------------------------------------------------
@staff_only
def eligibility_edit(request, pk):
    rnd = _round_for_changing(request, pk)
    fixed = eligibility.fixed_reason(rnd)
    current = eligibility.current_questions(rnd)
    changing = request.method == "POST" and not fixed
    form = EligibilityQuestionsForm(request.POST if changing else None, questions=current)
    if request.method == "POST" and fixed:
        messages.error(
            request, gettext("%(reason)s Your changes were not saved.") % {"reason": fixed}
        )
        return redirect("staff_round_eligibility", pk=rnd.pk)
    if changing and form.is_valid():
        try:
            eligibility.eligibility_questions_set(rnd, form.questions, by=request.user)
        except eligibility.EligibilityRefused as refused:
            # Shown with the form, so nothing typed is lost.
            for problem in refused.problems or [refused.message]:
                form.add_error(None, problem)
        else:
            messages.success(request, gettext("The eligibility check is saved."))
            return redirect("staff_round_eligibility", pk=rnd.pk)
    return render(
        request,
        "grants/staff/rounds/eligibility.html",
        {
            "round": rnd,
            "form": form,
            "fixed": fixed,
            "questions": current,
            "is_open": rnd.state == RoundState.OPEN,
            "max_questions": eligibility.MAX_QUESTIONS,
        },
    )
