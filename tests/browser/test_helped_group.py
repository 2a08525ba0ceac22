"""A group a supporter helped: the supporter makes the group and sends its form; the group's
contact follows the emailed link on a phone, signs in, sees the form, and accepts the offer."""

import re
from datetime import date

import pytest
from django.core import mail
from playwright.sync_api import expect

from awards.models import AwardState
from awards.services import offers as award_service
from core.transitions import perform
from grants.models import Application
from grants.services import applications as rules
from grants.services import groups as group_rules
from tests.conftest import code_from_outbox
from tests.support.pages import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def click_and_wait(locator):
    with locator.page.expect_navigation():
        locator.click()


def test_a_helped_groups_contact_sees_its_form_and_accepts_the_offer(
    page, open_round, supporter, officer
):
    group = group_rules.create_group(
        {
            "name": "Brixton Knit & Natter",
            "kind": "informal",
            "contact_name": "Jo Rivers",
            "contact_email": "jo@example.com",
            "second_contact_name": "Kim Banks",
            "second_contact_phone": "07700 900456",
            "contacts_unrelated": True,
            "payment_route": "host",
            "host_name": "Riverside Community Trust",
        },
        by=supporter,
        as_helper=True,
    )
    app = rules.start_application(
        open_round, group, by=supporter, channel=Application.Channel.ASSISTED, assisted_by=supporter
    )
    rules.save_about(app, {"title": "Wool for winter", "amount_requested": 400})
    for question in open_round.questions.all():
        rules.save_answer(app, question, text="Told to us by the group.")
    rules.save_budget(app, [("Wool", 400)])
    mail.outbox = []
    rules.submit(app, by=supporter)
    link = re.search(r"https?://\S+?(/applications/[A-Z0-9-]+/)", mail.outbox[0].body).group(1)

    # Jo follows the emailed link, signs in, and lands on the form: no 404.
    page.goto(link)
    page.wait_for_url(re.compile(r"/accounts/login/code/\?next="))
    mail.outbox = []
    page.get_by_label("Your email address").fill("jo@example.com")
    page.get_by_role("button", name="Send me a code").click()
    page.wait_for_url("**/accounts/login/code/confirm/**")
    page.get_by_label("Code").fill(code_from_outbox("jo@example.com"))
    click_and_wait(page.get_by_role("button", name="Sign in"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Wool for winter")
    expect(page.get_by_text("You are one of the people of Brixton Knit & Natter")).to_be_visible()
    expect(page.get_by_text("Sam, who helps the group, named you")).to_be_visible()
    assert_accessible(page)

    # The panel funds it; the officer makes the offer; Jo accepts it.
    app = perform(app, "mark_eligible", by=officer)
    app = perform(app, "award", by=officer, reason="The panel chose it")
    award = award_service.make_offer(
        app, amount=400, by=officer, start_date=date(2027, 4, 1), end_date=date(2028, 3, 31)
    )
    page.goto(f"/awards/{award.pk}/")
    click_and_wait(page.get_by_role("button", name="Accept the grant"))
    page.get_by_label("A host group, for our group").check()
    page.get_by_label("Name on the bank account, or of the host group").fill(
        "Riverside Community Trust"
    )
    page.get_by_label("Your full name").fill("Jo Rivers")
    page.get_by_label("Two people in our group agree").check()
    click_and_wait(page.get_by_role("button", name="Accept the grant"))
    expect(page.get_by_text("You accepted the grant")).to_be_visible()
    award.refresh_from_db()
    assert award.state == AwardState.ACCEPTED
