"""Downloads (issue 15, finding 8).

- A draft application's recording follows the application's own rule (`view_application`):
  the funder viewer, to whom the draft is 404, gets 404 for its recording too.
- Every file holding personal data is sent by `core.downloads.attachment`, with
  `Cache-Control: private, no-store` and `nosniff`.
"""

import pytest
from django.core.cache import cache
from django.urls import reverse

from grants.models import Application, ApplicationState
from tests.hardening.world import build_world, signed_in_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    cache.clear()
    yield build_world()
    cache.clear()


def test_the_funder_viewer_cannot_hear_a_draft_applications_recording(world):
    Application.objects.filter(pk=world.application.pk).update(state=ApplicationState.DRAFT)
    recording = reverse("staff_answer_recording", args=[world.answer.pk])
    page = reverse("staff_application", args=[world.application.pk])
    viewer = signed_in_client(world.users["viewer_x"])
    assert viewer.get(page).status_code == 404
    assert viewer.get(recording).status_code == 404
    # The funder's officer (who may help with and screen it) still can.
    officer = signed_in_client(world.users["officer_x"])
    assert officer.get(page).status_code == 200
    assert officer.get(recording).status_code == 200
    # Once it is sent, the viewer may hear it as they may read it.
    Application.objects.filter(pk=world.application.pk).update(state=ApplicationState.SUBMITTED)
    assert viewer.get(recording).status_code == 200


def _downloads(world):
    x = "testshire-icb"
    return [
        ("officer_x", "get", reverse("payments_due_csv", args=[x])),
        ("officer_x", "get", reverse("open_data_export", args=[x, "csv"])),
        ("officer_x", "get", reverse("open_data_export", args=[x, "json"])),
        ("officer_x", "get", reverse("open_data_export", args=[x, "xlsx"])),
        ("viewer_x", "get", reverse("outcomes_csv")),
        ("viewer_x", "get", reverse("outcomes_xlsx")),
        ("viewer_x", "get", reverse("outcomes_pdf_download", args=[world.pdf_job.pk])),
        ("applicant_a", "get", reverse("award_letter", args=[world.award.pk])),
        ("applicant_a", "get", reverse("report_photo", args=[world.photo.pk])),
        ("officer_x", "get", reverse("staff_answer_recording", args=[world.answer.pk])),
        (
            "applicant_a",
            "get",
            reverse("application_recording", args=[world.application.reference, world.answer.pk]),
        ),
        (
            "panel_member",
            "get",
            reverse(
                "panel_recording", args=[world.round.pk, world.panel_app.pk, world.panel_answer.pk]
            ),
        ),
        ("officer_x", "get", reverse("vote_export_public", args=[world.round.pk])),
        ("applicant_a", "post", reverse("my_data")),
    ]


def test_every_download_with_personal_data_is_never_stored(world):
    wrong = []
    for role, method, url in _downloads(world):
        response = getattr(signed_in_client(world.users[role]), method)(url)
        if response.status_code != 200:
            wrong.append(f"{url} as {role}: status {response.status_code}")
            continue
        cache_control = response.get("Cache-Control", "")
        if "no-store" not in cache_control or "private" not in cache_control:
            wrong.append(f"{url}: Cache-Control {cache_control!r}")
        if response.get("X-Content-Type-Options") != "nosniff":
            wrong.append(f"{url}: no nosniff")
        if 'filename="' not in response.get("Content-Disposition", ""):
            wrong.append(f"{url}: Content-Disposition {response.get('Content-Disposition')!r}")
    assert not wrong, "\n".join(wrong)


def test_the_helper_makes_file_names_safe():
    from core.downloads import attachment

    response = attachment(b"x", 'a"b\r\nSet-Cookie: c=d.csv', "text/csv")
    assert response["Content-Disposition"] == 'attachment; filename="abSet-Cookiecd.csv"'
    assert response["Cache-Control"] == "private, no-store"
