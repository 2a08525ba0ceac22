"""Reports in a real browser at phone width (375 px): a group sends a short report with a
photo; an officer asks for changes, the group changes it, the officer accepts it. Every page
has 0 accessibility violations; the group's pages read at grade 4 or below."""

import pytest
from playwright.sync_api import expect

from awards.models import AwardState
from core.transitions import perform
from reports import services
from reports.models import Report, ReportPhoto, ReportState
from tests.conftest import make_round, sign_in_in_browser, sign_in_staff_in_browser
from tests.reports.factories import fill, jpeg_bytes, make_award
from tests.support.pages import assert_accessible, assert_plain, reading_grade_of_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_report(funder, group, amount=800, state=AwardState.ACCEPTED, paid=0):
    rnd = make_round(funder, state="monitoring")
    award = make_award(rnd, group, amount, state=state, paid=paid)
    (report,) = services.reports_schedule(award)
    return perform(report, "open", by=None)


def test_a_group_sends_a_short_report_with_a_photo_on_a_phone(
    page, funder, group_a, applicant, tmp_path
):
    report = open_report(funder, group_a)
    photo = tmp_path / "lunch.jpg"
    photo.write_bytes(jpeg_bytes(size=(400, 300)))

    sign_in_in_browser(page, applicant.email)
    page.goto("/me/")
    expect(page.get_by_role("heading", name="Reports to send")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="End report for Tuesday Lunch Club").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your end report")
    assert_accessible(page)
    grades = {"report": reading_grade_of_page(page)}

    # Sending it empty: clear messages beside each question.
    page.get_by_role("button", name="Send report").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page.locator("#id_what_you_did-error")).to_contain_text("please write an answer")
    assert_accessible(page)

    page.get_by_label("What did you do with the money?").fill(
        "We cooked a hot lunch every Tuesday."
    )
    page.get_by_label("Who took part?").fill("About 20 older people from Northfield.")
    page.get_by_label("What difference did it make?").fill("People say they feel less alone.")
    page.get_by_label("About how many people took part?").fill("20")
    page.get_by_label("Add a photo (optional)").set_input_files(str(photo))
    page.get_by_label("What does the photo show?").fill("Lunch in the church hall")
    page.get_by_label("The funder may use our story and photos in its reports").check()
    page.get_by_role("button", name="Send report").click()

    expect(page.get_by_role("heading", name="Report sent")).to_be_visible()
    image = page.get_by_role("img", name="Lunch in the church hall")
    expect(image).to_be_visible()
    # Served (wait for it to load: naturalWidth is 0 until then), and it fits the screen.
    image.evaluate("img => img.complete || new Promise(ok => img.addEventListener('load', ok))")
    assert image.evaluate("img => img.naturalWidth") == 400
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(page)
    grades["sent"] = reading_grade_of_page(page)

    page.goto("/reports/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your reports")
    assert_accessible(page)
    grades["list"] = reading_grade_of_page(page)

    report = Report.objects.get(pk=report.pk)
    assert report.state == ReportState.SUBMITTED and report.consent_to_share
    assert ReportPhoto.objects.get(report=report).caption == "Lunch in the church hall"
    print("Reading grades of the group's report pages:", grades)
    for name, grade in grades.items():
        assert_plain(grade, f"report journey: {name}")


def test_an_officer_asks_for_changes_then_accepts(
    page, funder, group_a, applicant, officer, browser_context, live_server
):
    report = open_report(funder, group_a, state=AwardState.PAID, paid=800)
    report = services.report_send(fill(report), by=applicant)

    sign_in_staff_in_browser(page, officer)
    page.goto("/staff/")
    page.get_by_role("link", name="Reports to read and overdue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reports")
    assert_accessible(page)
    page.get_by_role("link", name="Tuesday Lunch Club").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("End report: Tuesday Lunch Club")
    assert_accessible(page)

    # Asking for changes without saying what: a message beside the box.
    page.get_by_role("button", name="Ask for changes").click()
    expect(page.locator("#id_reason-error")).to_contain_text("Say what the group needs to change.")
    assert_accessible(page)
    page.get_by_label("What does the group need to change?").fill(
        "Please say roughly how many came each week."
    )
    page.get_by_role("button", name="Ask for changes").click()
    expect(page.get_by_text("The report is sent back to the group with your note.")).to_be_visible()
    assert_accessible(page)
    assert Report.objects.get(pk=report.pk).state == ReportState.CHANGES_REQUESTED

    # The group changes it (in its own browser) and sends it again.
    group_page = browser_context.browser.new_context(
        viewport={"width": 375, "height": 812}, base_url=live_server.url
    ).new_page()
    sign_in_in_browser(group_page, applicant.email)
    group_page.goto(f"/reports/{report.pk}/")
    expect(group_page.get_by_text("Please say roughly how many came each week.")).to_be_visible()
    assert_accessible(group_page)
    assert_plain(reading_grade_of_page(group_page), "report page (changes asked)")
    group_page.get_by_label("Who took part?").fill("About 15 people came each week.")
    group_page.get_by_role("button", name="Send report").click()
    expect(group_page.get_by_role("heading", name="Report sent")).to_be_visible()
    group_page.context.close()

    page.reload()
    page.get_by_role("button", name="Accept the report").click()
    expect(page.get_by_text("The report is accepted. The award is now closed.")).to_be_visible()
    assert_accessible(page)
    assert Report.objects.get(pk=report.pk).state == ReportState.ACCEPTED
    report.award.refresh_from_db()
    assert report.award.state == AwardState.CLOSED


def test_the_outcomes_dashboard_and_pdf_status_pages_are_accessible(
    page, funder, officer, group_a, applicant
):
    report = open_report(funder, group_a, state=AwardState.PAID, paid=800)
    report = services.report_send(fill(report, consent_to_share=True), by=applicant)
    services.report_accept(report, by=officer)
    from reports.models import OutcomesPdf, OutcomesPdfState

    job = OutcomesPdf.objects.create(funder=funder, state=OutcomesPdfState.RUNNING, progress=40)
    sign_in_staff_in_browser(page, officer)
    page.goto("/staff/")
    page.get_by_role("link", name=f"Outcomes dashboard for {funder.name}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Outcomes")
    expect(page.get_by_role("img", name="Money asked for, awarded and paid")).to_be_visible()
    assert_accessible(page)
    page.locator("#id_kind").select_option("unregistered")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Outcomes")
    assert_accessible(page)
    page.goto(f"/reports/outcomes/pdf/{job.pk}/")
    assert_accessible(page)
    page.goto(f"/reports/staff/{report.pk}/")
    assert_accessible(page)
