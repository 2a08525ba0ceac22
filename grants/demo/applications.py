"""Demo applications: about 25, in every state, across the demo rounds."""

from datetime import timedelta

from django.utils import timezone

from core.transitions import perform

from ..equity import CURRENT_VERSION
from ..models import Answer, Application, BudgetLine, Group, GroupEquityAnswers, Round
from ..permissions import forget
from .data import DEMO_APPLICATIONS, DEMO_EQUITY_ANSWERS, DEMO_GROUPS
from .rounds import winter_round

# --------------------------------------------------------------------------------------------
# Demo applications: about 25, in every state, across the open round, an older round being
# screened, and (after the awards demo has made it) last year's finished round.
# Every change of state runs through `perform` with the demo people, so the audit trail is real.
# The transitions that take a new application to each state, and who runs each one.
PATHS = {
    "draft": [],
    "submitted": ["submit"],
    "more_info_needed": ["submit", "ask_for_more_information"],
    "eligible": ["submit", "mark_eligible"],
    "ineligible": ["submit", "mark_ineligible"],
    "withdrawn": ["submit", "withdraw"],
    "awarded": ["submit", "mark_eligible", "award"],
    "not_awarded": ["submit", "mark_eligible", "not_award"],
}
_BY_GROUP = {"submit", "withdraw"}


def _demo_groups(users):
    groups = {g.name: g for g in Group.objects.all()}
    for name, kind, area, postcode, band, contact, what, supported in DEMO_GROUPS:
        if name not in groups:
            handle = "".join(ch for ch in name.lower() if ch.isalnum())[:20]
            groups[name] = Group.objects.create(
                name=name,
                kind=kind,
                area=area,
                postcode=postcode,
                income_band=band,
                what_you_do=what,
                contact_name=contact,
                contact_email=f"hello@{handle}.example",
                contact_phone="07700 900" + str(100 + len(groups)),
                second_contact_name="Chris Green",
                second_contact_email=f"chris@{handle}.example",
                contacts_unrelated=True,
                payment_route=Group.PaymentRoute.BANK,
                bank_account_name=name,
            )
        if supported:
            groups[name].supporters.add(users["supporter"])
    forget(users["supporter"])
    _demo_equity_answers(groups)
    return groups


def _demo_equity_answers(groups):
    """Some demo groups answered the optional equity questions (before any of their offers)."""
    for name, (led, led_by, works, works_with, publish) in DEMO_EQUITY_ANSWERS.items():
        if name in groups:
            GroupEquityAnswers.objects.update_or_create(
                group=groups[name],
                defaults={"led_by_reply": led, "led_by": led_by, "works_with_reply": works,
                          "works_with": works_with, "may_publish": publish,
                          "questions_version": CURRENT_VERSION,
                          "answered_at": timezone.now() - timedelta(days=800)},
            )  # fmt: skip


def seed_demo_applications(funder, rnd, users, rounds=("open", "winter")):
    """Add the demo applications for the given rounds (idempotent: keyed on round, group and
    project name)."""
    officer = users["officer"]
    groups = _demo_groups(users)
    round_of = {"open": rnd}
    if "winter" in rounds:
        round_of["winter"] = winter_round(funder, officer)
    if "last" in rounds:
        round_of["last"] = Round.objects.filter(slug="healthy-neighbours-2026").first()
    members = {g.pk: m for g, m in ((g, g.members.first()) for g in groups.values()) if m}
    existing = set(
        Application.objects.filter(round__in=[r for r in round_of.values() if r]).values_list(
            "round_id", "group_id", "title"
        )
    )
    questions = {key: list(r.questions.all()) for key, r in round_of.items() if r}
    for key, group_name, title, amount, goal, channel, filler, why, answers in DEMO_APPLICATIONS:
        target, group = round_of.get(key), groups.get(group_name)
        if target is None or group is None or (target.pk, group.pk, title) in existing:
            continue
        who = members.get(group.pk) if filler.startswith("applicant") else users[filler]
        who = who or officer
        helped = who if filler == "supporter" or channel in ("phone", "paper") else None
        app = Application.objects.create(
            round=target,
            group=group,
            title=title,
            amount_requested=amount,
            channel=channel,
            created_by=who,
            assisted_by=helped,
            theme="Health and wellbeing",
        )
        Answer.objects.bulk_create(
            Answer(application=app, question=q, text=text)
            for q, text in zip(questions[key], answers, strict=False)
        )
        first = round(amount * 0.6 / 10) * 10
        BudgetLine.objects.bulk_create(
            [
                BudgetLine(application=app, order=0, item=answers[0][:60], amount=first),
                BudgetLine(
                    application=app, order=1, item="Room hire and drinks", amount=amount - first
                ),
            ]
        )
        for step in PATHS[goal]:
            app = perform(
                app,
                step,
                by=who if step in _BY_GROUP else officer,
                reason=why if step == PATHS[goal][-1] and step != "submit" else "",
            )
