"""The applicant's journey: the eligibility check, choosing the group, each page of the form,
checking answers, sending, and the group's own applications afterwards.

Views are thin: the rules live in `services.applications` and `services.groups`.
"""

from django.contrib import messages
from django.db.models import Q
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from core.downloads import attachment
from core.guards import allowed_or_404, person
from core.kept_words import keeps_words_while_signed_out, put_back
from core.page_cache import cached_page
from core.permissions import can
from core.transitions import TransitionRefused

from ..forms.apply import (
    AboutForm,
    AnswerForm,
    ChooseGroupForm,
    EligibilityForm,
    WithdrawForm,
    problems_onto,
)
from ..forms.budget import BudgetForm
from ..languages import in_language
from ..models import Answer, Application, ApplicationState, Round, RoundState
from ..permissions import group_ids, supported_group_ids
from ..round_texts import with_area
from ..services import applications as rules
from ..services.groups import groups_for, who_can_accept

ELIGIBLE_KEY = "seedbed_eligible_rounds"


# --------------------------------------------------------------------------------------------
# Guards and lookups
# --------------------------------------------------------------------------------------------
def posted(request):
    """The POST data on a POST (even if empty, so the form still checks it), else None."""
    return request.POST if request.method == "POST" else None


def public_round(slug):
    return get_object_or_404(
        Round.objects.select_related("funder").exclude(state=RoundState.DRAFT), slug=slug
    )


def application_for(request, ref, action="view_application"):
    app = get_object_or_404(
        Application.objects.select_related("round", "round__funder", "group", "assisted_by"),
        reference=ref.upper(),
    )
    return allowed_or_404(request.user, action, app)


def closed(request, rnd):
    return render(request, "grants/apply/closed.html", {"round": rnd})


def mark_eligible(request, rnd):
    eligible = set(request.session.get(ELIGIBLE_KEY, []))
    eligible.add(rnd.pk)
    request.session[ELIGIBLE_KEY] = sorted(eligible)


def is_marked_eligible(request, rnd):
    return rnd.pk in request.session.get(ELIGIBLE_KEY, [])


def eligibility_questions(rnd):
    """The round's eligibility questions, with its area named ("Is your group based in
    Northfield…") instead of "the round's area"."""
    words = rnd.translations  # the reader's language where translated (grants.languages)
    return [
        {
            **q,
            "question": with_area(rnd, in_language(words, q["question"])),
            "if_not": in_language(words, q.get("if_not") or ""),
        }
        for q in (rnd.eligibility_questions or [])
        if isinstance(q, dict) and q.get("question")
    ]


# --------------------------------------------------------------------------------------------
# 2. Can you apply? (before any account)
# --------------------------------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
def eligibility(request, slug):
    rnd = public_round(slug)
    if not rnd.is_open_for_applications:
        return closed(request, rnd)
    questions = eligibility_questions(rnd)
    form = EligibilityForm(posted(request), questions=questions)
    if request.method == "POST" and form.is_valid():
        reasons = form.reasons_not_eligible()
        if reasons:
            return render(
                request, "grants/apply/not_eligible.html", {"round": rnd, "reasons": reasons}
            )
        mark_eligible(request, rnd)
        return redirect("apply_start", slug=rnd.slug)
    if not questions and request.method == "GET":
        mark_eligible(request, rnd)
        return redirect("apply_start", slug=rnd.slug)
    return render(request, "grants/apply/eligibility.html", {"round": rnd, "form": form})


# --------------------------------------------------------------------------------------------
# 3. Which group? (after signing in)
# --------------------------------------------------------------------------------------------
@person
@require_http_methods(["GET", "POST"])
def start(request, slug):
    rnd = public_round(slug)
    if not rnd.is_open_for_applications:
        return closed(request, rnd)
    if not is_marked_eligible(request, rnd):
        return redirect("apply_check", slug=rnd.slug)
    groups = list(groups_for(request.user))
    if not groups:
        return redirect(f"{reverse('group_new')}?round={rnd.slug}")
    form = ChooseGroupForm(
        posted(request),
        groups=groups,
        initial={"group": str(groups[0].pk)} if len(groups) == 1 else {},
    )
    if request.method == "POST" and form.is_valid():
        choice = form.cleaned_data["group"]
        if choice == ChooseGroupForm.NEW:
            return redirect(f"{reverse('group_new')}?round={rnd.slug}")
        group = next(g for g in groups if str(g.pk) == choice)
        return start_for(request, rnd, group)
    return render(
        request, "grants/apply/choose_group.html", {"round": rnd, "form": form, "helper": False}
    )


def start_for(request, rnd, group, **how):
    """Open (or resume) the group's draft and go to its first page."""
    try:
        app = rules.application_start(rnd, group, by=request.user, **how)
    except rules.ApplyRefused as refused:
        return render(
            request,
            "grants/apply/cannot_start.html",
            {"round": rnd, "group": group, "refused": refused},
        )
    return redirect("application_step", ref=app.reference, step="about")


# --------------------------------------------------------------------------------------------
# 4. The pages of the form
# --------------------------------------------------------------------------------------------
@keeps_words_while_signed_out
@person
@require_http_methods(["GET", "POST"])
def edit_step(request, ref, step):
    app = application_for(request, ref)
    refusal = rules.edit_refusal(app, request.user)
    if refusal:
        messages.error(request, refusal)
        return redirect("application", ref=app.reference)
    questions = list(app.round.questions.all())
    all_steps = rules.steps(app, questions)
    current = next((s for s in all_steps if s.slug == step), None)
    if current is None:
        raise Http404("No such page")
    back_to_check = request.GET.get("return") == "check"
    answer = None
    if current.question is not None:
        answer = Answer.objects.filter(application=app, question=current.question).first()

    if request.method == "POST":
        form = save_step(request, app, current)
        if not form.errors and request.POST.get("action") == "later":
            messages.success(request, gettext("We saved your form. Come back to it at any time."))
            return redirect("application", ref=app.reference)
        # Every problem at once: the format ones and the rules, each beside its field. (The
        # state is protected, changed only by transitions: read the row afresh.)
        app = Application.objects.select_related("round", "group").get(pk=app.pk)
        problems_onto(form, rules.problems(app, only_step=current.slug))
        if not form.errors:
            following = rules.step_after(all_steps, current.slug)
            if back_to_check or following is None:
                return redirect("application_check", ref=app.reference)
            return redirect("application_step", ref=app.reference, step=following)
        if current.question is not None:
            answer = Answer.objects.filter(application=app, question=current.question).first()
    else:
        form = blank_step_form(app, current, answer, kept=put_back(request))

    index = [s.slug for s in all_steps].index(current.slug)
    previous = all_steps[index - 1].slug if index else None
    template = {
        "about": "grants/apply/step_about.html",
        "budget": "grants/apply/step_budget.html",
    }.get(current.slug, "grants/apply/step_question.html")
    return render(
        request,
        template,
        {
            "application": app,
            "round": app.round,
            "form": form,
            "step": current,
            "step_number": index + 1,
            "step_count": len(all_steps),
            "previous": previous,
            "back_to_check": back_to_check,
            "answer": answer,
            **budget_totals(app, current, form),
        },
    )


def budget_totals(app, step, form):
    """The total beside the budget lines: what was just typed (every amount that could be
    read, and which lines could not be counted), or what is saved."""
    if step.slug != "budget":
        return {"budget_total": None, "not_counted": []}
    if form.is_bound:
        total, not_counted = form.typed_total()
        return {"budget_total": total, "not_counted": not_counted}
    return {"budget_total": app.budget_total, "not_counted": []}


def blank_step_form(app, step, answer, kept=None):
    """The page's form with what is saved, or with the words kept while its writer was signed
    out (`core.kept_words`), put back over what is saved."""
    kept = kept or {}
    if step.slug == "about":
        saved = {
            "title": app.title,
            "amount_requested": "" if app.amount_requested is None else str(app.amount_requested),
        }
        return AboutForm(round=app.round, initial={**saved, **kept})
    if step.slug == "budget":
        return BudgetForm(initial={**BudgetForm.initial_from(app), **kept})
    saved = {"text": answer.text if answer else ""}
    return AnswerForm(question=step.question, initial={**saved, **kept})


def save_step(request, app, step):
    """Check the page's format, then save every part that could be read, errors or not."""
    if step.slug == "about":
        form = AboutForm(request.POST, round=app.round)
        form.is_valid()
        rules.application_save_about(
            app, {k: v for k, v in form.cleaned_data.items() if k in ("title", "amount_requested")}
        )
    elif step.slug == "budget":
        form = BudgetForm(request.POST)
        form.is_valid()
        rules.budget_save(app, form.storable_lines())
    else:
        form = AnswerForm(request.POST, request.FILES, question=step.question)
        form.is_valid()
        data = form.cleaned_data
        rules.answer_save(
            app,
            step.question,
            text=data.get("text") if "text" in data else None,
            recording=data.get("recording") or None,
            recording_type=form.recording_type,
            remove=bool(data.get("remove_recording")),
        )
    return form


@person
@require_POST
def autosave_answer(request, ref, step):
    """Save a page of the form while it is being typed (`static/js/autosave.js`): a question's
    typed answer, the project's name and amount, or the budget lines. So nothing is lost when
    the page is closed, the signal drops or someone leaves it without pressing a button. The
    same people, states and checks as the page itself (a recording is still sent with the
    page). Answers in a little JSON: `{"saved": true, "at": "14:02"}`, or
    `{"saved": false, "error": "plain words"}` (what could be read is saved, as by the page)."""
    app = application_for(request, ref)
    refusal = rules.edit_refusal(app, request.user)
    if refusal:
        return not_saved(refusal, status=403)
    current = next((s for s in rules.steps(app) if s.slug == step), None)
    if current is None or (current.question is None and current.slug not in AUTOSAVED_PAGES):
        raise Http404("No such page")
    if current.question is None:
        form = save_step(request, app, current)
        if form.errors:
            return not_saved(" ".join(next(iter(form.errors.values()))))
        return saved_now()
    if "text" not in request.POST:
        return not_saved(gettext("There was nothing to save."))
    form = AnswerForm({"text": request.POST["text"]}, question=current.question)
    form.is_valid()
    if "text" not in form.cleaned_data:
        return not_saved(
            " ".join(form.errors.get("text", [gettext("This answer cannot be saved.")]))
        )
    rules.answer_save(app, current.question, text=form.cleaned_data["text"])
    return saved_now()


AUTOSAVED_PAGES = ("about", "budget")


def saved_now():
    return no_store(JsonResponse({"saved": True, "at": timezone.localtime().strftime("%H:%M")}))


def not_saved(error, status=400):
    return no_store(JsonResponse({"saved": False, "error": error}, status=status))


def no_store(response):
    patch_cache_control(response, private=True, no_store=True)
    return response


# --------------------------------------------------------------------------------------------
# Check, send, sent
# --------------------------------------------------------------------------------------------
def summary_context(app, request):
    questions = list(app.round.questions.all())
    answers = {a.question_id: a for a in app.answers.all()}
    return {
        "application": app,
        "round": app.round,
        "group": app.group,
        "rows": [
            {"step": step, "answer": answers.get(step.question.pk)}
            for step in rules.steps(app, questions)[1:-1]
        ],
        "lines": list(app.budget_lines.all()),
        "budget_total": app.budget_total,
        "helped": rules.helped_words(app),
    }


@person
@require_http_methods(["GET", "POST"])
def check_answers(request, ref):
    app = application_for(request, ref)
    if rules.just_sent(app):
        # Back after sending, or a second tap on "Send": the confirmation, not a problem.
        return redirect("application_sent", ref=app.reference)
    refusal = rules.edit_refusal(app, request.user)
    if refusal:
        messages.error(request, refusal)
        return redirect("application", ref=app.reference)
    errors = []
    if request.method == "POST":
        try:
            app = rules.application_submit(app, by=request.user)
        except TransitionRefused as refused:
            # The state is protected (changed only by transitions): read the row afresh.
            app = Application.objects.select_related("round", "group").get(pk=app.pk)
            if rules.just_sent(app):  # two taps at once: the other one sent it
                return redirect("application_sent", ref=app.reference)
            errors = refused.problems or [refused.message]
        else:
            return redirect("application_sent", ref=app.reference)
    problems = rules.problems(app)
    context = summary_context(app, request)
    context.update({"problems": problems, "errors": errors, "editable": True})
    return render(request, "grants/apply/check.html", context)


@person
def sent(request, ref):
    app = application_for(request, ref)
    # A helper who sent it is told that only the group's own people can accept an offer.
    helped = app.group_id not in group_ids(request.user)
    return render(
        request,
        "grants/apply/sent.html",
        {
            "application": app,
            "round": app.round,
            "who_can_accept": who_can_accept(app.group) if helped else [],
        },
    )


# --------------------------------------------------------------------------------------------
# 6. The group's own applications
# --------------------------------------------------------------------------------------------
@person
def my_applications(request):
    user = request.user
    mine = set(group_ids(user)) | set(supported_group_ids(user))
    applications = (
        Application.objects.filter(Q(group_id__in=mine))
        .select_related("round", "group")
        .order_by("-created_at")
    )
    rows = [{"application": a, "next": rules.next_step_words(a)} for a in applications]
    return render(request, "grants/apply/my_applications.html", {"rows": rows})


@person
@cached_page
def application_detail(request, ref):
    app = application_for(request, ref)
    context = summary_context(app, request)
    context.update(
        {
            "next": rules.next_step_words(app),
            "editable": rules.edit_refusal(app, request.user) is None,
            "can_withdraw": app.state in rules.WITHDRAWABLE_STATES
            and can(request.user, "withdraw_application", app),
            # Not the other group's details: only that one may be the same group.
            "look_alike": app.state == ApplicationState.DRAFT and bool(rules.look_alikes(app)),
        }
    )
    return render(request, "grants/apply/application.html", context)


@person
@require_http_methods(["GET", "POST"])
def withdraw(request, ref):
    app = application_for(request, ref)
    if app.state == ApplicationState.WITHDRAWN and request.method == "POST":
        return redirect("application", ref=app.reference)  # a second tap: already done
    if app.state not in rules.WITHDRAWABLE_STATES or not can(
        request.user, "withdraw_application", app
    ):
        messages.error(request, gettext("You cannot take this form back now."))
        return redirect("application", ref=app.reference)
    form = WithdrawForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            rules.application_withdraw(
                app, by=request.user, reason=form.cleaned_data.get("reason", "")
            )
        except TransitionRefused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, gettext("You took your form back."))
        return redirect("application", ref=app.reference)
    return render(
        request,
        "grants/apply/withdraw.html",
        {"application": app, "round": app.round, "form": form},
    )


@person
def recording(request, ref, answer_id):
    """A recorded answer, only for people who may see the application. Never a public URL."""
    app = application_for(request, ref)
    answer = get_object_or_404(Answer, pk=answer_id, application=app)
    if not answer.recording:
        raise Http404("No recording")
    extension = answer.recording.name.rsplit(".", 1)[-1][:5]
    return attachment(
        answer.recording.open("rb"),
        f"{app.reference}-answer.{extension}",
        answer.recording_type or "application/octet-stream",
        inline=True,
    )
