"""Concurrency on PostgreSQL: many real HTTP requests at the same moment against a live server.

Each simulated person has their own session cookie (signed in with `force_login` and marked as
just signed in with their second factor, as `client_for` does) and CSRF token (read from the form page, as a browser would). Requests are released
together by a `threading.Barrier`, so they reach the server at the same moment.

What must hold:
- 50 identical "send it" presses of one draft make one submitted application and one `submit`
  audit record; every other press gets a plain message, never a server error.
- Many ballots from one voter at once make one ballot.
- Two officers confirming a decision at once decide the round once, within budget.
- Two officers recording payments at once never pay more than the award.
- Two officers making opposite screening decisions at once: one wins, the other is told plainly,
  and the audit trail has one record.

The server is Django's threaded live server (one thread and one database connection per
request), with at most `SERVER_THREADS` requests running at once, like a production server
with a fixed number of worker threads. Without that cap 50 requests would need 50 PostgreSQL
connections, more than CI's server allows (`max_connections=50`). All 50 requests are still sent
at once; the server takes them in, and runs up to SERVER_THREADS of them side by side.

SQLite runs one writer at a time (the whole file is locked), so these races cannot happen there:
the tests skip, with the reason, unless the database is PostgreSQL.
"""

import http.client
import re
import threading
from collections import Counter
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

import pytest
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core import mail
from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import connection
from django.http import HttpRequest
from django.test import Client
from django.test.testcases import LiveServerThread
from django.urls import reverse

from awards.models import Award, Payment, PaymentState
from core.models import AuditEvent
from grants.models import Application, ApplicationState, Role, RoundState
from tests.conftest import give_second_factor, make_user, mark_recently_authenticated

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL (set DATABASE_URL): SQLite runs one writer at a time",
    ),
]

SERVER_THREADS = 12
TIMEOUT = 90


# --------------------------------------------------------------------------------------------
# A live server with a fixed number of worker threads
# --------------------------------------------------------------------------------------------
class _BoundedServer(ThreadedWSGIServer):
    """Django's threaded test server, running at most SERVER_THREADS requests at once."""

    request_queue_size = 128  # let every request in, even while all the threads are busy

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._slots = threading.BoundedSemaphore(SERVER_THREADS)

    def process_request_thread(self, request, client_address):
        with self._slots:  # the request, and closing its database connection, hold a slot
            super().process_request_thread(request, client_address)


class _BoundedLiveServerThread(LiveServerThread):
    server_class = _BoundedServer


@pytest.fixture
def server(transactional_db):
    thread = _BoundedLiveServerThread("127.0.0.1", StaticFilesHandler)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    yield f"http://127.0.0.1:{thread.port}"
    thread.terminate()


# --------------------------------------------------------------------------------------------
# A person with a browser: their own cookies, plain HTTP
# --------------------------------------------------------------------------------------------
@dataclass
class Reply:
    status: int
    location: str
    body: str
    cookies: dict = field(default_factory=dict)

    def messages(self):
        """The messages the next page will show (Django's messages cookie), as plain text."""
        value = self.cookies.get("messages")
        if not value:
            return []
        found = CookieStorage(HttpRequest())._decode(value) or []
        return [str(m) for m in found]


class Person:
    def __init__(self, base_url, user):
        client = Client()
        client.force_login(user)
        # Signed in just now, with the second factor: sensitive staff steps go ahead.
        mark_recently_authenticated(client, user)
        self.base = urlsplit(base_url)
        self.cookies = {name: morsel.value for name, morsel in client.cookies.items()}
        self.user = user

    def _send(self, method, path, data=None, *, body=None, content_type=None):
        conn = http.client.HTTPConnection(self.base.hostname, self.base.port, timeout=TIMEOUT)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if data is not None:
            body = urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif content_type:
            headers["Content-Type"] = content_type
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode("utf-8", "replace")
            cookies = {}
            for header in response.headers.get_all("Set-Cookie") or []:
                jar = SimpleCookie()
                jar.load(header)
                cookies.update({name: morsel.value for name, morsel in jar.items()})
            return Reply(response.status, response.getheader("Location") or "", text, cookies)
        finally:
            conn.close()

    def get(self, path):
        reply = self._send("GET", path)
        if "csrftoken" in reply.cookies:
            self.cookies["csrftoken"] = reply.cookies["csrftoken"]
        return reply

    def form_token(self, path):
        """Open the page with the form, as a browser would, and keep its CSRF token."""
        reply = self.get(path)
        assert reply.status == 200, (path, reply.status, reply.body[:500])
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', reply.body)
        assert match, f"no CSRF token in the form at {path}"
        return match.group(1)

    def post(self, path, data, token):
        return self._send("POST", path, {**data, "csrfmiddlewaretoken": token})

    def post_file(self, path, data, name, content, token):
        """A form with a file, sent as a browser sends it (multipart)."""
        import io

        from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

        upload = io.BytesIO(content)
        upload.name = "photo.jpg"
        body = encode_multipart(BOUNDARY, {**data, name: upload, "csrfmiddlewaretoken": token})
        return self._send("POST", path, body=body, content_type=MULTIPART_CONTENT)


def all_at_once(jobs):
    """Run every job (a no-argument callable) in its own thread, released together.
    Returns the replies in the jobs' order; a job that raised is returned as the exception."""
    barrier = threading.Barrier(len(jobs))
    replies = [None] * len(jobs)

    def run(i, job):
        try:
            barrier.wait(timeout=30)
            replies[i] = job()
        except Exception as exc:  # noqa: BLE001  (reported by the test)
            replies[i] = exc

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=TIMEOUT * 2)
    return replies


def assert_no_server_errors(replies):
    broken = [r for r in replies if not isinstance(r, Reply)]
    assert not broken, broken[:3]
    statuses = Counter(r.status for r in replies)
    assert set(statuses) <= {200, 302}, (
        statuses,
        [r.body[:800] for r in replies if r.status >= 400][:2],
    )
    return statuses


def second_officer(funder, email="sid.officer@example.com"):
    user = give_second_factor(make_user(email, "Sid"))
    Role.objects.create(user=user, kind=Role.Kind.OFFICER, funder=funder)
    return user


def audit_of(obj, *transitions):
    from django.contrib.contenttypes.models import ContentType

    return list(
        AuditEvent.objects.filter(
            content_type=ContentType.objects.get_for_model(type(obj)),
            object_id=str(obj.pk),
            transition__in=transitions,
        ).values_list("transition", "from_state", "to_state")
    )


# --------------------------------------------------------------------------------------------
# 50 presses of "send it"
# --------------------------------------------------------------------------------------------
def test_fifty_identical_submissions_make_one_submitted_application(
    server, open_round, group_a, applicant, outbox
):
    from grants.services import applications as rules

    app = rules.application_start(open_round, group_a, by=applicant)
    rules.application_save_about(app, {"title": "Tuesday lunches", "amount_requested": 500})
    for question in open_round.questions.all():
        rules.answer_save(app, question, text="We cook lunch for neighbours on Tuesdays.")
    rules.budget_save(app, [("Food", 300), ("Hall hire", 200)])
    assert rules.problems(Application.objects.get(pk=app.pk)) == []

    person = Person(server, applicant)
    path = reverse("application_check", args=[app.reference])
    token = person.form_token(path)
    mail.outbox.clear()

    replies = all_at_once([lambda: person.post(path, {}, token) for _ in range(50)])

    assert_no_server_errors(replies)
    sent_url = reverse("application_sent", args=[app.reference])
    # Every tap lands on the confirmation: none says "There is a problem".
    landed = Counter((r.status, r.location) for r in replies)
    assert all(r.status == 302 and r.location.endswith(sent_url) for r in replies), landed
    assert not any(r.messages() for r in replies)

    app.refresh_from_db()
    assert app.state == ApplicationState.SUBMITTED
    assert Application.objects.filter(group=group_a, round=open_round).count() == 1
    assert audit_of(app, "submit") == [("submit", "draft", "submitted")]
    assert len(mail.outbox) == 1, [m.subject for m in mail.outbox]  # the group is told once


# --------------------------------------------------------------------------------------------
# Twenty taps on "Save and continue" on a new group's profile
# --------------------------------------------------------------------------------------------
def test_twenty_taps_on_a_new_group_profile_make_one_group_and_one_draft(
    server, open_round, applicant
):
    from grants.models import Group

    person = Person(server, applicant)
    eligible = reverse("apply_check", args=[open_round.slug])
    person.post(
        eligible, {"q1": "yes", "q2": "yes", "q3": "yes", "q4": "no"}, person.form_token(eligible)
    )
    path = f"{reverse('group_new')}?round={open_round.slug}"
    token = person.form_token(path)
    page = person.get(path).body
    once = re.search(r'name="once_token" value="([^"]+)"', page).group(1)
    data = {
        "name": "Tap Twice Club",
        "kind": "informal",
        "area": "Riverside",
        "postcode": "RV3 9ZZ",
        "income_band": "none",
        "contact_name": "Jo Rivers",
        "contact_email": "jo@example.com",
        "second_contact_name": "Kim Banks",
        "second_contact_phone": "07700 900456",
        "contacts_unrelated": "on",
        "payment_route": "bank",
        "bank_account_name": "Tap Twice Club",
        "once_token": once,
    }
    replies = all_at_once([lambda: person.post(path, data, token) for _ in range(20)])

    assert_no_server_errors(replies)
    assert Group.objects.filter(name="Tap Twice Club").count() == 1
    app = Application.objects.get(round=open_round)
    step = reverse("application_step", args=[app.reference, "about"])
    assert all(r.status == 302 and r.location.endswith(step) for r in replies), Counter(
        (r.status, r.location) for r in replies
    )


# --------------------------------------------------------------------------------------------
# Ballots
# --------------------------------------------------------------------------------------------
def test_parallel_ballots_from_one_voter_make_one_ballot(server, funder):
    from tests.voting.helpers import voting_round
    from voting.models import Ballot, Voter, VoterParticipation

    rnd, apps, users, vote = voting_round(funder, 3, members=2)
    voter = Person(server, users[0])
    path = reverse("vote_ballot", args=[rnd.pk])
    token = voter.form_token(path)
    refs = [a.reference for a in apps]
    choices = [[refs[i % 3]] if i % 2 else [refs[0], refs[1]] for i in range(16)]

    replies = all_at_once([lambda c=c: voter.post(path, {"approve": c}, token) for c in choices])

    statuses = assert_no_server_errors(replies)
    assert statuses == {302: 16}, [r.body[:300] for r in replies if r.status == 200][:1]
    assert {r.location for r in replies} == {reverse("vote_receipt", args=[rnd.pk])}
    assert Ballot.objects.filter(vote=vote).count() == 1
    assert Voter.objects.filter(vote=vote).count() == 1
    assert VoterParticipation.objects.filter(vote=vote).count() == 1
    assert Ballot.objects.get(vote=vote).contents["approve"] in [sorted(c) for c in choices]


def test_parallel_ballots_from_many_voters_each_count_once(server, funder):
    from tests.voting.helpers import voting_round
    from voting.models import Ballot, VoterParticipation

    rnd, apps, users, vote = voting_round(funder, 3, members=5)
    path = reverse("vote_ballot", args=[rnd.pk])
    people = [Person(server, user) for user in users]
    tokens = [p.form_token(path) for p in people]
    jobs = [
        lambda p=p, t=t: p.post(path, {"approve": [apps[1].reference]}, t)
        for p, t in zip(people, tokens, strict=True)
        for _press in range(3)
    ]

    replies = all_at_once(jobs)

    assert assert_no_server_errors(replies) == {302: 15}
    assert Ballot.objects.filter(vote=vote).count() == 5
    assert VoterParticipation.objects.filter(vote=vote).count() == 5
    assert rnd.state == RoundState.VOTING


def test_panel_opening_the_ballot_page_at_once_makes_one_vote(server, funder):
    """The vote is made the first time someone asks for it once the round is at voting: when
    the whole panel opens the ballot page at the same moment, there is still one vote."""
    from tests.panels.helpers import active_member, declare_all, scoring_round
    from voting.models import Vote

    rnd, apps = scoring_round(funder, 3, state=RoundState.VOTING, budget=1500)
    people = []
    for i in range(5):
        member = active_member(rnd, f"resident{i}@example.com", f"Resident {i}")
        declare_all(member, apps)
        people.append(Person(server, member.user))
    assert not Vote.objects.filter(round=rnd).exists()
    path = reverse("vote_ballot", args=[rnd.pk])

    replies = all_at_once([lambda p=p: p.get(path) for p in people * 2])

    assert assert_no_server_errors(replies) == {200: 10}
    vote = Vote.objects.get(round=rnd)
    assert audit_of(vote, "open_vote") == [("open_vote", "", "open")]


# --------------------------------------------------------------------------------------------
# The decision
# --------------------------------------------------------------------------------------------
def test_two_officers_confirming_the_decision_at_once_decide_once(server, funder, officer):
    from tests.voting.helpers import approve, voting_round
    from voting.models import Vote, VoteState
    from voting.services.decision import vote_close_and_count

    rnd, apps, users, vote = voting_round(funder, 3, members=3)
    for user in users:
        approve(vote, user, apps[1], apps[2])
    vote = vote_close_and_count(vote, by=officer)
    selected = vote.outcome["selected"]
    assert selected  # something to award

    people = [Person(server, officer), Person(server, second_officer(funder))]
    outcome_path = reverse("staff_vote_outcome", args=[rnd.pk])
    confirm_path = reverse("staff_vote_confirm", args=[rnd.pk])
    tokens = [p.form_token(outcome_path) for p in people]
    jobs = [
        lambda p=p, t=t: p.post(confirm_path, {"sure": "on"}, t)
        for p, t in zip(people, tokens, strict=True)
        for _press in range(3)  # each presses the button three times
    ]

    replies = all_at_once(jobs)

    assert assert_no_server_errors(replies) == {302: 6}
    said = [r.messages() for r in replies]
    decided = [m for m in said if any(text.startswith("The round is decided") for text in m)]
    refused = [m for m in said if "This vote has already been decided." in m]
    assert len(decided) == 1, said
    assert len(refused) == 5, said

    rnd.refresh_from_db()
    assert rnd.state == RoundState.DECIDED
    assert Vote.objects.get(pk=vote.pk).state == VoteState.CONFIRMED
    assert audit_of(rnd, "decide") == [("decide", "voting", "decided")]
    assert len(audit_of(vote, "confirm")) == 1
    awards = Award.objects.filter(round=rnd)
    assert sorted(a.application.reference for a in awards) == sorted(selected)
    assert sum(a.amount for a in awards) <= rnd.budget
    awarded = Application.objects.filter(round=rnd, state=ApplicationState.AWARDED)
    assert sorted(awarded.values_list("reference", flat=True)) == sorted(selected)
    for app in apps:
        assert len(audit_of(app, "award", "not_award")) == 1


# --------------------------------------------------------------------------------------------
# Payments
# --------------------------------------------------------------------------------------------
@pytest.fixture
def accepted_award(open_round, group_a, applicant, officer):
    from tests.grants.test_awards import accept, offer

    return accept(offer(open_round, group_a, applicant, officer, amount=800), applicant)


def test_two_officers_recording_payments_at_once_never_exceed_the_award(
    server, funder, officer, accepted_award
):
    award = accepted_award
    people = [Person(server, officer), Person(server, second_officer(funder))]
    path = reverse("staff_award_pay", args=[award.pk])
    tokens = [p.form_token(path) for p in people]
    payment = {"kind": "made", "payee": "group", "amount": "300", "date": "2027-05-01"}
    jobs = [
        lambda p=p, t=t, i=i: p.post(path, {**payment, "reference": f"BACS {i}"}, t)
        for i, (p, t) in enumerate(zip(people * 4, tokens * 4, strict=True))
    ]

    replies = all_at_once(jobs)

    statuses = assert_no_server_errors(replies)
    assert statuses == {302: 2, 200: 6}, statuses
    for reply in replies:
        if reply.status == 200:  # the amount field says what is left, the form keeps the values
            assert 'id="id_amount-error"' in reply.body
            assert "at most £200 can be added" in reply.body, reply.body[:2000]
            assert 'value="300"' in reply.body
    made = Payment.objects.filter(award=award, state=PaymentState.MADE)
    assert made.count() == 2
    assert sum(p.amount for p in made) == 600 <= award.amount
    assert AuditEvent.objects.filter(transition="make").count() == 2


def test_two_officers_paying_the_last_of_an_award_at_once_pay_it_once(
    server, funder, officer, accepted_award
):
    """Both press "Record" for the whole £800: one pays it and the award is paid; the other is
    told it is already paid in full."""
    from awards.models import AwardState

    award = accepted_award
    people = [Person(server, officer), Person(server, second_officer(funder))]
    path = reverse("staff_award_pay", args=[award.pk])
    tokens = [p.form_token(path) for p in people]
    payment = {"kind": "made", "payee": "group", "amount": "800", "date": "2027-05-01"}
    jobs = [lambda p=p, t=t: p.post(path, payment, t) for p, t in zip(people, tokens, strict=True)]

    replies = all_at_once(jobs * 3)

    assert assert_no_server_errors(replies) == {302: 1, 200: 5}
    for reply in replies:
        if reply.status == 200:
            assert "already paid in full" in reply.body
    award.refresh_from_db()
    assert award.state == AwardState.PAID
    assert award.paid_total() == 800
    assert audit_of(award, "mark_paid") == [("mark_paid", "accepted", "paid")]


def test_two_officers_marking_one_planned_payment_sent_at_once(
    server, funder, officer, accepted_award
):
    from awards.services.payments import payment_record

    award = accepted_award
    planned = payment_record(award, by=officer, amount=800, payee="group", made=False)
    people = [Person(server, officer), Person(server, second_officer(funder))]
    path = reverse("staff_payment_sent", args=[planned.pk])
    tokens = [p.form_token(path) for p in people]
    jobs = [
        lambda p=p, t=t: p.post(path, {"paid_on": "2/5/2027", "reference": "R1"}, t)
        for p, t in zip(people, tokens, strict=True)
    ]

    replies = all_at_once(jobs * 2)

    statuses = assert_no_server_errors(replies)
    assert statuses == {302: 1, 200: 3}, statuses
    for reply in replies:
        if reply.status == 200:
            assert "govuk-error-summary" in reply.body
    assert audit_of(planned, "make") == [("make", "scheduled", "made")]
    assert award.paid_total() == 800


# --------------------------------------------------------------------------------------------
# Racing transitions
# --------------------------------------------------------------------------------------------
def test_eligible_and_ineligible_at_once_one_wins_the_other_is_told(
    server, funder, open_round, group_a, applicant, officer
):
    app = Application.objects.create(
        round=open_round, group=group_a, title="Walks", amount_requested=500, created_by=applicant
    )
    Application.objects.filter(pk=app.pk).update(state=ApplicationState.SUBMITTED)
    app.refresh_from_db()
    olu, sid = Person(server, officer), Person(server, second_officer(funder))
    path = reverse("staff_application", args=[app.pk])
    decide = reverse("staff_application_decide", args=[app.pk])
    tokens = {olu: olu.form_token(path), sid: sid.form_token(path)}
    yes = {"decision": "eligible"}
    no = {"decision": "ineligible", "ineligible-reason": "Outside the round's area."}
    jobs = [lambda p=p, d=d: p.post(decide, d, tokens[p]) for p, d in [(olu, yes), (sid, no)] * 4]

    replies = all_at_once(jobs)

    assert assert_no_server_errors(replies) == {302: 8}
    said = [r.messages() for r in replies]
    wins = [m for m in said if any("marked as" in text for text in m)]
    refusals = [m for m in said if any("cannot be done any more" in text for text in m)]
    assert len(wins) == 1, said
    assert len(refusals) == 7, said
    app.refresh_from_db()
    assert app.state in (ApplicationState.ELIGIBLE, ApplicationState.INELIGIBLE)
    trail = audit_of(app, "mark_eligible", "mark_ineligible")
    assert trail == [
        (
            "mark_eligible" if app.state == ApplicationState.ELIGIBLE else "mark_ineligible",
            "submitted",
            app.state,
        )
    ]


def test_withdrawing_while_an_officer_screens_one_wins(
    server, funder, open_round, group_a, applicant, officer
):
    app = Application.objects.create(
        round=open_round, group=group_a, title="Walks", amount_requested=500, created_by=applicant
    )
    Application.objects.filter(pk=app.pk).update(state=ApplicationState.SUBMITTED)
    amina, olu = Person(server, applicant), Person(server, officer)
    withdraw = reverse("application_withdraw", args=[app.reference])
    decide = reverse("staff_application_decide", args=[app.pk])
    amina_token = amina.form_token(withdraw)
    olu_token = olu.form_token(reverse("staff_application", args=[app.pk]))
    jobs = [
        lambda: amina.post(withdraw, {"reason": "We found other money."}, amina_token),
        lambda: olu.post(decide, {"decision": "eligible"}, olu_token),
    ]

    replies = all_at_once(jobs * 3)

    assert_no_server_errors(replies)
    app.refresh_from_db()
    assert app.state in (ApplicationState.WITHDRAWN, ApplicationState.ELIGIBLE)
    trail = audit_of(app, "withdraw", "mark_eligible")
    assert len(trail) == 1, trail
    assert trail[0][1:] == ("submitted", app.state)


def test_accepting_and_declining_an_offer_at_once_one_answer_counts(
    server, open_round, group_a, applicant, officer
):
    from awards.models import AwardState
    from tests.grants.test_awards import offer

    award = offer(open_round, group_a, applicant, officer, amount=800)
    amina = Person(server, applicant)
    accept = reverse("award_accept", args=[award.pk])
    decline = reverse("award_decline", args=[award.pk])
    yes = {
        "payment_route": "bank",
        "payee_name": "Tuesday Lunch Club",
        "accepted_name": "Amina Yusuf",
        "two_people_agree": "on",
    }
    accept_token, decline_token = amina.form_token(accept), amina.form_token(decline)
    jobs = [
        lambda: amina.post(accept, yes, accept_token),
        lambda: amina.post(decline, {"reason": "We changed our plans."}, decline_token),
    ]

    replies = all_at_once(jobs * 3)

    statuses = assert_no_server_errors(replies)
    award.refresh_from_db()
    assert award.state in (AwardState.ACCEPTED, AwardState.DECLINED)
    assert len(audit_of(award, "accept", "decline")) == 1
    answered = [m for r in replies for m in r.messages() if m.startswith("You ")]
    assert len(answered) == 1, [r.messages() for r in replies]
    for reply in replies:  # the others are told plainly: on the form, or on the next page
        said = reply.messages() + (["form"] if "govuk-error-summary" in reply.body else [])
        assert said, (reply.status, reply.body[:500])
    assert statuses[302] >= 1


def test_ten_photos_sent_at_once_never_pass_the_reports_limit(server, accepted_award, applicant):
    """The limit of photos a report holds is counted under a lock on the report: ten sent at
    once leave exactly the limit, the rest are refused beside the photo field."""
    from reports import services as report_services
    from reports.models import Report, ReportState
    from reports.photos import MAX_PHOTOS_PER_REPORT
    from tests.hardening.world import _jpeg

    report = report_services.reports_schedule(accepted_award)[0]
    Report.objects.filter(pk=report.pk).update(state=ReportState.DUE)
    amina = Person(server, applicant)
    path = reverse("report_detail", args=[report.pk])
    token = amina.form_token(path)
    photo = _jpeg()
    jobs = [
        lambda i=i: amina.post_file(
            path, {"action": "save", "caption": f"Photo {i}"}, "photo", photo, token
        )
        for i in range(10)
    ]

    replies = all_at_once(jobs)

    assert_no_server_errors(replies)
    assert report.photos.count() == MAX_PHOTOS_PER_REPORT
    refused = [r for r in replies if f"You can add up to {MAX_PHOTOS_PER_REPORT} photos" in r.body]
    assert len(refused) == 10 - MAX_PHOTOS_PER_REPORT
