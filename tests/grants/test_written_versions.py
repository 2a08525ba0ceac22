"""Written versions of recorded answers: officers type what a recording says, so panel members who
are deaf or hard of hearing (or cannot play sound where they read) can read it (WCAG 2.2 1.2.1).
The panel sees the words, never who typed them."""

import json

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from core.models import AuditEvent
from grants.models import Answer, Application
from grants.privacy import delete_user, export_personal_data_json, remove_old_personal_data
from grants.services.applications import answer_save
from grants.services.recordings import (
    AUDIT_NAME,
    MAX_WRITTEN_VERSION_CHARACTERS,
    WrittenVersionRefused,
    written_version_save,
)
from tests.grants.test_privacy import application, ended
from tests.grants.test_screening import sent
from tests.panels.helpers import active_member, declare_all, scoring_round

pytestmark = pytest.mark.django_db

SAID = "We cook a hot lunch on Tuesdays.\nAbout thirty people come, most of them live alone."


def with_recording(answer, kind="audio/mpeg", name="voice.mp3"):
    answer.recording.save(name, ContentFile(b"ID3 not really audio"), save=False)
    answer.recording_type = kind
    answer.text = ""
    answer.save()
    return answer


@pytest.fixture
def app(open_round, group_a, applicant):
    return sent(open_round, group_a, applicant)


@pytest.fixture
def recorded(app):
    return with_recording(app.answers.order_by("question__order").first())


def page_url(answer):
    return reverse("staff_answer_written_version", args=[answer.pk])


def screening_page(client, app):
    return client.get(reverse("staff_application", args=[app.pk])).content.decode()


def audit_events(app):
    return AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(Application),
        object_id=str(app.pk),
        transition=AUDIT_NAME,
    ).order_by("pk")


# --------------------------------------------------------------------------------------------
# The officer types it; the screening page shows it
# --------------------------------------------------------------------------------------------
def test_the_screening_page_offers_to_type_what_a_recording_says(
    client_for, officer, app, recorded
):
    page = screening_page(client_for(officer), app)
    assert page_url(recorded) in page
    assert "Type what they say" in page
    assert "There is no written version of this recording yet" in page
    form = client_for(officer).get(page_url(recorded)).content.decode()
    assert "Write what they say, in their words. You do not need to tidy it." in form
    assert "Leave out the names of people if they are not needed." in form
    assert reverse("staff_answer_recording", args=[recorded.pk]) in form  # listen while typing


def test_an_officer_types_a_written_version(client_for, officer, app, recorded):
    client = client_for(officer)
    response = client.post(page_url(recorded), {"written_version": SAID})
    assert response.status_code == 302
    assert response.url == reverse("staff_application", args=[app.pk]) + f"#answer-{recorded.pk}"

    recorded.refresh_from_db()
    assert recorded.written_version == SAID
    assert recorded.written_version_by == officer
    assert recorded.written_version_at is not None
    assert recorded.recording  # the recording stays

    page = client.get(response.url).content.decode()
    assert "is saved. Panel members can read it." in page
    assert "Written version" in page
    assert "About thirty people come, most of them live alone." in page
    assert "Change the written version" in page
    assert "There is no written version of this recording yet" not in page

    [event] = audit_events(app)
    assert event.actor == officer
    assert event.from_state == event.to_state == app.state
    assert event.reason == f"Typed a written version of the answer to: {recorded.question.text}"
    assert "thirty" not in event.reason  # the words are not copied into the audit trail


def test_the_written_version_can_be_changed_later(client_for, officer, app, recorded):
    client = client_for(officer)
    client.post(page_url(recorded), {"written_version": SAID})
    form = client.get(page_url(recorded)).content.decode()
    assert escape("About thirty people come") in form  # what was saved, ready to change
    assert "Last saved" in form
    client.post(page_url(recorded), {"written_version": "About forty people come."})
    recorded.refresh_from_db()
    assert recorded.written_version == "About forty people come."
    reasons = [e.reason for e in audit_events(app)]
    assert reasons[1].startswith("Changed the written version of the answer to:")
    # Saving the same words again changes nothing and records nothing.
    client.post(page_url(recorded), {"written_version": "About forty people come."})
    assert audit_events(app).count() == 2


def test_video_answers_get_written_versions_too(client_for, officer, app):
    answer = with_recording(app.answers.order_by("question__order").last(), "video/mp4", "clip.mp4")
    client = client_for(officer)
    assert "<video" in client.get(page_url(answer)).content.decode()
    assert client.post(page_url(answer), {"written_version": SAID}).status_code == 302
    answer.refresh_from_db()
    assert answer.written_version == SAID


def test_five_thousand_characters_are_enough(client_for, officer, recorded):
    text = "a" * MAX_WRITTEN_VERSION_CHARACTERS
    response = client_for(officer).post(page_url(recorded), {"written_version": text})
    assert response.status_code == 302
    recorded.refresh_from_db()
    assert recorded.written_version == text


# --------------------------------------------------------------------------------------------
# The panel reads it, without knowing who typed it
# --------------------------------------------------------------------------------------------
@pytest.fixture
def reading(funder):
    """A round at the scoring stage; a member who may read every plan; the first plan's first
    answer is a recording."""
    rnd, apps = scoring_round(funder, 2)
    member = active_member(rnd, "rose.member@example.com", "Rose")
    declare_all(member, apps)
    answer = with_recording(apps[0].answers.order_by("question__order").first())
    return rnd, apps[0], member, answer


def panel_page(client, rnd, app):
    response = client.get(reverse("panel_application", args=[rnd.pk, app.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_panel_reads_the_written_version_without_who_typed_it(client_for, officer, reading):
    rnd, app, member, answer = reading
    assert client_for(officer).post(page_url(answer), {"written_version": SAID}).status_code == 302
    page = panel_page(client_for(member.user), rnd, app)
    assert "Written version" in page
    assert "(typed by the funder&#x27;s staff)" in page or "(typed by the funder's staff)" in page
    assert "About thirty people come, most of them live alone." in page
    assert "There is no written version of this recording yet." not in page
    # Blind reading: nothing about the officer who typed it.
    assert "Olu" not in page
    assert officer.email not in page
    assert "olu.officer" not in page


def test_the_panel_is_told_when_there_is_no_written_version_yet(client_for, reading):
    rnd, app, member, _answer = reading
    page = panel_page(client_for(member.user), rnd, app)
    assert "There is no written version of this recording yet." in page
    assert "Written version" not in page


def test_the_panel_reads_what_the_group_typed_beside_its_recording(client_for, reading):
    rnd, app, member, answer = reading
    Answer.objects.filter(pk=answer.pk).update(text="We typed this beside the recording.")
    page = panel_page(client_for(member.user), rnd, app)
    assert "We typed this beside the recording." in page
    assert "There is no written version of this recording yet." not in page


# --------------------------------------------------------------------------------------------
# Refusals: no recording, the wrong people
# --------------------------------------------------------------------------------------------
def test_an_answer_without_a_recording_is_refused(client_for, officer, app):
    typed = app.answers.order_by("question__order").first()
    assert not typed.recording
    client = client_for(officer)
    for response in (
        client.get(page_url(typed), follow=True),
        client.post(page_url(typed), {"written_version": SAID}, follow=True),
    ):
        assert response.redirect_chain[-1][0] == reverse("staff_application", args=[app.pk])
        assert "has no recording, so there is nothing to write down" in response.content.decode()
    typed.refresh_from_db()
    assert typed.written_version == ""
    assert not audit_events(app).exists()
    # The screening page offers nothing to type for typed answers.
    assert page_url(typed) not in screening_page(client, app)

    with pytest.raises(WrittenVersionRefused, match="has no recording"):
        written_version_save(typed, SAID, by=officer)


def test_another_funders_officer_gets_not_found(client_for, other_officer, recorded):
    client = client_for(other_officer)
    assert client.get(page_url(recorded)).status_code == 404
    assert client.post(page_url(recorded), {"written_version": SAID}).status_code == 404
    recorded.refresh_from_db()
    assert recorded.written_version == ""
    with pytest.raises(WrittenVersionRefused, match="Only the funder's officers"):
        written_version_save(recorded, SAID, by=other_officer)


def test_a_funder_viewer_may_read_but_not_type(client_for, funder_viewer, officer, app, recorded):
    written_version_save(recorded, SAID, by=officer)
    client = client_for(funder_viewer)
    page = screening_page(client, app)
    assert "About thirty people come" in page  # the viewer reads it
    assert page_url(recorded) not in page  # but is not offered to change it
    assert client.get(page_url(recorded)).status_code == 403
    assert client.post(page_url(recorded), {"written_version": "Changed"}).status_code == 403
    recorded.refresh_from_db()
    assert recorded.written_version == SAID
    with pytest.raises(WrittenVersionRefused):
        written_version_save(recorded, "Changed", by=funder_viewer)


def test_the_group_cannot_open_the_staff_page(client_for, applicant, recorded):
    assert client_for(applicant).get(page_url(recorded)).status_code == 403


# --------------------------------------------------------------------------------------------
# Bad input: a message by the field, what was typed kept, nothing saved
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "message", "kept"),
    [
        ("", "Type what they say in the recording", None),
        ("   \n ", "Type what they say in the recording", None),
        (
            "x" * (MAX_WRITTEN_VERSION_CHARACTERS + 1),
            "What they say must be 5,000 characters or fewer (it has 5001)",
            "x" * (MAX_WRITTEN_VERSION_CHARACTERS + 1),
        ),
        (
            '<script>alert("x")</script> we cook',
            "Write plain words: remove the HTML tags",
            escape('<script>alert("x")</script> we cook'),
        ),
        ("We cook\x07 lunch\x00", "Remove the hidden control characters", "lunch"),
    ],
    ids=["missing", "blank", "too-long", "script", "control-characters"],
)
def test_bad_input_is_refused_beside_the_field(
    client_for, officer, app, recorded, typed, message, kept
):
    response = client_for(officer).post(page_url(recorded), {"written_version": typed})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_written_version-error"' in page
    assert escape(message) in page
    assert "There is a problem" in page  # the error summary
    assert 'href="#id_written_version"' in page
    if kept is not None:
        assert kept in page
    assert "<script>alert" not in page
    recorded.refresh_from_db()
    assert recorded.written_version == ""
    assert recorded.written_version_by is None
    assert not audit_events(app).exists()


def test_a_post_without_the_box_is_refused_beside_the_field(client_for, officer, recorded):
    response = client_for(officer).post(page_url(recorded), {})
    assert response.status_code == 200
    assert 'id="id_written_version-error"' in response.content.decode()
    recorded.refresh_from_db()
    assert recorded.written_version == ""


def test_the_service_refuses_empty_and_overlong_text(officer, recorded):
    with pytest.raises(WrittenVersionRefused, match="Type what they say"):
        written_version_save(recorded, " \x00 ", by=officer)
    with pytest.raises(WrittenVersionRefused, match="5,000 characters or fewer"):
        written_version_save(recorded, "y" * 5_001, by=officer)
    recorded.refresh_from_db()
    assert recorded.written_version == ""


# --------------------------------------------------------------------------------------------
# When the recording changes, and personal data
# --------------------------------------------------------------------------------------------
def test_a_new_recording_empties_the_old_written_version(officer, recorded):
    written_version_save(recorded, SAID, by=officer)
    answer_save(
        recorded.application,
        recorded.question,
        recording=SimpleUploadedFile("new.mp3", b"ID3 new"),
        recording_type="audio/mpeg",
    )
    recorded.refresh_from_db()
    assert recorded.recording
    assert (recorded.written_version, recorded.written_version_by) == ("", None)
    assert recorded.written_version_at is None


def test_changing_only_the_typed_words_keeps_the_written_version(officer, recorded):
    written_version_save(recorded, SAID, by=officer)
    answer_save(recorded.application, recorded.question, text="Typed beside it.")
    recorded.refresh_from_db()
    assert recorded.written_version == SAID


def test_the_retention_rule_removes_written_versions(open_round, group_a, applicant, officer):
    app = ended(application(open_round, group_a, applicant, state="ineligible"))
    answer = with_recording(app.answers.first())
    written_version_save(answer, "Maureen at 3 Elm Road says hello", by=officer)

    summary = remove_old_personal_data()

    assert summary.applications == 1 and summary.written_versions == 1
    answer.refresh_from_db()
    assert (answer.written_version, answer.written_version_by, answer.written_version_at) == (
        "",
        None,
        None,
    )
    removal = AuditEvent.objects.get(transition="personal_data_removed")
    assert "1 written version(s) of recordings" in removal.reason
    assert "Maureen" not in removal.reason


def test_the_export_holds_the_written_version(officer, app, recorded, applicant):
    written_version_save(recorded, SAID, by=officer)
    data = json.loads(export_personal_data_json(applicant))
    [exported] = data["applications"]
    versions = [a["written_version_of_the_recording"] for a in exported["answers"]]
    assert SAID in versions
    assert officer.email not in json.dumps(data)  # who typed it is the funder's business


def test_deleting_the_officer_keeps_the_written_version(officer, recorded):
    written_version_save(recorded, SAID, by=officer)
    delete_user(officer)
    recorded.refresh_from_db()
    assert recorded.written_version == SAID
    assert recorded.written_version_by is None
