"""The board-ready outcomes PDF: its text, stories only with consent, and the background job."""

import io

import pytest
from django.urls import reverse

from reports.models import OutcomesPdf, OutcomesPdfState, ReportPhoto
from reports.pdf import outcomes_context, outcomes_pdf_text, render_outcomes_pdf
from reports.views import dashboard as views

from .dataset import build
from .factories import jpeg_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(funder, officer):
    return build(funder, officer)


def test_the_pdf_text(funder, data):
    text = outcomes_pdf_text(funder)
    pages = text.split("\f")
    assert "Outcomes report" in pages[0] and funder.name in pages[0] and "All rounds" in pages[0]
    for words in [
        "Headline figures",
        "Applications received 6",
        "Money awarded £7,300",
        "Money paid £1,900",
        "People reached 50",
        "Money asked for, awarded and paid",
        "Stories from groups",
        "Grants",
    ]:
        assert words in text, words
    # A story only with the group's consent: the lunch club agreed, the walkers did not.
    stories = text[text.index("Stories from groups") :]
    assert "Tuesday Lunch Club" in stories.split("Grants")[0]
    assert "Millbrook Walkers" not in stories.split("Grants")[0]
    assert "Eastside Community Fridge" in text  # in the table of grants


def test_the_pdf_for_one_round(funder, data):
    r1, _r2 = data["rounds"]
    text = outcomes_pdf_text(funder, {"round": r1.pk}, rnd=r1)
    assert "Round one" in text and "Money awarded £2,300" in text


def test_a_consenting_storys_photo_goes_in_and_the_pdf_is_a_pdf(funder, data):
    from reports.models import Report

    story = Report.objects.get(consent_to_share=True)
    photo = ReportPhoto(report=story, caption="Lunch", width=64, height=48)
    from django.core.files.base import ContentFile

    photo.image.save("x.jpg", ContentFile(jpeg_bytes(gps=False)), save=False)
    photo.save()
    context = outcomes_context(funder, {})
    assert [s.pk for s in context["stories"]] == [story.pk]
    data = render_outcomes_pdf(funder)
    assert data.startswith(b"%PDF")
    assert b"/Subtype /Image" in data or b"/Subtype/Image" in data


def test_a_small_round_downloads_the_pdf_at_once(client_for, funder_viewer, funder, data):
    response = client_for(funder_viewer).post(reverse("outcomes_pdf_start"), {"funder": funder.pk})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_a_big_round_makes_the_pdf_in_the_background(
    client_for,
    funder_viewer,
    other_officer,
    funder,
    data,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    monkeypatch.setattr(views, "DIRECT_PDF_MAX_GRANTS", 1)
    c = client_for(funder_viewer)
    with django_capture_on_commit_callbacks(execute=True):
        response = c.post(
            reverse("outcomes_pdf_start"), {"funder": funder.pk, "kind": "unregistered"}
        )
    job = OutcomesPdf.objects.get()
    assert response["Location"] == reverse("outcomes_pdf_status", args=[job.pk])
    assert job.state == OutcomesPdfState.READY and job.progress == 100
    assert job.filters == {"kind": "unregistered"}
    assert job.file.name.startswith(f"outcomes-pdfs/{funder.pk}/")
    html = c.get(response["Location"]).content.decode()
    assert "Your PDF is ready" in html and "Download the PDF" in html
    download = c.get(reverse("outcomes_pdf_download", args=[job.pk]))
    assert download.content.startswith(b"%PDF")
    assert client_for(other_officer).get(response["Location"]).status_code == 404
    assert (
        client_for(other_officer).get(reverse("outcomes_pdf_download", args=[job.pk])).status_code
        == 404
    )


def test_a_waiting_job_shows_its_progress(client_for, funder_viewer, funder):
    job = OutcomesPdf.objects.create(funder=funder, state=OutcomesPdfState.RUNNING, progress=40,
                                     step="Laying out the pages")  # fmt: skip
    html = (
        client_for(funder_viewer)
        .get(reverse("outcomes_pdf_status", args=[job.pk]))
        .content.decode()
    )
    assert "Laying out the pages" in html and 'value="40"' in html
    response = client_for(funder_viewer).get(reverse("outcomes_pdf_download", args=[job.pk]))
    assert response.status_code == 302


def test_a_failed_job_says_so(funder, monkeypatch):
    from reports import tasks
    from reports.tasks import make_outcomes_pdf

    def boom(*args, **kwargs):
        raise RuntimeError("broken")

    monkeypatch.setattr(tasks, "render_outcomes_pdf", boom)
    job = OutcomesPdf.objects.create(funder=funder)
    make_outcomes_pdf.enqueue(job.pk)
    job.refresh_from_db()
    assert job.state == OutcomesPdfState.FAILED and "could not be made" in job.error


def test_a_filtered_pdf_states_its_filters_on_the_cover(funder, data):
    """Issue 13, finding 8: the cover said "All rounds" over filtered figures."""
    r1, _r2 = data["rounds"]
    text = outcomes_pdf_text(funder, {"round": r1.pk, "kind": "unregistered"})
    cover = text.split("\f")[0]
    assert "All rounds" not in cover
    assert "Round: Round one" in cover
    assert "Groups: Not registered (no charity or company number)" in cover
    assert "Area: All areas" in cover
    everything = outcomes_pdf_text(funder).split("\f")[0]
    assert "Round: All rounds" in everything and "Groups: All kinds of group" in everything


# --------------------------------------------------------------------------------------------
# The board PDF for a period: filters on every page, a one-page summary, money against plan,
# an overdue report shown as overdue, and each photo's caption
# --------------------------------------------------------------------------------------------
def test_the_board_pdf_for_a_financial_year(funder, officer):
    from .periods_dataset import build_in_years

    build_in_years(funder, officer)
    pages = outcomes_pdf_text(funder, {"year": 2026}).split("\f")
    assert "Period: Financial year 2026 to 2027" in pages[0]
    assert "Compared with: Financial year 2025 to 2026" in pages[0]
    for number, page in enumerate(pages, start=1):
        assert "Financial year 2026 to 2027" in page, f"page {number} does not say the period"
    # The summary for the board: one page, five figures in words as well as numbers.
    summary = pages[1]
    assert "Summary for the board" in summary
    for words in [
        "£5,000 awarded in 1 grant to 1 group (the period before: £2,300)",
        "£400 paid to groups",
        "50% of 2 applications received were funded",
        "0 of 1 groups funded are not registered",
        "0 people reached",
        "Reports overdue: 1",
    ]:
        assert words in " ".join(summary.split()), words
    assert "Headline figures" not in summary
    text = " ".join(" ".join(pages).split())
    assert (
        "Money against plan" in text and "Round one £10,000 £2,000 £2,300 £1,900 £0 £5,700" in text
    )
    # The grants table: the fridge's end report is past its date.
    grants = text[text.rindex("Grants") :]
    assert "Eastside Community Fridge" in grants and "Overdue" in grants
    assert "Ready to fill in" not in grants


def test_a_storys_photo_has_its_caption(funder, data):
    from django.core.files.base import ContentFile

    from reports.models import Report

    story = Report.objects.get(consent_to_share=True)
    photo = ReportPhoto(report=story, caption="Lunch in the church hall", width=64, height=48)
    photo.image.save("x.jpg", ContentFile(jpeg_bytes(gps=False)), save=False)
    photo.save()
    text = outcomes_pdf_text(funder)
    stories = text[text.index("Stories from groups") :]
    assert "Lunch in the church hall" in stories


def test_the_board_pdf_is_tagged_for_screen_readers(funder, data):
    from pypdf import PdfReader

    root = PdfReader(io.BytesIO(render_outcomes_pdf(funder))).trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "en-GB"
