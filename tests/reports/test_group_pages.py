"""The group's report pages: plain questions, bad input answered beside the field with what was
typed kept, saving to finish later, sending, photos, and nobody else's reports."""

import pytest
from django.urls import reverse

from reports.models import Report, ReportPhoto, ReportState
from tests.support.pages import assert_plain, count_queries, reading_grade

from .factories import jpeg_bytes, upload

pytestmark = pytest.mark.django_db

GOOD = {
    "what_you_did": "We ran a lunch club every Tuesday.",
    "who_took_part": "About 20 older people from Northfield.",
    "difference_made": "People say they feel less alone.",
    "people_count": "20",
    "consent_to_share": "on",
}


def page_of(report):
    return reverse("report_detail", args=[report.pk])


def test_the_report_page_asks_short_plain_questions(client_for, applicant, small_report):
    response = client_for(applicant).get(page_of(small_report))
    assert response.status_code == 200
    html = response.content.decode()
    for words in [
        "Your end report",
        "What did you do with the money?",
        "Who took part?",
        "What difference did it make?",
        "Add a photo (optional)",
        "The funder may use our story and photos in its reports",
        "Send report",
        "Save and finish later",
    ]:
        assert words in html
    assert "How many sessions" not in html  # the short tier asks no numbers
    assert_plain(reading_grade(html), "Your end report (short tier)")


def test_the_numbers_tier_asks_numbers_and_spend(client_for, applicant, numbers_report):
    html = client_for(applicant).get(page_of(numbers_report)).content.decode()
    assert "How many sessions or events did you run?" in html
    assert "How much did you spend on: Hall hire?" in html
    assert "You planned £3,000." in html
    assert_plain(reading_grade(html), "Your end report (numbers tier)")


def test_sending_a_short_report(client_for, applicant, small_report, outbox):
    small_report.funder.contact_email = "grants@testshire.example"
    small_report.funder.save()
    response = client_for(applicant).post(page_of(small_report), {**GOOD, "action": "send"})
    assert response.status_code == 302
    report = Report.objects.get(pk=small_report.pk)
    assert report.state == ReportState.SUBMITTED
    assert report.people_count == 20 and report.consent_to_share
    assert report.channel == Report.Channel.ONLINE
    assert any("Report sent by Tuesday Lunch Club" in m.subject for m in outbox)
    page = client_for(applicant).get(page_of(report)).content.decode()
    assert "Report sent" in page and "We ran a lunch club every Tuesday." in page
    assert "Send report" not in page


def test_saving_to_finish_later_keeps_partial_answers(client_for, applicant, small_report):
    response = client_for(applicant).post(
        page_of(small_report), {"what_you_did": "Half written", "action": "save"}
    )
    assert response.status_code == 302
    report = Report.objects.get(pk=small_report.pk)
    assert report.what_you_did == "Half written" and report.state == ReportState.DUE
    page = client_for(applicant).get(page_of(report)).content.decode()
    assert "Half written" in page


@pytest.mark.parametrize(
    "changes,field,message",
    [
        (
            {"what_you_did": ""},
            "what_you_did",
            "What did you do with the money: please write an answer.",
        ),
        (
            {"difference_made": "x" * 2001},
            "difference_made",
            "Keep this to 2,000 characters or fewer",
        ),
        ({"people_count": "lots"}, "people_count", "Enter a whole number, like 12."),
        ({"people_count": "-3"}, "people_count", "Enter 0 or more."),
        ({"people_count": "99999999999"}, "people_count", "Enter a number up to 1,000,000."),
    ],
)
def test_bad_answers_get_a_message_beside_the_field_and_are_kept(
    client_for, applicant, small_report, changes, field, message
):
    data = {**GOOD, **changes, "action": "send"}
    response = client_for(applicant).post(page_of(small_report), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="id_{field}-error"' in html
    assert message in html
    assert "govuk-error-summary" in html
    assert "About 20 older people from Northfield." in html  # what was typed is kept
    if changes[field] and len(changes[field]) < 50:
        assert changes[field] in html
    assert Report.objects.get(pk=small_report.pk).state == ReportState.DUE


def test_hostile_text_is_kept_as_text_and_never_run(client_for, applicant, small_report):
    hostile = '<script>alert("x")</script> =HYPERLINK("http://evil") Robert\'); DROP TABLE'
    data = {**GOOD, "what_you_did": hostile, "action": "send"}
    client_for(applicant).post(page_of(small_report), data)
    report = Report.objects.get(pk=small_report.pk)
    assert report.what_you_did == hostile
    html = client_for(applicant).get(page_of(report)).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html


def test_numbers_tier_needs_numbers_and_spend(client_for, applicant, numbers_report):
    data = {**GOOD, "action": "send", "sessions_count": "", "spent_0": "3000", "spent_1": "£2k"}
    response = client_for(applicant).post(page_of(numbers_report), data)
    html = response.content.decode()
    assert 'id="id_sessions_count-error"' in html
    assert 'id="id_spent_1-error"' in html and "£2k" in html
    data.update(
        sessions_count="30", volunteers_count="4", volunteer_hours="100", spent_1="1800",
        spend_note="The hall gave us a discount.",
    )  # fmt: skip
    response = client_for(applicant).post(page_of(numbers_report), data)
    assert response.status_code == 302
    report = Report.objects.get(pk=numbers_report.pk)
    assert report.state == ReportState.SUBMITTED
    assert [line["spent"] for line in report.spend] == [3000, 1800]
    assert report.spent_total == 4800


def test_a_photo_is_cleaned_and_only_shown_to_those_allowed(
    client_for, applicant, applicant_b, officer, funder_viewer, other_officer, small_report, client
):
    data = {**GOOD, "action": "save", "photo": upload(), "caption": "Lunch on Tuesday"}
    response = client_for(applicant).post(page_of(small_report), data)
    assert response.status_code == 302
    photo = ReportPhoto.objects.get(report=small_report)
    assert photo.caption == "Lunch on Tuesday"
    assert photo.image.name.startswith(f"report-photos/{small_report.pk}/")
    assert "photo.jpg" not in photo.image.name  # never the phone's own file name
    url = reverse("report_photo", args=[photo.pk])
    assert url in client_for(applicant).get(page_of(small_report)).content.decode()
    for person in (applicant, officer, funder_viewer):
        got = client_for(person).get(url)
        assert got.status_code == 200
        assert got["Content-Type"] == "image/jpeg"
        assert got["Cache-Control"] == "private, no-store"
        body = b"".join(got.streaming_content)
        assert b"SpyCam" not in body
    for person in (applicant_b, other_officer):
        assert client_for(person).get(url).status_code == 404
    assert client.get(url).status_code == 302  # not signed in: to the sign-in page
    assert (
        client.get(f"/private-files-are-never-served-directly/{photo.image.name}").status_code
        == 404
    )


def test_photo_problems_are_shown_beside_the_field(client_for, applicant, small_report):
    data = {**GOOD, "action": "send", "photo": upload(b"not a photo", "x.jpg"), "caption": "Us"}
    response = client_for(applicant).post(page_of(small_report), data)
    html = response.content.decode()
    assert 'id="id_photo-error"' in html and "not a photo we can use" in html
    assert 'value="Us"' in html  # the caption is kept
    assert not ReportPhoto.objects.exists()
    data = {**GOOD, "action": "save", "photo": upload(), "caption": ""}
    html = client_for(applicant).post(page_of(small_report), data).content.decode()
    assert 'id="id_caption-error"' in html and "Say what the photo shows." in html
    data = {**GOOD, "action": "save", "caption": "x" * 201}
    html = client_for(applicant).post(page_of(small_report), data).content.decode()
    assert "Keep this to 200 characters or fewer." in html


def test_a_photo_can_be_removed(client_for, applicant, small_report):
    client_for(applicant).post(
        page_of(small_report), {"action": "save", "photo": upload(jpeg_bytes()), "caption": "Us"}
    )
    photo = ReportPhoto.objects.get()
    response = client_for(applicant).post(
        reverse("report_photo_remove", args=[small_report.pk, photo.pk])
    )
    assert response.status_code == 302
    assert not ReportPhoto.objects.exists()


def test_other_groups_cannot_see_or_change_the_report(client_for, applicant_b, small_report):
    assert client_for(applicant_b).get(page_of(small_report)).status_code == 404
    assert client_for(applicant_b).post(page_of(small_report), GOOD).status_code == 404


def test_my_reports_and_your_page_list_reports_to_send(client_for, applicant, small_report):
    html = client_for(applicant).get(reverse("my_reports")).content.decode()
    assert "End report for Tuesday Lunch Club" in html
    assert_plain(reading_grade(html), "Your reports")
    home = client_for(applicant).get(reverse("my_home")).content.decode()
    assert "Reports to send" in home and page_of(small_report) in home


def test_the_report_page_uses_a_bounded_number_of_queries(client_for, applicant, small_report):
    c = client_for(applicant)
    c.get(page_of(small_report))
    with count_queries() as q:
        c.get(page_of(small_report))
    assert len(q) <= 15
