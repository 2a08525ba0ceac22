"""The permission matrix, acting: every project URL × every role, POSTed with a CSRF token.

`test_permission_matrix.py` says what a GET gets. This file sends a POST to every project URL as
every role, through a client that enforces CSRF (so a 403 is never the CSRF check passing for a
permission check), each inside a savepoint that is rolled back, so every request starts from the
same world:

- URLs in ACTIONS change something. Their row gives a valid-shaped POST (`data`), the roles that
  `may` act, and the `effect` to check. A role that may act must change the database and produce
  the effect; every other role must be refused (302 to sign in for the anonymous; 403, 404 or
  405, or a redirect carrying an error message, for the signed in) and must leave the database
  exactly as it was (a fingerprint of every table of the project's apps).
- Every other URL takes an empty POST from every role without changing anything or failing.
  If an empty POST does change the database, the URL needs a row in ACTIONS (the test says so).

`test_removing_a_guard_fails_the_matrix` replaces, one at a time, each rule the rows name in
`guards` with one that lets everyone through (`core.permissions._RULES`) and expects that row to
fail: a guard that can be removed without the matrix noticing is a guard the matrix does not test.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.contrib.messages import constants as message_levels
from django.db import transaction
from django.middleware.csrf import CSRF_ALLOWED_CHARS
from django.test import Client
from django.utils import timezone
from django.utils.crypto import get_random_string

from core import permissions
from grants.models import GroupEquityAnswers
from tests.hardening.fingerprint import changed_tables, fingerprint
from tests.hardening.matrix import project_patterns, url_for
from tests.hardening.test_permission_matrix import EXPECTED
from tests.hardening.world import ROLES, build_world

REFUSED = {403, 404, 405}
OFFICERS = ("officer_x", "admin")


# --------------------------------------------------------------------------------------------
# The database's fingerprint, and posting as someone
# --------------------------------------------------------------------------------------------
def csrf_client(user):
    """A client that enforces CSRF, signed in as `user` just now, with a CSRF cookie set."""
    from tests.conftest import mark_recently_authenticated

    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
        mark_recently_authenticated(client, user)
    client.csrf = get_random_string(32, CSRF_ALLOWED_CHARS)
    client.cookies["csrftoken"] = client.csrf
    return client


def post(client, url, data):
    return client.post(url, {**data, "csrfmiddlewaretoken": client.csrf})


def error_messages(response):
    storage = getattr(response.wsgi_request, "_messages", None)
    queued = getattr(storage, "_queued_messages", []) if storage is not None else []
    return [m for m in queued if m.level >= message_levels.WARNING]


# --------------------------------------------------------------------------------------------
# The rows
# --------------------------------------------------------------------------------------------
@dataclass
class A:
    may: tuple  # the roles that may act (and must, with this data)
    data: Callable = lambda w: {}  # the POST, from the world
    effect: Callable = lambda w: None  # asserts what acting did (reads the database)
    on: str | None = None
    kw: dict | None = None
    setup: Callable = lambda w: None  # run before each request (and rolled back after it)
    guards: tuple = ()  # the rules the view's guard rests on (for the meta-test)
    refusals: dict = field(default_factory=dict)  # role -> the exact refusal, where pinned


def _fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


def _today(days=0):
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def _pending_change(w):
    from awards.services import offers

    offers.variation_propose(
        w.award, by=w.users["officer_x"], reason="More weeks.", end_date=w.award.end_date
        + timedelta(days=30), amount=None, start_date=None,
    )  # fmt: skip


def _change_agreed(w):
    from awards.models import AwardState

    award = _fresh(w.award)
    assert award.state == AwardState.ACCEPTED
    assert award.end_date == w.award.end_date + timedelta(days=30)
    assert award.variations.exclude(agreed_at=None).count() == 1


def _payment_state(name):
    def check(w):
        from awards.models import PaymentState

        assert _fresh(w.payment).state == getattr(PaymentState, name)

    return check


def _criterion_moved(w):
    criteria = list(w.draft_round.criteria.all())  # in the round's own order
    assert criteria[0].pk != w.criterion.pk, "the first criterion should have moved down"


def _question_moved(w):
    questions = list(w.draft_round.questions.all())
    assert questions[0].pk != w.question.pk, "the first question should have moved down"


def _title_seen(w):
    from grants.round_texts import round_texts

    return next(t.fingerprint for t in round_texts(w.draft_round) if t.key == "round-title")


def _set_application(w, **values):
    from grants.models import Application

    Application.objects.filter(pk=w.application.pk).update(**values)


# -- The directory's listing ------------------------------------------------------------------
# The group's people and its supporter (and the admin, who may do anything).
GROUP_A_PEOPLE = ("applicant_a", "supporter", "admin")


def _set_listing(w, **values):
    from directory.models import Listing

    Listing.objects.filter(pk=w.listing.pk).update(**values)


def _listing_state_is(w, name):
    from directory.models import ListingState

    _assert_equal(_fresh(w.listing).state, getattr(ListingState, name))


def _grant_cancelled(w):
    from directory.services import upkeep

    upkeep.listing_on_grant_cancelled(w.listing.group_id)
    assert _fresh(w.listing).grant_cancelled_at is not None


def _listing_kept(w):
    listing = _fresh(w.listing)
    assert listing.grant_cancelled_at is None, "the cancelled-grant flag should be cleared"
    _listing_state_is(w, "LISTED")


def _listing_taken_down(w):
    assert _fresh(w.listing).grant_cancelled_at is None, "the flag should be cleared"
    _listing_state_is(w, "WITHDRAWN")


def _listing_hidden(w):
    checked = timezone.now() - timedelta(days=1)
    _set_listing(w, state="hidden", checked_at=checked, content_changed_at=checked)


def _listing_draft(w):
    from datetime import time

    from directory.models import Session

    _set_listing(w, state="draft")
    Session.objects.create(listing=w.listing, day=1, starts=time(11), ends=time(13))


def _listing_withdrawn(w):
    _set_listing(w, state="withdrawn")


def _listing_unconfirmed(w):
    _set_listing(w, confirmed_at=None, reminded_at=timezone.now())


def _listing_confirmed(w):
    listing = _fresh(w.listing)
    assert listing.confirmed_at is not None and listing.reminded_at is None
    _listing_state_is(w, "LISTED")


ACTIONS = {
    # -- Awards and payments: funder X's officers (and the admin) ----------------------------
    "staff_payment_cancel": A(
        OFFICERS, on="payment", effect=_payment_state("CANCELLED"), guards=("record_payment",)
    ),
    "staff_payment_sent": A(
        OFFICERS,
        on="payment",
        data=lambda w: {"paid_on": _today(), "reference": "BACS 1"},
        effect=_payment_state("MADE"),
        guards=("record_payment",),
    ),
    "staff_award_pay": A(
        OFFICERS,
        on="award",
        data=lambda w: {
            "kind": "scheduled",
            "payee": "group",
            "amount": "100",
            "date": _today(14),
            "reference": "",
        },  # fmt: skip
        effect=lambda w: _assert_equal(w.award.payments.count(), 2),
        guards=("record_payment",),
    ),
    "staff_award_vary": A(
        OFFICERS,
        on="award",
        data=lambda w: {
            "amount": "",
            "start_date": "",
            "reason": "More weeks.",
            "end_date": (w.award.end_date + timedelta(days=30)).isoformat(),
        },  # fmt: skip
        effect=lambda w: _assert_equal(_fresh(w.award).state, "varied"),
        guards=("manage_award",),
    ),
    "funder_contact": A(
        OFFICERS,
        on="funder_x",
        data=lambda w: {"contact_name": "Priya Shah", "contact_email": "grants@x.example"},
        effect=lambda w: _assert_equal(_fresh(w.funder_x).contact_name, "Priya Shah"),
        guards=("manage_funder",),
    ),
    "staff_award_variation_agreed": A(
        OFFICERS,
        on="award",
        setup=_pending_change,
        data=lambda w: {"reason": "The group agreed on the phone."},
        effect=_change_agreed,
        # The transition's own permission: officers agree (or record the group's agreement).
        guards=("agree_award_change",),
    ),
    "staff_award_cancel": A(
        OFFICERS,
        on="award",
        data=lambda w: {"reason": "The group has closed.", "amount_to_recover": ""},
        effect=lambda w: _assert_equal(_fresh(w.award).state, "cancelled"),
        guards=("manage_award",),
    ),
    # Publishing the funder's grants as open data: X's officers (and the admin).
    "open_data_settings": A(
        OFFICERS,
        on="funder_x",
        data=lambda w: {"published": "yes", "licence": "CC-BY-4.0"},
        effect=lambda w: _assert_equal(_fresh(w.funder_x).open_data_published, True),
        guards=("manage_funder",),
    ),
    # The group (its members and its supporter) ask for a change.
    # The funder proposed a change: the group's own people agree to it (officers record an
    # agreement on the staff page instead).
    "award_agree_change": A(
        ("applicant_a", "admin"),
        on="award",
        setup=_pending_change,
        data=lambda w: {"agreed_name": "Amina Yusuf"},
        effect=_change_agreed,
        guards=("accept_award",),
    ),
    "award_ask_change": A(
        ("applicant_a", "supporter", "admin"),
        on="award",
        data=lambda w: {
            "reason": "We need more weeks.",
            "amount": "",
            "start_date": "",
            "end_date": (w.award.end_date + timedelta(days=30)).isoformat(),
        },  # fmt: skip
        effect=lambda w: _assert_equal(_fresh(w.award).state, "varied"),
        guards=("ask_award_change",),
    ),
    # -- The panel, run by the officers ------------------------------------------------------
    "staff_panel_chair": A(
        OFFICERS,
        effect=lambda w: _assert_equal(_fresh(w.membership.panel).chair_id, w.membership.pk),
        guards=("manage_panel",),
    ),
    "staff_panel_member_step_down": A(
        OFFICERS,
        data=lambda w: {"reason": "Moved away."},
        effect=lambda w: _assert_equal(_fresh(w.membership).state, "stepped_down"),
        guards=("step_down_panel_member",),
    ),
    "staff_panel_payment_new": A(
        OFFICERS,
        data=lambda w: {
            "kind": "voucher",
            "what_for": "Second meeting",
            "amount": "25",
            "paid_on": _today(),
        },  # fmt: skip
        effect=lambda w: _assert_equal(w.membership.payments.count(), 2),
        guards=("manage_panel",),
    ),
    # -- Setting up a round: X's officers ----------------------------------------------------
    "staff_criterion_move": A(
        OFFICERS,
        on="draft_round",
        data=lambda w: {"direction": "down"},
        effect=_criterion_moved,
        guards=("manage_round",),
    ),
    "staff_question_move": A(
        OFFICERS,
        on="draft_round",
        data=lambda w: {"direction": "down"},
        effect=_question_moved,
        guards=("manage_round",),
    ),
    "staff_criterion_remove": A(
        OFFICERS,
        on="draft_round",
        effect=lambda w: _assert_gone(w.criterion),
        guards=("manage_round",),
    ),
    "staff_question_remove": A(
        OFFICERS,
        on="draft_round",
        effect=lambda w: _assert_gone(w.question),
        guards=("manage_round",),
    ),
    # The round's words in Welsh: X's officers translate them.
    "staff_round_translation": A(
        OFFICERS,
        on="draft_round",
        kw={"language": "cy"},
        data=lambda w: {"round-title": "Cymdogion Iach", "seen-round-title": _title_seen(w)},
        effect=lambda w: _assert_equal(
            _fresh(w.draft_round).translations["cy"]["title"]["to"], "Cymdogion Iach"
        ),
        guards=("manage_round",),
    ),
    # -- Screening: X's officers decide ------------------------------------------------------
    "staff_application_decide": A(
        OFFICERS,
        on="application",
        data=lambda w: {"decision": "eligible", "eligible-reason": ""},
        effect=lambda w: _assert_equal(_fresh(w.application).state, "eligible"),
        guards=("screen_application",),
    ),
    # The English version of an answer in Urdu: X's officers (the viewer may read, not write).
    "staff_answer_english_version": A(
        OFFICERS,
        on="answer",
        setup=lambda w: _set_application(w, language="ur"),
        data=lambda w: {"written_version": "We cook a hot lunch."},
        effect=lambda w: _assert_equal(_fresh(w.answer).written_version, "We cook a hot lunch."),
        guards=("manage_round",),
    ),
    # -- The group's own records -------------------------------------------------------------
    # Which language the application is written in: whoever may change it (here it was sent
    # back for more information); X's viewer may read it but is sent back with a message.
    "application_language": A(
        ("applicant_a", "supporter", "officer_x", "admin"),
        on="application",
        setup=lambda w: _set_application(w, state="more_info_needed"),
        data=lambda w: {"language": "ur"},
        effect=lambda w: _assert_equal(_fresh(w.application).language, "ur"),
        guards=("edit_application",),
    ),
    # The viewer may read the application, but is sent back with "You cannot take this form
    # back now"; funder X's officers may take it back for the group.
    "application_withdraw": A(
        ("applicant_a", "supporter", "officer_x", "admin"),
        on="application",
        data=lambda w: {"reason": "We found other money."},
        effect=lambda w: _assert_equal(_fresh(w.application).state, "withdrawn"),
        guards=("withdraw_application",),
    ),
    # A group's people: its members and its supporter add someone by name and email.
    "group_people": A(
        ("applicant_a", "supporter", "admin"),
        on="group_a",
        data=lambda w: {"name": "Jo Rivers", "email": "jo.rivers@example.com"},
        effect=lambda w: _assert_equal(
            list(w.group_a.more_contacts.values_list("email", flat=True)),
            ["jo.rivers@example.com"],
        ),
        guards=("edit_group",),
    ),
    # The optional equity questions: the group's members and its supporter answer them.
    "group_equity": A(
        ("applicant_a", "supporter", "admin"),
        on="group_a",
        data=lambda w: {"led_by": ["DEI060000"], "works_with": ["none"]},
        effect=lambda w: _assert_equal(
            list(
                GroupEquityAnswers.objects.filter(group=w.group_a).values_list("led_by", flat=True)
            ),
            [["DEI060000"]],
        ),
        guards=("edit_group",),
    ),
    # Your own data: everyone signed in downloads theirs (and the download is recorded).
    "my_data": A(
        tuple(r for r in ROLES if r != "anonymous"),
        effect=lambda w: None,
    ),
    # Saving the report as it is written: the group's members and its supporter.
    "report_detail": A(
        ("applicant_a", "supporter"),
        on="report",
        data=lambda w: {"what_we_did": "We cooked lunch every Tuesday."},
        effect=lambda w: None,
    ),
    "report_photo_remove": A(
        ("applicant_a", "supporter", "officer_x", "admin"),
        on="report",
        effect=lambda w: _assert_gone(w.photo),
        guards=("send_report",),
    ),
    # -- Panel members and the meeting ---------------------------------------------------------
    # Both members answer the declaration (a locked link is saved again as it was).
    "panel_declare": A(
        ("panel_member", "conflicted_member"),
        data=lambda w: {f"link_{app.pk}": "none" for app in w.round.applications.all()},
        effect=lambda w: None,  # the view asks for an active membership, not a rule
    ),
    "panel_meeting_note": A(
        OFFICERS,
        data=lambda w: {f"note{w.panel_app.pk}-text": "Everyone liked the lunches."},
        effect=lambda w: None,
        guards=("run_panel_meeting",),
    ),
    # -- Reports and the vote, staff side -----------------------------------------------------
    "round_reporting": A(
        OFFICERS, on="monitoring_round", effect=lambda w: None, guards=("manage_reports",)
    ),  # fmt: skip
    "staff_report_phone": A(OFFICERS, on="report", effect=lambda w: None),
    "staff_vote_extra_remove": A(
        OFFICERS, effect=lambda w: _assert_gone(w.extra), guards=("manage_vote",)
    ),
    # -- The directory: group A's listing (listed, checked by funder X) ------------------------
    # The group's people and its supporter, and X's officers, may hide it; X's viewer may read
    # it but is sent back with a message. The other actions of this URL: LISTING_ACTIONS.
    "directory_action": A(
        ("applicant_a", "supporter", *OFFICERS),
        on="listing",
        kw={"action": "hide"},
        effect=lambda w: _listing_state_is(w, "HIDDEN"),
        guards=("hide_listing",),
    ),
    "directory_staff_hide": A(
        OFFICERS,
        on="listing",
        effect=lambda w: _listing_state_is(w, "HIDDEN"),
        guards=("hide_listing",),
    ),
    # After the group's grant is cancelled, X's officers decide: keep the listing up (the flag
    # is cleared, the listing stays listed) or take it down.
    "directory_staff_keep": A(
        OFFICERS,
        on="listing",
        setup=_grant_cancelled,
        effect=_listing_kept,
        guards=("check_listing",),
    ),
    "directory_staff_take_down": A(
        OFFICERS,
        on="listing",
        setup=_grant_cancelled,
        effect=_listing_taken_down,
        guards=("check_listing",),
    ),
    # The public page of a listed listing counts a view on any request (a count only, nothing
    # about who looked), a POST included: anyone at all.
    "whats_on_listing": A(
        tuple(ROLES),
        kw={"public_id": "listing_public_id"},
        effect=lambda w: _assert_equal(_fresh(w.listing).views, w.listing.views + 1),
    ),
}


# The other actions of `directory_action` (/directory/listings/<pk>/<action>/), one row each:
# ACTIONS holds one row per URL name (its `hide`), these are posted the same way.
LISTING_ACTIONS = {
    "withdraw": A(
        ("applicant_a", "supporter", *OFFICERS),
        on="listing",
        kw={"action": "withdraw"},
        effect=lambda w: _listing_state_is(w, "WITHDRAWN"),
        guards=("hide_listing",),
    ),
    "show_again": A(
        GROUP_A_PEOPLE,
        on="listing",
        kw={"action": "show_again"},
        setup=_listing_hidden,
        effect=lambda w: _listing_state_is(w, "LISTED"),
        guards=("edit_listing",),
    ),
    "submit": A(
        GROUP_A_PEOPLE,
        on="listing",
        kw={"action": "submit"},
        setup=_listing_draft,
        effect=lambda w: _listing_state_is(w, "AWAITING_CHECK"),
        guards=("edit_listing",),
    ),
    "start_again": A(
        GROUP_A_PEOPLE,
        on="listing",
        kw={"action": "start_again"},
        setup=_listing_withdrawn,
        effect=lambda w: _listing_state_is(w, "DRAFT"),
        guards=("edit_listing",),
    ),
    "confirm": A(
        GROUP_A_PEOPLE,
        on="listing",
        kw={"action": "confirm"},
        setup=_listing_unconfirmed,
        effect=_listing_confirmed,
        guards=("edit_listing",),
    ),
}


def _assert_equal(got, want):
    assert got == want, f"expected {want!r}, got {got!r}"


def _assert_gone(obj):
    assert not type(obj).objects.filter(pk=obj.pk).exists(), f"{obj!r} is still there"


# --------------------------------------------------------------------------------------------
# Checking
# --------------------------------------------------------------------------------------------
def _patterns():
    return {p.key: p for p in project_patterns() if p.area == "project"}


def _url(pattern, world, row):
    base = EXPECTED[pattern.key]
    return url_for(pattern, world, on=row.on if row else base.on, kw=(row.kw if row else base.kw))


def _one(client, url, world, row, role):
    """POST as `role` inside a savepoint rolled back after; returns what went wrong, or None."""
    with transaction.atomic():
        (row.setup if row else (lambda w: None))(world)
        before = fingerprint()
        response = post(client, url, row.data(world) if row else {})
        status = response.status_code
        changed = changed_tables(before, fingerprint())
        problem = None
        if status >= 500:
            problem = f"server error {status}"
        elif row is None:
            if changed:
                problem = (
                    f"an empty POST changed {changed}: add a row to ACTIONS saying who may "
                    "do this and what it does"
                )
        elif role in row.may:
            if not changed:
                problem = f"may act, but nothing changed (status {status})"
            else:
                try:
                    row.effect(world)
                except AssertionError as wrong:
                    problem = f"changed {changed}, but not as expected: {wrong}"
        else:
            problem = _refusal_problem(response, role, row)
            if changed:
                problem = f"must be refused, but changed {changed} (status {status})"
        transaction.set_rollback(True)
    return problem


def _refusal_problem(response, role, row):
    status = response.status_code
    if role in row.refusals:
        return (
            None if status == row.refusals[role] else f"expected {row.refusals[role]}, got {status}"
        )
    if role == "anonymous":
        location = response.get("Location", "")
        return (
            None
            if status == 302 and "/accounts/login/" in location
            else (f"expected a redirect to sign in, got {status} {location}")
        )
    if status in REFUSED:
        return None
    if status == 302 and error_messages(response):
        return None  # sent back with a message saying why
    return f"expected a refusal (403, 404, 405, or a redirect with a message), got {status}"


def check_rows(world, clients, keys):
    patterns = _patterns()
    wrong = []
    for key in keys:
        wrong += check_row(world, clients, patterns[key], ACTIONS.get(key))
    return wrong


def check_row(world, clients, pattern, row):
    wrong = []
    url = _url(pattern, world, row)
    for role in ROLES:
        problem = _one(clients[role], url, world, row, role)
        if problem:
            wrong.append(f"{pattern.key} ({url}) as {role}: {problem}")
    return wrong


def check_listing_actions(world, clients, actions):
    pattern = _patterns()["directory_action"]
    wrong = []
    for action in actions:
        wrong += check_row(world, clients, pattern, LISTING_ACTIONS[action])
    return wrong


@pytest.fixture
def acting_world(db):
    world = build_world()
    clients = {role: csrf_client(world.users[role]) for role in ROLES}
    return world, clients


def test_every_action_row_is_a_url():
    stale = sorted(set(ACTIONS) - set(_patterns()))
    assert not stale, f"ACTIONS has rows for URLs that no longer exist: {stale}"


def test_every_url_posted_as_every_role(acting_world):
    world, clients = acting_world
    keys = sorted(_patterns())
    wrong = check_rows(world, clients, keys)
    assert not wrong, f"{len(wrong)} wrong:\n" + "\n".join(wrong)


@pytest.mark.parametrize(
    "key,guard",
    [(key, guard) for key, row in ACTIONS.items() for guard in row.guards],
)
def test_removing_a_guard_fails_the_matrix(acting_world, monkeypatch, key, guard):
    world, clients = acting_world
    assert not check_rows(world, clients, [key]), "the row must pass with its guard in place"
    monkeypatch.setitem(permissions._RULES, guard, lambda user, obj=None: True)
    assert permissions.rule_for(guard)(None, None) is True
    wrong = check_rows(world, clients, [key])
    assert wrong, f"{key} still passes with the rule {guard!r} letting everyone through"


def test_every_listing_action_is_a_group_action():
    """Every action the group's listing URL takes has a row (its `hide` in ACTIONS)."""
    from directory.views.group import GROUP_ACTIONS

    rows = {ACTIONS["directory_action"].kw["action"], *LISTING_ACTIONS}
    assert rows == set(GROUP_ACTIONS), f"rows for {sorted(rows)}, actions {sorted(GROUP_ACTIONS)}"


@pytest.mark.parametrize("action", sorted(LISTING_ACTIONS))
def test_every_listing_action_posted_as_every_role(acting_world, action):
    world, clients = acting_world
    wrong = check_listing_actions(world, clients, [action])
    assert not wrong, f"{len(wrong)} wrong:\n" + "\n".join(wrong)


@pytest.mark.parametrize(
    "action,guard",
    [(action, guard) for action, row in LISTING_ACTIONS.items() for guard in row.guards],
)
def test_removing_a_guard_fails_a_listing_action(acting_world, monkeypatch, action, guard):
    world, clients = acting_world
    assert not check_listing_actions(world, clients, [action]), "must pass with its guard"
    monkeypatch.setitem(permissions._RULES, guard, lambda user, obj=None: True)
    wrong = check_listing_actions(world, clients, [action])
    assert wrong, f"directory_action {action} still passes with {guard!r} letting everyone through"
