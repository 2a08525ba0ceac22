"""The optional equity questions on a phone (375 px): found on the group's profile, a mistake
shown beside the question, answers saved; no accessibility violations; plain words."""

import pytest
from playwright.sync_api import expect

from grants.models import GroupEquityAnswers, Reply
from tests.conftest import sign_in_in_browser
from tests.support.pages import assert_accessible, assert_plain, reading_grade_of_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_group_answers_the_optional_questions_on_a_phone(page, group_a, applicant):
    sign_in_in_browser(page, applicant.email)
    page.goto("/me/")
    page.get_by_role("link", name="Change details of Tuesday Lunch Club").click()
    section = page.locator("#equity")
    expect(section).to_contain_text("These questions are optional.")
    expect(section).to_contain_text("Your answers are never shown to the panel.")
    assert_accessible(page)
    page.goto(f"/groups/{group_a.pk}/equity/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Who runs your group and who it works with"
    )
    assert_accessible(page)
    assert_plain(reading_grade_of_page(page), "Who runs your group (optional questions)")

    led = page.get_by_role("group", name="Are most of the people who run your group")
    led.get_by_label("People aged 60 or over").check()
    works = page.get_by_role("group", name="Does your group mainly work with")
    works.get_by_label("People aged 60 or over").check()
    works.get_by_label("No, our group is for anyone").check()
    page.get_by_role("button", name="Save these answers").click()

    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page.locator("#id_works_with-error")).to_contain_text("on its own")
    assert_accessible(page)
    works = page.get_by_role("group", name="Does your group mainly work with")
    works.get_by_label("People aged 60 or over").uncheck()
    page.get_by_role("button", name="Save these answers").click()

    expect(page.locator(".govuk-notification-banner, .govuk-body").first).to_be_visible()
    kept = GroupEquityAnswers.objects.get(group=group_a)
    assert (kept.led_by, kept.works_with_reply) == (["DEI060000"], Reply.NONE_OF_THESE)
    assert kept.may_publish is False
