"""Officers read reports, ask for changes, accept them, type in phone reports and see what is
overdue; funder viewers read only."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from awards.models import AwardState
from reports import services
from reports.models import Report, ReportState, RoundReporting
from tests.support.pages import count_queries

from .factories import fill, make_award

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent_report(small_report, applicant):
    return services.report_send(fill(small_report), by=applicant)


def test_the_officer_reads_and_accepts(client_for, officer, sent_report, outbox):
    c = client_for(officer)
    html = c.get(reverse("staff_report", args=[sent_report.pk])).content.decode()
    assert "We ran lunches every Tuesday." in html and "Accept the report" in html
    response = c.post(reverse("staff_report_accept", args=[sent_report.pk]))
    assert response.status_code == 302
    assert Report.objects.get(pk=sent_report.pk).state == ReportState.ACCEPTED
    page = c.get(response["Location"]).content.decode()
    assert "The report is accepted." in page
    assert "not paid in full" in page  # the award is accepted, not paid: it stays open
    assert any("Thank you for your report" in m.subject for m in outbox)


def test_accepting_the_end_report_of_a_paid_award_closes_it(
    client_for, officer, monitoring_round, group_b, applicant_b
):
    from core.transitions import perform

    award = make_award(monitoring_round, group_b, 900, state=AwardState.PAID, paid=900)
    (report,) = services.reports_schedule(award)
    report = services.report_send(fill(perform(report, "open", by=None)), by=applicant_b)
    c = client_for(officer)
    response = c.post(reverse("staff_report_accept", args=[report.pk]))
    page = c.get(response["Location"]).content.decode()
    assert "The award is now closed." in page
    award.refresh_from_db()
    assert award.state == AwardState.CLOSED


@pytest.mark.parametrize(
    "reason,message",
    [("", "Say what the group needs to change."), ("x" * 2001, "Keep this to 2,000 characters")],
)
def test_asking_for_changes_needs_a_reason(client_for, officer, sent_report, reason, message):
    response = client_for(officer).post(
        reverse("staff_report_changes", args=[sent_report.pk]), {"reason": reason}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_reason-error"' in html and message in html
    assert Report.objects.get(pk=sent_report.pk).state == ReportState.SUBMITTED


def test_asking_for_changes(client_for, officer, applicant, sent_report, outbox):
    hostile = "<b>Please</b> add how many came."
    client_for(officer).post(
        reverse("staff_report_changes", args=[sent_report.pk]), {"reason": hostile}
    )
    report = Report.objects.get(pk=sent_report.pk)
    assert report.state == ReportState.CHANGES_REQUESTED and report.feedback == hostile
    assert any(hostile in m.body for m in outbox)
    html = client_for(applicant).get(reverse("report_detail", args=[report.pk])).content.decode()
    assert "We asked you to change something" in html and "&lt;b&gt;Please" in html


def test_a_funder_viewer_reads_but_cannot_decide(client_for, funder_viewer, sent_report):
    c = client_for(funder_viewer)
    html = c.get(reverse("staff_report", args=[sent_report.pk])).content.decode()
    assert "Accept the report" not in html
    c.post(reverse("staff_report_accept", args=[sent_report.pk]))
    assert Report.objects.get(pk=sent_report.pk).state == ReportState.SUBMITTED
    assert c.get(reverse("staff_report_phone", args=[sent_report.pk])).status_code == 404


def test_other_funders_and_applicants_cannot_see_staff_report_pages(
    client_for, other_officer, applicant, sent_report
):
    assert (
        client_for(other_officer).get(reverse("staff_report", args=[sent_report.pk])).status_code
        == 404
    )
    assert (
        client_for(applicant).get(reverse("staff_report", args=[sent_report.pk])).status_code == 403
    )
    assert (
        client_for(other_officer)
        .post(reverse("staff_report_accept", args=[sent_report.pk]))
        .status_code
        == 404
    )


def test_an_officer_types_in_a_phone_report(client_for, officer, small_report):
    url = reverse("staff_report_phone", args=[small_report.pk])
    c = client_for(officer)
    assert "Type in a report given by phone" in c.get(url).content.decode()
    bad = c.post(url, {"action": "send", "what_you_did": "We met.", "people_count": "ten"})
    assert (
        'id="id_people_count-error"' in bad.content.decode() and "We met." in bad.content.decode()
    )
    response = c.post(
        url,
        {"action": "send", "what_you_did": "We met.", "who_took_part": "12 people",
         "difference_made": "Made friends.", "people_count": "12"},
    )  # fmt: skip
    assert response.status_code == 302
    report = Report.objects.get(pk=small_report.pk)
    assert report.state == ReportState.SUBMITTED
    assert report.channel == Report.Channel.PHONE and report.entered_by == officer
    html = c.get(reverse("staff_report", args=[report.pk])).content.decode()
    assert "By phone, typed in by an officer" in html


def test_the_reports_list_shows_what_to_read_and_what_is_overdue(
    client_for, officer, sent_report, monitoring_round, group_b
):
    late_award = make_award(monitoring_round, group_b, 700)
    (late,) = services.reports_schedule(late_award)
    from core.transitions import perform

    perform(late, "open", by=None)
    Report.objects.filter(pk=late.pk).update(due_on=timezone.localdate() - timedelta(days=9))
    c = client_for(officer)
    c.get(reverse("staff_reports"))
    with count_queries() as q:
        html = c.get(reverse("staff_reports")).content.decode()
    assert "To read (1)" in html and "Overdue (1)" in html and "Millbrook Walkers" in html
    assert len(q) <= 20


def test_round_reporting_settings(client_for, officer, funder_viewer, monitoring_round):
    url = reverse("round_reporting", args=[monitoring_round.pk])
    assert client_for(funder_viewer).get(url).status_code == 404
    c = client_for(officer)
    bad = c.post(url, {"outcome_measure": "x" * 201})
    assert "Keep this to 200 characters or fewer." in bad.content.decode()
    c.post(url, {"outcome_measure": "How many people feel less alone?", "ask_wellbeing": "on"})
    settings_row = RoundReporting.objects.get(round=monitoring_round)
    assert settings_row.ask_wellbeing and settings_row.outcome_measure.startswith("How many")


def test_wellbeing_answers_are_checked(client_for, applicant, monitoring_round, group_a):
    from core.transitions import perform

    RoundReporting.objects.create(round=monitoring_round, ask_wellbeing=True)
    award = make_award(monitoring_round, group_a, 800)
    (report,) = services.reports_schedule(award)
    perform(report, "open", by=None)
    url = reverse("report_detail", args=[report.pk])
    html = client_for(applicant).get(url).content.decode()
    assert "Office for National Statistics" in html
    assert "How satisfied are you with your life nowadays?" in html
    response = client_for(applicant).post(
        url, {"action": "save", "wellbeing_life_satisfaction": "11", "wellbeing_happiness": "7.5"}
    )
    html = response.content.decode()
    assert "Enter a number from 0 to 10." in html
    assert "Say how many people answered the wellbeing questions." in html
    client_for(applicant).post(
        url, {"action": "save", "wellbeing_people": "12", "wellbeing_happiness": "7.5"}
    )
    report.refresh_from_db()
    assert str(report.wellbeing_happiness) == "7.5" and report.wellbeing_people == 12
