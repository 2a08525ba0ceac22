"""Resident panels in a real browser at phone width (375 px): joining from the emailed link,
declaring links to groups, reading blind and scoring; and the officer's and chair's pages.
Every page is checked with axe (0 violations) and its reading grade is recorded."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from panels import services
from panels.models import Declaration, MemberState, PanelMember, ScoreSheet
from tests.conftest import code_from_outbox, sign_in_in_browser, sign_in_staff_in_browser
from tests.panels.helpers import SECRET_CONTACTS, active_member, declare_all, scoring_round
from tests.support.pages import assert_accessible, assert_plain, reading_grade_of_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GRADES: dict[str, float] = {}


def check(page, name, *, plain=True):
    """axe-clean, and note the reading grade (panel-facing pages read at grade 4 or under)."""
    assert_accessible(page)
    grade = reading_grade_of_page(page)
    GRADES[name] = grade
    print(f"READING GRADE {name}: {grade}")
    if plain:
        assert_plain(grade, name)
    return grade


def expect_h1(page, text):
    """Wait (auto-retrying) until the page's h1 says `text`: just after a click, a busy machine
    can still be showing the old page."""
    expect(page.get_by_role("heading", level=1)).to_have_text(text)


def click_and_wait(locator):
    """Click a link or button that loads a page, and return once that page has loaded."""
    with locator.page.expect_navigation():
        locator.click()


def no_contact_details(page):
    html = page.content()
    for key, value in SECRET_CONTACTS.items():
        if key != "payment_route":
            assert value not in html, key
    assert "07700" not in html


def test_a_resident_joins_declares_reads_and_scores_on_a_phone(page, live_server, funder, officer):
    rnd, apps = scoring_round(funder, 3)
    member = services.member_invite(rnd, name="Kofi Mensah", email="kofi@example.com", by=officer)
    (invitation,) = [m for m in mail.outbox if "kofi@example.com" in m.to]
    link = re.search(r"http\S+(/panel/join/\S+/)", invitation.body).group(1)

    # The link from the email: sign in first, then come back to the invitation.
    page.goto(link)
    expect_h1(page, "Join the panel")
    check(page, "invitation (signed out)")
    click_and_wait(page.get_by_role("button", name="Sign in to join"))
    expect_h1(page, "Sign in")
    mail.outbox = []
    page.get_by_label("Your email address").fill("kofi@example.com")
    page.get_by_role("button", name="Send me a code").click()
    page.wait_for_url("**/accounts/login/code/confirm/**")
    page.get_by_label("Code").fill(code_from_outbox("kofi@example.com"))
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"**{link}")
    expect_h1(page, "Join the panel")

    # Joining needs both boxes ticked.
    click_and_wait(page.get_by_role("button", name="Join the panel"))
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check(page, "invitation (errors)")
    page.get_by_label("I have read the panel guide").check()
    page.get_by_label("I agree to the code of conduct").check()
    check(page, "invitation")
    click_and_wait(page.get_by_role("button", name="Join the panel"))
    expect_h1(page, "Your panel")
    member.refresh_from_db()
    assert member.state == MemberState.ACTIVE
    check(page, "panel home (before declaring)")

    # Declare: a link to the first group, none to the others.
    click_and_wait(page.get_by_role("button", name="Tell us about links"))
    expect_h1(page, "Links to groups")
    check(page, "declare")
    first = page.get_by_role("group", name=f"Do you have a link to {apps[0].group.name}?")
    first.get_by_label("Another link", exact=True).check()
    click_and_wait(page.get_by_role("button", name="Save"))
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check(page, "declare (errors)")
    first = page.get_by_role("group", name=f"Do you have a link to {apps[0].group.name}?")
    first.get_by_label("If you picked another link, what is it? A few words").fill(
        "My sister runs it"
    )
    for app in apps[1:]:
        group = page.get_by_role("group", name=f"Do you have a link to {app.group.name}?")
        group.get_by_label("No, I have no link to this group").check()
    click_and_wait(page.get_by_role("button", name="Save"))
    expect_h1(page, "Your panel")
    expect(page.get_by_text("0 of 2 scored")).to_be_visible()
    assert Declaration.objects.get(member=member, application=apps[0]).details == (
        "My sister runs it"
    )
    check(page, "panel home")
    no_contact_details(page)

    # Read and score, one at a time.
    click_and_wait(page.get_by_role("button", name="Start reading"))
    expect(page.get_by_text("Plan 1 of 2")).to_be_visible()
    check(page, "application (reading and scoring)")
    no_contact_details(page)
    criteria = list(rnd.criteria.all())
    for index, criterion in enumerate(criteria):
        group = page.get_by_role("group", name=criterion.title)
        group.get_by_label(f"{1 + index % 4}:").check()
    page.get_by_label("Anything to say about this plan? (optional)").fill("Clear plan.")
    click_and_wait(page.get_by_role("button", name="Save and next"))
    expect(page.get_by_text("1 of 2 scored")).to_be_visible()
    expect(page.get_by_text("Plan 2 of 2")).to_be_visible()
    check(page, "application (after save and next)")
    # A partial save keeps what was picked. (The box is ticked before the save too, so wait for
    # the saved page to load before looking.)
    page.get_by_role("group", name=criteria[0].title).get_by_label("4:").check()
    click_and_wait(page.get_by_role("button", name="Save", exact=True))
    expect(page.get_by_text("Plan 2 of 2")).to_be_visible()
    expect(page.get_by_role("group", name=criteria[0].title).get_by_label("4:")).to_be_checked()
    check(page, "application (partly scored)")
    assert ScoreSheet.objects.filter(member=member, is_complete=True).count() == 1

    # The conflicted application is not there, even by its address.
    response = page.goto(f"/panel/{rnd.pk}/applications/{apps[0].pk}/")
    assert response.status == 404

    page.goto(f"/panel/{rnd.pk}/results/")
    expect_h1(page, "Scores so far")
    check(page, "results")
    no_contact_details(page)

    page.goto("/panel/guide/")
    expect_h1(page, "How the panel works")
    check(page, "guide")

    page.goto(f"/panel/{rnd.pk}/leave/")
    expect_h1(page, "Leave the panel")
    check(page, "leave the panel")
    click_and_wait(page.get_by_role("button", name="Leave the panel"))
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check(page, "leave the panel (errors)")


def test_the_chair_runs_the_meeting_on_a_big_screen(page, live_server, funder):
    rnd, apps = scoring_round(funder, 4)
    chair = active_member(rnd, "chair@example.com", "Chris Chair")
    other = active_member(rnd, "other@example.com", "Olga Other")
    type(chair.panel).objects.filter(pk=chair.panel_id).update(chair=chair)
    declare_all(chair, apps)
    declare_all(other, apps, conflicts=[apps[1]])
    sign_in_in_browser(page, "chair@example.com")
    page.goto(f"/panel/{rnd.pk}/")
    expect_h1(page, "Your panel")
    click_and_wait(page.get_by_role("link", name="Run the panel meeting"))
    expect_h1(page, "Panel meeting")
    check(page, "meeting")
    expect(page.get_by_text("Olga Other")).to_be_visible()
    click_and_wait(page.get_by_role("link", name="Show large text for a screen"))
    expect(page).to_have_url(re.compile(r"[?&]big=1"))
    expect_h1(page, "Panel meeting")
    check(page, "meeting (large text)")
    label = f"Notes on {apps[2].title}"
    page.get_by_label(label).fill("Fund if there is money left.")
    # The note is typed in before the save too, so wait for the saved page to load.
    click_and_wait(page.locator(f"#application-{apps[2].pk}").get_by_role("button"))
    expect_h1(page, "Panel meeting")
    expect(page.get_by_label(label)).to_have_value("Fund if there is money left.")
    expect(page).to_have_url(re.compile(r"[?&]big=1"))
    check(page, "meeting (saved a note)")


def test_an_officer_runs_the_panel(page, live_server, funder, officer):
    rnd, apps = scoring_round(funder, 3)
    member = active_member(rnd, "kofi@example.com", "Kofi Mensah")
    declare_all(member, apps, conflicts=[apps[0]])
    sign_in_staff_in_browser(page, officer)

    page.goto(f"/staff/rounds/{rnd.pk}/")
    expect_h1(page, rnd.title)
    check(page, "staff round page", plain=False)
    click_and_wait(
        page.get_by_role("link", name="Run the panel: members, links to groups, payments")
    )
    expect_h1(page, "Resident panel")
    check(page, "staff panel", plain=False)
    page.get_by_label("Their name").fill("Beth Jones")
    page.get_by_label("Their email address").fill("beth@")
    click_and_wait(page.get_by_role("button", name="Send the invitation"))
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check(page, "staff panel (errors)", plain=False)
    page.get_by_label("Their email address").fill("beth@example.com")
    click_and_wait(page.get_by_role("button", name="Send the invitation"))
    expect(page.get_by_text("We have emailed an invitation to Beth Jones.")).to_be_visible()
    assert PanelMember.objects.filter(user__email="beth@example.com").exists()
    check(page, "staff panel (invited)", plain=False)

    click_and_wait(page.get_by_role("link", name="Kofi Mensah"))
    expect_h1(page, "Kofi Mensah")
    check(page, "staff member", plain=False)
    click_and_wait(page.get_by_role("link", name="Add a payment or voucher"))
    expect_h1(page, "Add a payment")
    check(page, "staff payment", plain=False)
    page.get_by_label("How it is paid").select_option("voucher")
    page.get_by_label("What it is for").fill("Reading and scoring")
    page.get_by_label("Amount (£)").fill("lots")
    click_and_wait(page.get_by_role("button", name="Save"))
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check(page, "staff payment (errors)", plain=False)
    page.get_by_label("Amount (£)").fill("40")
    click_and_wait(page.get_by_role("button", name="Save"))
    expect(page.get_by_text("Owed: 40.00 pounds")).to_be_visible()

    page.goto(f"/panel/{rnd.pk}/results/")
    expect_h1(page, "Scores so far")
    check(page, "results (officer)")
    page.goto(f"/panel/{rnd.pk}/meeting/?big=1")
    expect_h1(page, "Panel meeting")
    check(page, "meeting (officer, large text)")

    page.goto(f"/staff/rounds/{rnd.pk}/panel/members/{member.pk}/links/{apps[0].pk}/")
    expect_h1(page, f"Change their link to {apps[0].group.name}")
    check(page, "staff change a link", plain=False)
