"""Issue 13, finding 6: the funder hears when things go wrong. A daily digest tells each
funder's officers, in one plain email and only when there is something to say, about offers
lapsing soon or lapsed, reports overdue, payments due and money to get back; the staff home
shows the same counts; emails to groups name the funder's contact and phone."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from awards.models import Payment
from awards.services import offers as award_service
from awards.services.payments import payment_record
from core.models import AuditEvent
from core.transitions import perform
from grants.services.digest import officer_digests_send
from reports import services as report_services
from reports.models import Report
from tests.conftest import make_group, make_user
from tests.grants.test_awards import accept, offer
from tests.reports.factories import make_award
from tests.support.pages import count_queries

pytestmark = pytest.mark.django_db


def club(rnd, name):
    member = make_user(f"{name.split()[0].lower()}{rnd.pk}@example.com")
    return make_group(f"{name} {rnd.pk}", member), member


def trouble(rnd, officer, applicant, group):
    """One of each thing an officer should hear about, for `rnd`'s funder."""
    today = timezone.localdate()
    # An offer that lapses in three days.
    offer(rnd, group, applicant, officer, accept_by=today + timedelta(days=3))
    # An offer that lapsed yesterday.
    other, member = club(rnd, "Lapsed Club")
    award = offer(rnd, other, member, officer)
    type(award).objects.filter(pk=award.pk).update(accept_by=today - timedelta(days=1))
    award_service.offers_lapse_overdue()
    # A planned payment due today.
    third, member = club(rnd, "Paid Club")
    accepted = accept(offer(rnd, third, member, officer), member)
    planned = payment_record(accepted, by=officer, amount=100, payee="group", made=False)
    Payment.objects.filter(pk=planned.pk).update(due_on=today)
    # Money to get back: a paid award cancelled.
    fourth, member = club(rnd, "Closed Club")
    paid = accept(offer(rnd, fourth, member, officer), member)
    payment_record(paid, by=officer, amount=300, payee="group")
    award_service.award_cancel(paid, by=officer, reason="The group closed", amount_to_recover=300)
    # A report overdue.
    late = make_award(rnd, club(rnd, "Late Club")[0], 500, end=today - timedelta(days=60))
    (report,) = report_services.reports_schedule(late)
    report = perform(report, "open", by=None)
    Report.objects.filter(pk=report.pk).update(due_on=today - timedelta(days=10))


def test_the_digest_tells_the_funders_officers_what_needs_looking_at(
    open_round, officer, other_officer, applicant, group_a, outbox
):
    trouble(open_round, officer, applicant, group_a)
    outbox.clear()
    assert officer_digests_send() == 1
    [message] = outbox
    assert officer.email in message.to and other_officer.email not in message.to
    assert message.subject == "Seedbed: 5 things to look at for NHS Testshire Integrated Care Board"
    body = message.body
    for line in (
        "Offers that lapse in the next 7 days: 1",
        "Offers that lapsed in the last 7 days: 1",
        "Planned payments due: 1",
        "Money to get back: 1 (£300)",
        "Reports overdue: 1",
    ):
        assert line in body, body
    assert reverse("payments_due", args=[open_round.funder.slug]) in body
    assert reverse("staff_reports") in body


def test_the_digest_goes_once_a_day_however_often_it_runs(
    open_round, officer, applicant, group_a, outbox
):
    trouble(open_round, officer, applicant, group_a)
    outbox.clear()
    assert officer_digests_send() == 1
    assert officer_digests_send() == 0  # a second run the same day (cron and a worker)
    assert len(outbox) == 1
    [event] = AuditEvent.objects.filter(transition="officer_digest_sent")
    assert "Reports overdue: 1" in event.reason


def test_no_digest_when_there_is_nothing_to_say(open_round, officer, outbox):
    outbox.clear()
    assert officer_digests_send() == 0
    assert outbox == []


def test_the_daily_command_sends_the_digest(open_round, officer, applicant, group_a, outbox):
    trouble(open_round, officer, applicant, group_a)
    outbox.clear()
    out = io.StringIO()
    call_command("officer_digest", stdout=out)
    assert "1 funder" in out.getvalue()
    assert len(outbox) == 1


def test_the_staff_home_shows_the_counts_in_a_bounded_number_of_queries(
    open_round, officer, applicant, group_a, client_for
):
    client = client_for(officer)
    client.get(reverse("staff_home"))  # warm up (session, second factor)
    with count_queries() as empty:
        client.get(reverse("staff_home"))
    trouble(open_round, officer, applicant, group_a)
    with count_queries() as full:
        page = client.get(reverse("staff_home"))
    assert "Needs looking at" in page.text
    assert "Money to get back: 1 (£300)" in page.text
    assert "Reports overdue: 1" in page.text
    assert len(full) == len(empty), [q["sql"][:80] for q in full.captured_queries]


def test_a_funder_viewer_sees_the_counts_but_no_payment_links(
    open_round, officer, funder_viewer, applicant, group_a, client_for
):
    trouble(open_round, officer, applicant, group_a)
    page = client_for(funder_viewer).get(reverse("staff_home"))
    assert "Planned payments due: 1" in page.text
    assert reverse("payments_due", args=[open_round.funder.slug]) not in page.text


def test_emails_to_groups_name_the_funders_contact_and_phone(
    funder, open_round, group_a, applicant, officer, outbox
):
    funder.contact_name = "Priya Shah"
    funder.contact_phone = "0161 496 0123"
    funder.save()
    outbox.clear()
    award = offer(open_round, group_a, applicant, officer)
    type(award).objects.filter(pk=award.pk).update(accept_by=timezone.localdate() - timedelta(1))
    award_service.offers_lapse_overdue()
    offered, lapsed = outbox
    for message in (offered, lapsed):
        assert "Priya Shah" in message.body and "0161 496 0123" in message.body, message.body
