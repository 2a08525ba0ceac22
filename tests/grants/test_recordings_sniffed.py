"""Audio is checked by its real content (an 8 kHz MPEG-2.5 MP3, as voice recorders make, is an
MP3), and a recorded answer plays on the page, with its written version beside it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.uploads import sniff
from grants.models import Answer
from grants.services import applications as rules

pytestmark = pytest.mark.django_db


def mpeg_frames(byte1, byte2, frame_length, frames=40):
    """Silent MPEG audio: each frame a header and zeros (all-zero side information decodes as
    silence)."""
    frame = bytes([0xFF, byte1, byte2, 0xC4]) + bytes(frame_length - 4)
    return frame * frames


# MPEG-2.5 layer III, 8 kbit/s, 8,000 Hz, mono: 72 × 8000 / 8000 = 72 bytes a frame.
MP3_8KHZ_MPEG25 = mpeg_frames(0xE3, 0x18, 72)
# MPEG-1 layer III with a CRC (0xFA), 128 kbit/s, 44.1 kHz: 144 × 128000 / 44100 = 417 bytes.
MP3_WITH_CRC = mpeg_frames(0xFA, 0x90, 417)


@pytest.mark.parametrize("content", [MP3_8KHZ_MPEG25, MP3_WITH_CRC], ids=["mpeg25", "crc"])
def test_real_mp3s_without_an_id3_tag_are_mp3s(content):
    assert sniff(SimpleUploadedFile("a.mp3", content)) == "audio/mpeg"


def test_bytes_that_only_start_like_mpeg_are_not():
    fake = bytes([0xFF, 0xE3, 0x18, 0xC4]) + b"This is a text file, renamed .mp3" * 10
    assert sniff(SimpleUploadedFile("a.mp3", fake)) == ""
    assert sniff(SimpleUploadedFile("a.mp3", b"\xff\xe3" + bytes(500))) == ""


@pytest.fixture
def draft(open_round, group_a, applicant):
    return rules.application_start(open_round, group_a, by=applicant)


def test_an_8khz_mp3_is_taken_and_plays_on_the_page(client_for, applicant, draft):
    client = client_for(applicant)
    url = reverse("application_step", args=[draft.reference, "question-1"])
    upload = SimpleUploadedFile("voice memo.mp3", MP3_8KHZ_MPEG25, content_type="audio/mpeg")
    response = client.post(url, {"text": "", "recording": upload, "action": "later"})
    assert response.status_code == 302, response.text
    answer = Answer.objects.get(application=draft, question=draft.round.questions.first())
    assert answer.recording_type == "audio/mpeg"
    page = client.get(url).text
    player = reverse("application_recording", args=[draft.reference, answer.pk])
    assert f'<audio controls preload="none" src="{player}"' in page
    answer.written_version = "We cook lunch on Tuesdays."
    answer.save()
    check = client.get(reverse("application_check", args=[draft.reference])).text
    assert "<audio" in check and "We cook lunch on Tuesdays." in check
