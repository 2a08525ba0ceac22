"""A group a supporter helped, walked through the pages on phones (375 px): Sam, the supporter,
starts a form with a new group on the round's page, fills in the group, the project, the
questions and the budget, and sends it; Jo, the group's contact, follows the emailed link, signs
in, sees the form, accepts the offer (Sam sees it but is told only the group's people can), and
sends the report when it is due. The officer's steps are done through services."""

import io
import re
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

from awards.models import AwardState
from awards.services import offers as award_service
from core.transitions import perform
from grants.models import Application, ApplicationState
from reports.models import Report, ReportState
from tests.conftest import block_autosave, code_from_outbox, sign_in_in_browser
from tests.support.pages import assert_accessible, assert_plain, reading_grade_of_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def click_and_wait(locator):
    with locator.page.expect_navigation():
        locator.click()


def save_and_continue(page):
    click_and_wait(page.get_by_role("button", name="Save and continue"))


def expect_heading(page, text):
    expect(page.get_by_role("heading", level=1)).to_have_text(text)


def phone_for_another_person(page, live_server):
    """A second phone: its own browser profile, so its own sign-in."""
    context = page.context.browser.new_context(
        viewport={"width": 375, "height": 812}, base_url=live_server.url
    )
    block_autosave(context)
    context.set_default_timeout(20_000)
    return context.new_page()


def sam_fills_in_the_form_with_the_group(page, rnd):
    """On Sam's phone: from the round's page to 'We got your form'."""
    page.goto(f"/rounds/{rnd.slug}/")
    expect_heading(page, rnd.title)
    click_and_wait(page.get_by_role("link", name="Helping a group? Fill in the form with them"))
    expect_heading(page, "Apply with a group")
    assert_accessible(page)
    page.get_by_label("A new group").check()
    click_and_wait(page.get_by_role("button", name="Continue"))

    expect_heading(page, "Tell us about your group")
    expect(page.get_by_text("Fill this in with the group.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Group name").fill("Brixton Knit & Natter")
    page.get_by_label("Informal group (not registered)").check()
    page.get_by_label("Where do you meet or work?").fill("Brixton")
    page.get_by_label("Postcode").fill("SW2 1RW")
    page.get_by_label("No income").check()
    page.locator("#id_contact_name").fill("Jo Rivers")
    page.locator("#id_contact_email").fill("jo@example.com")
    page.locator("#id_second_contact_name").fill("Kim Banks")
    page.locator("#id_second_contact_phone").fill("07700 900456")
    page.get_by_label("These two people are not related and do not live together").check()
    page.get_by_label("A host group that gets the money and holds it for us").check()
    page.get_by_label("Name of the host group").fill("Riverside Community Trust")
    page.get_by_label("Name of someone there").fill("Pat Trust")
    page.get_by_label("Their email").fill("pat@trust.example")
    save_and_continue(page)

    expect_heading(page, "Your project")
    assert_accessible(page)
    page.get_by_label("What is your project called?").fill("Wool for winter")
    page.get_by_label("How much money do you need?").fill("400")
    save_and_continue(page)
    for number in range(1, rnd.questions.count() + 1):
        expect(page).to_have_url(re.compile(rf"/question-{number}/$"))
        expect(page.locator("textarea")).to_have_count(1)
        if number == 1:
            assert_accessible(page)
        page.locator("textarea").fill("Told to us by the group: we knit hats for the winter.")
        save_and_continue(page)

    expect_heading(page, "How you will spend it")
    assert_accessible(page)
    page.locator("#id_item_1").fill("Wool")
    page.locator("#id_amount_1").fill("300")
    page.locator("#id_item_2").fill("Needles")
    page.locator("#id_amount_2").fill("100")
    save_and_continue(page)

    expect_heading(page, "Check your answers")
    main = page.locator("main")
    expect(main).to_contain_text("Wool for winter")
    expect(main).to_contain_text("£400")
    assert_accessible(page)
    mail.outbox = []
    click_and_wait(page.get_by_role("button", name="Send it"))
    expect_heading(page, "We got your form")
    app = Application.objects.get(group__name="Brixton Knit & Natter")
    expect(page.locator(".govuk-panel")).to_contain_text(app.reference)
    # Sam is told that the group, not Sam, answers an offer.
    expect(main).to_contain_text("only the group's own people can accept an offer")
    expect(main).to_contain_text("Jo Rivers (jo@example.com)")
    assert_accessible(page)
    assert_plain(reading_grade_of_page(page), "Confirmation, for a helper")
    return app


def test_a_supporter_helps_a_new_group_from_the_form_to_its_report(
    page, live_server, open_round, supporter, officer
):
    # -- Sam, the supporter, fills in the form with the group and sends it ---------------------
    sign_in_in_browser(page, supporter.email)
    app = sam_fills_in_the_form_with_the_group(page, open_round)
    app.refresh_from_db()
    assert (app.state, app.channel, app.assisted_by) == (
        ApplicationState.SUBMITTED,
        Application.Channel.ASSISTED,
        supporter,
    )
    group = app.group
    assert not group.is_registered and group.payment_route == "host"
    (got_it,) = [m for m in mail.outbox if "jo@example.com" in m.to]
    link = re.search(r"https?://\S+?(/applications/[A-Z0-9-]+/)", got_it.body).group(1)

    # -- Jo follows the emailed link on her phone, signs in, and lands on the form: no 404 ----
    jo = phone_for_another_person(page, live_server)
    jo.goto(link)
    jo.wait_for_url(re.compile(r"/accounts/login/code/\?next="))
    assert_accessible(jo)
    mail.outbox = []
    jo.get_by_label("Your email address").fill("jo@example.com")
    jo.get_by_role("button", name="Send me a code").click()
    jo.wait_for_url("**/accounts/login/code/confirm/**")
    jo.get_by_label("Code").fill(code_from_outbox("jo@example.com"))
    click_and_wait(jo.get_by_role("button", name="Sign in"))
    expect_heading(jo, "Wool for winter")
    expect(jo.get_by_text("You are one of the people of Brixton Knit & Natter")).to_be_visible()
    expect(jo.get_by_text("Sam, who helps the group, named you")).to_be_visible()
    assert_accessible(jo)

    # -- The panel funds it; the officer makes the offer (through services) --------------------
    app = perform(app, "mark_eligible", by=officer)
    app = perform(app, "award", by=officer, reason="The panel chose it")
    award = award_service.offer_make(
        app, amount=400, by=officer, start_date=date(2027, 4, 1), end_date=date(2028, 3, 31)
    )

    # -- Sam sees the offer, is told who can accept it, and cannot accept it -------------------
    page.goto(f"/awards/{award.pk}/")
    expect(page.get_by_role("heading", name="Who can accept this offer")).to_be_visible()
    main = page.locator("main")
    expect(main).to_contain_text("Only the group's own people can accept or say no to this offer")
    expect(main).to_contain_text("Jo Rivers (jo@example.com)")
    expect(main).to_contain_text("You cannot accept it for them.")
    expect(page.get_by_role("button", name="Accept the grant")).to_have_count(0)
    assert_accessible(page)

    # -- Jo accepts it for the group, paid through the host group ------------------------------
    jo.goto(f"/awards/{award.pk}/")
    expect(jo.get_by_role("heading", name="Who can accept this offer")).to_have_count(0)
    assert_accessible(jo)
    click_and_wait(jo.get_by_role("button", name="Accept the grant"))
    assert_accessible(jo)
    jo.get_by_label("A host group, for our group").check()
    jo.get_by_label("Name on the bank account, or of the host group").fill(
        "Riverside Community Trust"
    )
    jo.get_by_label("Your full name").fill("Jo Rivers")
    jo.get_by_label("Two people in our group agree").check()
    click_and_wait(jo.get_by_role("button", name="Accept the grant"))
    expect(jo.get_by_text("You accepted the grant")).to_be_visible()
    award.refresh_from_db()
    assert award.state == AwardState.ACCEPTED

    # -- The daily run schedules the report, then opens it when its time comes ----------------
    call_command("report_reminders", stdout=io.StringIO())
    (report,) = Report.objects.filter(award=award)
    assert report.state == ReportState.SCHEDULED
    opens = report.due_on - timedelta(days=10)
    call_command("report_reminders", "--now", f"{opens.isoformat()}T09:00", stdout=io.StringIO())
    report.refresh_from_db()
    assert report.state == ReportState.DUE

    # -- Jo opens her page, then the report, fills it in and sends it ---------------------------
    click_and_wait(jo.get_by_role("link", name="Your page"))
    expect(jo.get_by_role("heading", name="Reports to send")).to_be_visible()
    assert_accessible(jo)
    click_and_wait(jo.get_by_role("link", name="End report for Brixton Knit & Natter"))
    expect_heading(jo, "Your end report")
    assert_accessible(jo)
    jo.get_by_label("What did you do with the money?").fill("We knitted 60 hats for winter.")
    jo.get_by_label("Who took part?").fill("Twelve neighbours, most of them over 70.")
    jo.get_by_label("What difference did it make?").fill("People made friends and kept warm.")
    jo.get_by_label("About how many people took part?").fill("12")
    jo.get_by_label("The funder may use our story and photos in its reports").check()
    click_and_wait(jo.get_by_role("button", name="Send report"))
    expect(jo.get_by_role("heading", name="Report sent")).to_be_visible()
    assert_accessible(jo)
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    assert report.what_you_did == "We knitted 60 hats for winter." and report.people_count == 12
    jo.context.close()
