"""Applications: the rules of applying, in one place.

Starting a draft (one per group per round when the round says so), saving each page of the form
(always: nothing typed is lost, even when something on the page is wrong), checking the form is
complete before it is sent (required answers, word limits, the amount inside the round's limits,
a budget that adds up), sending it, and taking it back. Views call these and stay thin.
"""

import re
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import notify
from core.forms import strip_dangerous
from core.money import pounds
from core.permissions import can
from core.refusals import Refused
from core.transitions import TransitionRefused, perform

from ..models import Answer, Application, ApplicationState, BudgetLine, Group
from ..permissions import is_officer

MAX_ANSWER_CHARACTERS = 20_000
MAX_TITLE_CHARACTERS = 120
MAX_ITEM_CHARACTERS = 120
MAX_BUDGET_LINES = 6

EDITABLE_STATES = {ApplicationState.DRAFT, ApplicationState.MORE_INFO_NEEDED}
WITHDRAWABLE_STATES = {
    ApplicationState.DRAFT,
    ApplicationState.SUBMITTED,
    ApplicationState.MORE_INFO_NEEDED,
}


class ApplyRefused(Refused):
    """Starting an application is not possible; `existing` is the group's other one, if any."""

    def __init__(self, message, existing=None):
        super().__init__(message)
        self.existing = existing


# --------------------------------------------------------------------------------------------
# Plain helpers for what people type
# --------------------------------------------------------------------------------------------
def strip_control(value):
    """Text without dangerous control characters (`core.forms.strip_dangerous`: tab, new line,
    and the joiners emoji and some scripts need all stay), one kind of new line."""
    return strip_dangerous(value)


def clean_text(value):
    """Text as typed, without control characters, trimmed."""
    return strip_control(value).strip()


def word_count(text):
    return len((text or "").split())


# --------------------------------------------------------------------------------------------
# The pages of the form
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    question: object = None
    number: int = 0


def steps(app, questions=None):
    """The pages of the form, in order: the project, one page per question, the budget."""
    questions = list(app.round.questions.all()) if questions is None else list(questions)
    found = [Step("about", _("Your project"))]
    for number, question in enumerate(questions, start=1):
        found.append(Step(f"question-{number}", question.shown_text, question, number))
    found.append(Step("budget", _("How you will spend it")))
    return found


def step_after(all_steps, slug):
    slugs = [s.slug for s in all_steps]
    index = slugs.index(slug)
    return all_steps[index + 1].slug if index + 1 < len(slugs) else None


@dataclass(frozen=True)
class Problem:
    step: str
    field: str
    message: str


def _answers_by_question(app):
    return {answer.question_id: answer for answer in app.answers.all()}


def problems(app, only_step=None):
    """What stops this application being sent, in plain words, page by page."""
    questions = list(app.round.questions.all())
    found = []
    wanted = (lambda slug: True) if only_step is None else (lambda slug: slug == only_step)
    rnd = app.round
    if wanted("about"):
        if not app.title:
            found.append(Problem("about", "title", _("Give your project a short name")))
        if app.amount_requested is None:
            found.append(Problem("about", "amount_requested", _("Say how much money you need")))
        elif app.amount_requested < (rnd.min_grant or 1) or (
            rnd.max_grant and app.amount_requested > rnd.max_grant
        ):
            found.append(
                Problem(
                    "about",
                    "amount_requested",
                    _("Ask for between %(smallest)s and %(largest)s")
                    % {
                        "smallest": pounds(rnd.min_grant or 0),
                        "largest": pounds(rnd.max_grant or 0),
                    },
                )
            )
    answers = _answers_by_question(app)
    for step in steps(app, questions)[1:-1]:
        if not wanted(step.slug):
            continue
        question = step.question
        answer = answers.get(question.pk)
        text = answer.text if answer else ""
        has_recording = bool(answer and answer.recording)
        if question.required and not text and not has_recording:
            found.append(
                Problem(step.slug, "text", _("Answer this question, or send a recording instead"))
            )
        words = word_count(text)
        if words > question.word_limit:
            found.append(
                Problem(
                    step.slug,
                    "text",
                    ngettext(
                        "Your answer has %(words)s words. Use %(limit)s word or fewer",
                        "Your answer has %(words)s words. Use %(limit)s words or fewer",
                        question.word_limit,
                    )
                    % {"words": words, "limit": question.word_limit},
                )
            )
    if wanted("budget"):
        found.extend(_budget_problems(app))
    return found


def budget_line_numbers(lines):
    """(number on the page, line) for saved budget lines: their place when it was kept, else
    their order (lines saved before places were kept)."""
    places = [line.order + 1 for line in lines]
    if len(set(places)) != len(places) or any(not 1 <= p <= MAX_BUDGET_LINES for p in places):
        places = range(1, len(lines) + 1)
    return list(zip(places, lines, strict=True))


def _budget_problems(app):
    found = []
    lines = list(app.budget_lines.all())
    if not lines:
        return [Problem("budget", "item_1", _("Add at least one thing you will spend money on"))]
    for number, line in budget_line_numbers(lines):
        if not line.item:
            found.append(
                Problem(
                    "budget",
                    f"item_{number}",
                    _("Say what the %(amount)s is for") % {"amount": pounds(line.amount)},
                )
            )
        if line.amount is None:
            found.append(
                Problem(
                    "budget",
                    f"amount_{number}",
                    _("Say how much you need for %(item)s") % {"item": line.item},
                )
            )
        elif line.amount == 0:
            found.append(Problem("budget", f"amount_{number}", _("Each line must be more than £0")))
    total = sum(line.amount or 0 for line in lines)
    if app.amount_requested is None:
        found.append(
            Problem("budget", "total", _("Say how much you are asking for on the first page"))
        )
    elif total != app.amount_requested:
        found.append(
            Problem(
                "budget",
                "total",
                _(
                    "Your budget adds up to %(total)s, but you asked for %(asked)s. "
                    "These must be the same"
                )
                % {"total": pounds(total), "asked": pounds(app.amount_requested)},
            )
        )
    return found


# --------------------------------------------------------------------------------------------
# Starting, editing
# --------------------------------------------------------------------------------------------
def existing_application(rnd, group, exclude=None):
    """The group's application to this round that still counts (not withdrawn), if any."""
    found = Application.objects.filter(round=rnd, group=group).exclude(
        state=ApplicationState.WITHDRAWN
    )
    if exclude is not None:
        found = found.exclude(pk=exclude.pk)
    return found.order_by("created_at").first()


def _name_key(name):
    """A group name reduced to what tells groups apart: 'The Brixton Knit & Natter Group!' and
    'brixton knit and natter' give the same key."""
    words = re.sub(r"[^\w\s]", " ", (name or "").lower().replace("&", " and ")).split()
    if words and words[0] == "the":
        words = words[1:]
    while words and words[-1] in {"group", "club", "project", "cic", "ltd", "limited"}:
        words = words[:-1]
    return " ".join(words)


def _near_names(a, b):
    from difflib import SequenceMatcher

    a, b = _name_key(a), _name_key(b)
    if not a or not b:
        return False
    return a == b or SequenceMatcher(None, a, b).ratio() >= 0.9


@dataclass(frozen=True)
class LookAlike:
    application: Application
    why: str  # "same contact email" or "nearly the same name"


def look_alikes(app):
    """Other groups' live applications to the same round that may be the same group: a contact
    email in common, or a nearly identical name. One query, whatever the round's size."""
    group = app.group
    emails = {e.lower() for e in (group.contact_email, group.second_contact_email) if e}
    found = []
    others = (
        Application.objects.filter(round_id=app.round_id)
        .exclude(group_id=app.group_id)
        .exclude(state=ApplicationState.WITHDRAWN)
        .select_related("group")
        .only(
            "pk",
            "reference",
            "title",
            "state",
            "group__name",
            "group__contact_email",
            "group__second_contact_email",
        )
        .order_by("created_at")
    )
    for other in others:
        theirs = {
            e.lower() for e in (other.group.contact_email, other.group.second_contact_email) if e
        }
        if emails & theirs:
            found.append(LookAlike(other, _("same contact email")))
        elif _near_names(group.name, other.group.name):
            found.append(LookAlike(other, _("nearly the same name")))
    return found


def application_may_start_with(user, rnd, group):
    return can(user, "apply_for_group", group) or can(user, "apply_with_any_group", rnd)


def application_start(rnd, group, *, by, channel=Application.Channel.ONLINE, assisted_by=None):
    """A draft for `group` in `rnd`: its existing draft if it has one, or a new one.

    Refused (ApplyRefused) when the round is not open, or the group has already sent one and the
    round allows only one per group.
    """
    if not rnd.is_open_for_applications:
        raise ApplyRefused(_("This round is closed. You cannot start a new form for it."))
    if not application_may_start_with(by, rnd, group):
        raise ApplyRefused(_("You cannot apply for that group."))
    with transaction.atomic():
        Group.objects.select_for_update().get(pk=group.pk)  # one start at a time per group
        existing = existing_application(rnd, group)
        if existing is not None and existing.state == ApplicationState.DRAFT:
            return existing
        if existing is not None and rnd.one_application_per_group:
            raise ApplyRefused(
                _("%(group)s has already applied to this round. Each group can send one form.")
                % {"group": group.name},
                existing=existing,
            )
        return Application.objects.create(
            round=rnd,
            group=group,
            created_by=by,
            channel=channel,
            assisted_by=assisted_by,
        )


def edit_refusal(app, user):
    """Why `user` cannot change this application now, in plain words; None if they can."""
    if not can(user, "edit_application", app):
        return _("You cannot change this form.")
    if app.state not in EDITABLE_STATES:
        return _("You have sent this form, so you cannot change it now.")
    if app.state == ApplicationState.DRAFT and not app.round.is_open_for_applications:
        return _("This round is closed. You cannot send or change this form now.")
    return None


def application_save_about(app, values):
    """Save the project name and amount: whichever of them were typed in a usable way."""
    fields = []
    if "title" in values:
        app.title = clean_text(values["title"])[:MAX_TITLE_CHARACTERS]
        fields.append("title")
    if "amount_requested" in values:
        app.amount_requested = values["amount_requested"]
        fields.append("amount_requested")
    if fields:
        app.save(update_fields=[*fields, "updated_at"])
    return app


def answer_save(app, question, *, text=None, recording=None, recording_type="", remove=False):
    """Store the answer to one question. `text=None` leaves the typed answer as it was."""
    answer, _ = Answer.objects.get_or_create(application=app, question=question)
    fields = []
    new_words = False  # an English version of typed words (no recording) was of the old ones
    if text is not None:
        new_words = clean_text(text) != answer.text and not answer.recording
        answer.text = clean_text(text)
        fields.append("text")
    if (remove or recording is not None) and answer.recording:
        answer.recording.delete(save=False)
        answer.recording_type = ""
        fields += ["recording", "recording_type"]
    if (remove or recording is not None or new_words) and answer.written_version:
        # The written version described the old recording: the staff type the new one.
        answer.written_version = ""
        answer.written_version_by = None
        answer.written_version_at = None
        fields.append("written_version")
    if recording is not None:
        import filetype

        kind = filetype.get_type(mime=recording_type)
        extension = kind.extension if kind else "bin"
        answer.recording.save(f"recording.{extension}", recording, save=False)
        answer.recording_type = recording_type
        fields += ["recording", "recording_type"]
    if fields:
        answer.save()
    return answer


def budget_save(app, lines):
    """Replace the budget with `lines`: (what for, how much or None), blank lines dropped. Each
    line keeps its place on the page (`order`), so a problem with line 3 is said beside line 3
    even when line 2 is blank."""
    kept = [
        (order, clean_text(item)[:MAX_ITEM_CHARACTERS], amount)
        for order, (item, amount) in enumerate(lines[:MAX_BUDGET_LINES])
        if clean_text(item) or amount is not None
    ]
    with transaction.atomic():
        app.budget_lines.all().delete()
        BudgetLine.objects.bulk_create(
            BudgetLine(application=app, order=order, item=item, amount=amount)
            for order, item, amount in kept
        )
    Application.objects.filter(pk=app.pk).update(updated_at=timezone.now())
    return kept


# --------------------------------------------------------------------------------------------
# Sending and taking back
# --------------------------------------------------------------------------------------------
def application_submit(app, *, by):
    """Send the application (or send it again after we asked for more). Emails the group."""
    again = app.state == ApplicationState.MORE_INFO_NEEDED
    if app.state == ApplicationState.DRAFT and not app.round.is_open_for_applications:
        raise TransitionRefused(_("This round is closed. You cannot send new forms to it now."))
    found = problems(app)
    if found:
        raise TransitionRefused(
            _("Your form is not finished yet."), [problem.message for problem in found]
        )
    if app.round.one_application_per_group:
        other = existing_application(app.round, app.group, exclude=app)
        if other is not None and other.state != ApplicationState.DRAFT:
            raise TransitionRefused(
                _("%(group)s has already sent a form to this round (%(reference)s).")
                % {"group": app.group.name, "reference": other.reference}
            )
    app = perform(app, "submit", by=by)
    app = Application.objects.select_related("round", "group", "round__funder").get(pk=app.pk)
    recipients = list(dict.fromkeys(e for e in [app.group.contact_email, by.email] if e))
    notify.email(
        recipients,
        "application_resubmitted" if again else "application_submitted",
        {"application": app, "round": app.round, "group": app.group},
    )
    return app


def just_sent(app):
    """Sent and waiting to be checked: the check page answers with the confirmation."""
    return app.state == ApplicationState.SUBMITTED


def application_withdraw(app, *, by, reason=""):
    """Take the application back. It stays on record, marked withdrawn."""
    app = perform(app, "withdraw", by=by, reason=clean_text(reason)[:1000])
    app = Application.objects.select_related("round", "group").get(pk=app.pk)
    recipients = list(dict.fromkeys(e for e in [app.group.contact_email, by.email] if e))
    notify.email(
        recipients,
        "application_withdrawn",
        {"application": app, "round": app.round, "group": app.group},
    )
    return app


# --------------------------------------------------------------------------------------------
# Where it stands, in words
# --------------------------------------------------------------------------------------------
def next_step_words(app):
    """What happens next, for the group, in one or two short sentences."""
    state = app.state
    rnd = app.round
    if state == ApplicationState.DRAFT:
        if rnd.is_open_for_applications and rnd.closes_at:
            closes = date_format(timezone.localtime(rnd.closes_at), "j F")
            return _("You have not sent it yet. Send it by %(date)s.") % {"date": closes}
        if rnd.is_open_for_applications:
            return _("You have not sent it yet.")
        return _("You did not send it, and the round is now closed.")
    if state == ApplicationState.SUBMITTED:
        return _("We are checking it. We will email you.")
    if state == ApplicationState.MORE_INFO_NEEDED:
        return _("We need to know a bit more. Read our note and send it back.")
    if state == ApplicationState.ELIGIBLE:
        if rnd.decision_by:
            return _("A panel of local people will read it. They will decide by %(date)s.") % {
                "date": date_format(rnd.decision_by, "j F")
            }
        return _("A panel of local people will read it and decide.")
    if state == ApplicationState.INELIGIBLE:
        return _("It cannot go on this time. Read why below.")
    if state == ApplicationState.WITHDRAWN:
        return _("You took it back. Nothing more will happen.")
    if state == ApplicationState.AWARDED:
        return _("Good news: you will get the money. We will email you what to do next.")
    if state == ApplicationState.NOT_AWARDED:
        return _("It was not picked this time. Read why below.")
    return ""


def helped_words(app):
    """How the form reached us, when someone helped: shown on the application."""
    if not app.assisted_by_id:
        return ""
    helper = {"name": app.assisted_by.display_name if app.assisted_by else _("someone")}
    if app.channel == Application.Channel.PHONE:
        return _("Given to us by phone. %(name)s typed it in.") % helper
    if app.channel == Application.Channel.PAPER:
        return _("Sent to us on paper. %(name)s typed it in.") % helper
    return _("Filled in with help from %(name)s.") % helper


def helper_channels(user, rnd):
    """The ways a helper may record an application: officers all three, supporters 'with help'."""
    channels = [Application.Channel.ASSISTED]
    if is_officer(user, rnd.funder_id):
        channels += [Application.Channel.PHONE, Application.Channel.PAPER]
    return channels
