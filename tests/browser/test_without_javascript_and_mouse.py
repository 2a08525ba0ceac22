"""The key journeys work without JavaScript, and with the keyboard alone (DESIGN.md, "Quality
bars"). Without JavaScript (at phone width): a panel member declares links and scores; panel
members vote on an approval and a dots ballot; a resident votes with a one-time code; a group
accepts its offer and sends its end report. With the keyboard alone: the first Tab lands on
"Skip to main content", every control on the scoring page and the approval ballot is reached
with Tab and worked with the arrow keys, Space and Enter, and what has focus is easy to see."""

import re

import pytest
from playwright.sync_api import expect

from awards.models import AwardState
from core.transitions import perform
from panels.models import Declaration, ScoreSheet
from reports import services as report_services
from reports.models import Report, ReportState
from tests.conftest import make_round, sign_in_in_browser
from tests.grants.test_awards import offer
from tests.panels.helpers import active_member, declare_all, scoring_round
from tests.reports.factories import make_award
from tests.voting.helpers import voting_round
from voting.models import Ballot
from voting.services.ballots import receipt_check
from voting.services.codes import codes_issue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def no_js_page(_playwright_browser, live_server):
    """A phone-sized browser (375 × 812) with JavaScript switched off."""
    context = _playwright_browser.new_context(
        viewport={"width": 375, "height": 812},
        base_url=live_server.url,
        java_script_enabled=False,
    )
    # CI machines are busy (the same waits as the `browser_context` fixture).
    context.set_default_timeout(20_000)
    expect.set_options(timeout=20_000)
    page = context.new_page()
    yield page
    context.close()


def expect_no_javascript(page):
    """The page's own scripts did not run (the first one marks <body> "js-enabled")."""
    expect(page.locator("body")).to_have_class("govuk-template__body")


def expect_javascript(page):
    expect(page.locator("body")).to_have_class(re.compile(r"\bjs-enabled\b"))


def expect_h1(page, text):
    """Wait (auto-retrying) until the page's h1 says `text`: just after a click, a busy machine
    can still be showing the old page."""
    expect(page.get_by_role("heading", level=1)).to_have_text(text)


def click_and_wait(locator):
    """Click a link or button that loads a page, and return once that page has loaded."""
    with locator.page.expect_navigation():
        locator.click()


def receipt_on(page):
    code = page.locator("#receipt-code")
    expect(code).to_have_text(re.compile(r"\S"))
    return code.inner_text().strip()


# ------------------------------------------------------------------------------------------
# Without JavaScript
# ------------------------------------------------------------------------------------------
def test_a_panel_member_declares_and_scores_without_javascript(no_js_page, funder):
    page = no_js_page
    rnd, apps = scoring_round(funder, 2)
    member = active_member(rnd, "kofi@example.com", "Kofi Mensah")
    sign_in_in_browser(page, member.user.email)

    page.goto(f"/panel/{rnd.pk}/")
    expect_h1(page, "Your panel")
    expect_no_javascript(page)
    click_and_wait(page.get_by_role("button", name="Tell us about links"))
    expect_h1(page, "Links to groups")
    for app in apps:
        group = page.get_by_role("group", name=f"Do you have a link to {app.group.name}?")
        group.get_by_label("No, I have no link to this group").check()
    click_and_wait(page.get_by_role("button", name="Save"))
    expect_h1(page, "Your panel")
    expect(page.get_by_text("0 of 2 scored")).to_be_visible()
    assert Declaration.objects.filter(member=member).count() == 2

    click_and_wait(page.get_by_role("button", name="Start reading"))
    expect(page.get_by_text("Plan 1 of 2")).to_be_visible()
    # Each member reads the plans in their own shuffled order: which one is this?
    first = next(a for a in apps if a.title == page.locator("h1").inner_text().strip())
    criteria = list(rnd.criteria.all())
    assert criteria
    picks = {criterion.pk: 1 + index % 4 for index, criterion in enumerate(criteria)}
    for criterion in criteria:
        group = page.get_by_role("group", name=criterion.title)
        group.get_by_label(f"{picks[criterion.pk]}:").check()
    page.get_by_label("Anything to say about this plan? (optional)").fill("Clear plan.")
    click_and_wait(page.get_by_role("button", name="Save and next"))
    expect(page.get_by_text("1 of 2 scored")).to_be_visible()
    expect(page.get_by_text("Plan 2 of 2")).to_be_visible()

    sheet = ScoreSheet.objects.get(member=member, application=first)
    assert sheet.is_complete and sheet.comment == "Clear plan."
    assert {s.criterion_id: s.value for s in sheet.scores.all()} == picks


def test_panel_members_vote_on_approval_and_dots_ballots_without_javascript(no_js_page, funder):
    page = no_js_page
    rnd, apps, users, vote = voting_round(funder, 3, members=1)
    sign_in_in_browser(page, users[0].email)
    page.goto(f"/vote/{rnd.pk}/")
    expect_h1(page, "Your vote")
    expect_no_javascript(page)
    page.get_by_label(apps[0].title).check()
    page.get_by_label(apps[2].title).check()
    click_and_wait(page.get_by_role("button", name="Send my vote"))
    expect_h1(page, "Your vote is in")
    assert receipt_check(vote, receipt_on(page))
    assert sorted(Ballot.objects.get(vote=vote).contents["approve"]) == sorted(
        [apps[0].reference, apps[2].reference]
    )

    dots_round, dots_apps, dots_users, dots_vote = voting_round(
        funder, 2, members=1, voting_method="dots", dots_per_voter=5
    )
    page.context.clear_cookies()
    sign_in_in_browser(page, dots_users[0].email)
    page.goto(f"/vote/{dots_round.pk}/")
    expect(page.get_by_role("heading", level=2, name="Spread your 5 dots")).to_be_visible()
    page.get_by_label(dots_apps[0].title).fill("3")
    page.get_by_label(dots_apps[1].title).fill("2")
    click_and_wait(page.get_by_role("button", name="Send my vote"))
    expect_h1(page, "Your vote is in")
    assert receipt_check(dots_vote, receipt_on(page))
    assert Ballot.objects.get(vote=dots_vote).contents == {
        "points": {dots_apps[0].reference: 3, dots_apps[1].reference: 2}
    }


def test_a_resident_votes_with_a_code_without_javascript(no_js_page, funder, officer):
    page = no_js_page
    _rnd, apps, _users, vote = voting_round(funder, 3, members=1)
    (code,) = codes_issue(vote, 1, by=officer)
    page.goto("/vote/code/")
    expect_h1(page, "Vote with a code")
    expect_no_javascript(page)
    page.get_by_label("Your code").fill(code)
    click_and_wait(page.get_by_role("button", name="Go to my vote"))
    expect_h1(page, "Your vote")
    page.get_by_label(apps[1].title).check()
    click_and_wait(page.get_by_role("button", name="Send my vote"))
    expect_h1(page, "Your vote is in")
    assert receipt_check(vote, receipt_on(page))
    assert Ballot.objects.get(vote=vote).contents == {"approve": [apps[1].reference]}


def test_a_group_accepts_its_offer_without_javascript(
    no_js_page, officer, open_round, applicant, group_a, outbox
):
    page = no_js_page
    award = offer(open_round, group_a, applicant, officer, amount=750)
    sign_in_in_browser(page, applicant.email)
    page.goto("/me/")
    expect_h1(page, "Your page")
    expect_no_javascript(page)
    click_and_wait(page.get_by_role("link", name="£750 for Tuesday Lunch Club"))
    expect_h1(page, "Your grant offer")
    click_and_wait(page.get_by_role("button", name="Accept the grant"))
    expect_h1(page, "Accept your grant")
    # The terms are on the page itself (nothing hidden behind a script).
    expect(page.get_by_text("You send us a short report at the end.")).to_be_visible()
    page.get_by_label("The group's own bank account").check()
    page.get_by_label("Name on the bank account, or of the host group").fill("Tuesday Lunch Club")
    page.get_by_label("Your full name").fill("Amina Yusuf")
    page.get_by_label("Two people in our group agree").check()
    click_and_wait(page.get_by_role("button", name="Accept the grant"))
    expect_h1(page, "Your grant")
    expect(page.get_by_text("You accepted the grant")).to_be_visible()
    award.refresh_from_db()
    assert award.state == AwardState.ACCEPTED
    assert award.accepted_name == "Amina Yusuf"


def test_a_group_sends_its_end_report_without_javascript(no_js_page, funder, group_a, applicant):
    page = no_js_page
    award = make_award(make_round(funder, state="monitoring"), group_a, 800)
    (report,) = report_services.reports_schedule(award)
    report = perform(report, "open", by=None)

    sign_in_in_browser(page, applicant.email)
    page.goto("/me/")
    click_and_wait(page.get_by_role("link", name="End report for Tuesday Lunch Club"))
    expect_h1(page, "Your end report")
    expect_no_javascript(page)
    page.get_by_label("What did you do with the money?").fill(
        "We cooked a hot lunch every Tuesday."
    )
    page.get_by_label("Who took part?").fill("About 20 older people from Northfield.")
    page.get_by_label("What difference did it make?").fill("People say they feel less alone.")
    page.get_by_label("About how many people took part?").fill("20")
    page.get_by_label("The funder may use our story and photos in its reports").check()
    click_and_wait(page.get_by_role("button", name="Send report"))
    expect(page.get_by_role("heading", name="Report sent")).to_be_visible()
    report = Report.objects.get(pk=report.pk)
    assert report.state == ReportState.SUBMITTED
    assert report.consent_to_share


# ------------------------------------------------------------------------------------------
# With the keyboard alone (JavaScript on)
# ------------------------------------------------------------------------------------------
def has_focus(locator):
    return locator.evaluate("el => el === document.activeElement")


def tab_to(page, locator, *, most=80):
    """Press Tab until `locator` has focus (failing if it never gets it)."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if has_focus(locator):
            return
    raise AssertionError(f"Tab never reached {locator}")


FOCUS_YELLOW = "rgb(255, 221, 0)"  # GOV.UK Frontend's focus colour, #ffdd00


def shows_focus(locator, *, pseudo=None):
    """Whether the element (or, for radios and checkboxes, the ::before box of its label, which
    is what you see) shows GOV.UK Frontend's yellow focus: as outline, box-shadow or background."""
    looks = locator.evaluate(
        """(el, pseudo) => {
            if (pseudo) el = document.querySelector(`label[for="${el.id}"]`);
            const style = getComputedStyle(el, pseudo);
            const outline = style.outlineStyle === "none" ? "" : style.outlineColor;
            return [outline, style.boxShadow, style.backgroundColor].join(" | ");
        }""",
        pseudo,
    )
    return FOCUS_YELLOW in looks


def tab_to_and_see_focus(page, locator, *, pseudo=None):
    """Tab to `locator`, checking it looks different once it has focus."""
    assert not shows_focus(locator, pseudo=pseudo), "looks focused before it has focus"
    tab_to(page, locator)
    assert shows_focus(locator, pseudo=pseudo), "no visible focus"


def start_at_the_skip_link(page):
    """The first Tab lands on "Skip to main content" (and shows it); Enter on it moves focus to
    the page's main content, so the next Tab goes to the first control in <main>."""
    expect_javascript(page)
    skip = page.get_by_role("link", name="Skip to main content")
    assert not shows_focus(skip)
    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    assert shows_focus(skip)
    page.keyboard.press("Enter")
    expect(page.locator("#main-content")).to_be_focused()


def test_scoring_with_the_keyboard_alone(page, funder):
    rnd, apps = scoring_round(funder, 2)
    member = active_member(rnd, "kofi@example.com", "Kofi Mensah")
    declare_all(member, apps)
    sign_in_in_browser(page, member.user.email)
    page.goto(f"/panel/{rnd.pk}/applications/{apps[0].pk}/")
    expect_h1(page, apps[0].title)
    start_at_the_skip_link(page)

    criteria = list(rnd.criteria.all())
    picks = {criterion.pk: 1 + (index + 1) % 4 for index, criterion in enumerate(criteria)}
    for criterion in criteria:
        group = page.get_by_role("group", name=criterion.title)
        # Tab into the group: nothing picked yet, so the first choice has focus.
        tab_to_and_see_focus(page, group.get_by_label("1:"), pseudo="::before")
        page.keyboard.press("Space")
        for _ in range(picks[criterion.pk] - 1):
            page.keyboard.press("ArrowDown")
        expect(group.get_by_label(f"{picks[criterion.pk]}:")).to_be_checked()
        expect(group.get_by_label(f"{picks[criterion.pk]}:")).to_be_focused()

    tab_to(page, page.get_by_label("Anything to say about this plan? (optional)"))
    page.keyboard.type("Good plan.")
    save = page.get_by_role("button", name="Save and next")
    tab_to_and_see_focus(page, save)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_text("1 of 2 scored")).to_be_visible()

    sheet = ScoreSheet.objects.get(member=member, application=apps[0])
    assert sheet.is_complete and sheet.comment == "Good plan."
    assert {s.criterion_id: s.value for s in sheet.scores.all()} == picks


def test_an_approval_ballot_with_the_keyboard_alone(page, funder):
    rnd, apps, users, vote = voting_round(funder, 3, members=1)
    sign_in_in_browser(page, users[0].email)
    page.goto(f"/vote/{rnd.pk}/")
    expect_h1(page, "Your vote")
    start_at_the_skip_link(page)

    # The plans come in a shuffled order: go through the boxes as Tab meets them.
    wanted = {apps[0].reference, apps[2].reference}
    boxes = page.get_by_role("checkbox")
    expect(boxes).to_have_count(3)
    for index in range(3):
        box = boxes.nth(index)
        tab_to_and_see_focus(page, box, pseudo="::before")
        if box.get_attribute("value") in wanted:
            page.keyboard.press("Space")
            expect(box).to_be_checked()
        else:
            expect(box).not_to_be_checked()
    # The link to read the last plan (after its box) shows its focus too.
    tab_to_and_see_focus(page, page.get_by_role("link", name=re.compile(r"^Read the plan")).last)

    send = page.get_by_role("button", name="Send my vote")
    tab_to_and_see_focus(page, send)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect_h1(page, "Your vote is in")
    assert receipt_check(vote, receipt_on(page))
    assert sorted(Ballot.objects.get(vote=vote).contents["approve"]) == sorted(
        [apps[0].reference, apps[2].reference]
    )
