"""Voting in a real browser at phone width (375 px): cast a ballot, change it, check the receipt
after the vote ends; dots; the officer closes, uses left-over money, decides and publishes; the
public results; a resident voting with a one-time code. Every page is checked with axe (0
violations); panel- and resident-facing pages read at grade 6 or under."""

import pytest
from playwright.sync_api import expect

from grants.models import RoundState
from tests.conftest import sign_in_in_browser, sign_in_staff_in_browser
from tests.support.pages import assert_accessible, reading_grade_of_page
from tests.voting.helpers import approve, voting_round
from voting.models import Ballot, VoteState
from voting.services.ballots import receipt_check
from voting.services.decision import vote_close_and_count

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PLAIN_GRADE = 4  # the goal for every panel- and resident-facing page
GRADES: dict[str, tuple[float, bool]] = {}  # page -> (grade, must it be plain)


def check(page, name, *, plain=True):
    assert_accessible(page)
    grade = reading_grade_of_page(page)
    GRADES[name] = (grade, plain)
    print(f"READING GRADE {name}: {grade}")
    if plain:
        assert grade <= PLAIN_GRADE, f"{name} reads at grade {grade}"
    return grade


def receipt_on(page):
    return page.locator("#receipt-code").inner_text().strip()


def test_a_member_casts_changes_and_checks_a_ballot_on_a_phone(page, live_server, funder, officer):
    rnd, apps, users, vote = voting_round(funder, 3, members=2, conflicts={0: [0]})
    voter = users[0]
    sign_in_in_browser(page, voter.email)

    # Their own page leads to the vote.
    page.goto("/me/")
    page.get_by_role("link", name=f"Vote now in {rnd.title}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your vote")
    # The plan they have a link to is not on their ballot.
    expect(page.locator("body")).not_to_contain_text(apps[0].title)
    check(page, "ballot")

    # Nothing ticked: a clear message, nothing saved.
    page.get_by_role("button", name="Send my vote").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page.locator("body")).to_contain_text("Choose at least one application")
    check(page, "ballot (errors)")
    assert not Ballot.objects.filter(vote=vote).exists()

    page.get_by_label(apps[1].title).check()
    page.get_by_role("button", name="Send my vote").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your vote is in")
    first = receipt_on(page)
    check(page, "receipt")

    # The results page says nothing until the vote ends.
    page.goto(f"/vote/{rnd.pk}/results/")
    expect(page.get_by_role("heading", level=1)).to_have_text("No results yet")
    check(page, "results (vote still open)")

    # Change the vote: the old choice is ticked; a new receipt replaces the old one.
    page.goto(f"/vote/{rnd.pk}/")
    expect(page.get_by_label(apps[1].title)).to_be_checked()
    check(page, "ballot (change)")
    page.get_by_label(apps[1].title).uncheck()
    page.get_by_label(apps[2].title).check()
    page.get_by_role("button", name="Change my vote").click()
    second = receipt_on(page)
    assert second != first
    assert Ballot.objects.filter(vote=vote).count() == 1
    assert Ballot.objects.get(vote=vote).contents == {"approve": [apps[2].reference]}

    # The officer closes the vote; the member checks their receipt.
    approve(vote, users[1], apps[1], apps[2])
    vote_close_and_count(vote, by=officer)
    page.goto(f"/vote/{rnd.pk}/results/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Vote results")
    check(page, "results (panel, after close)")
    page.get_by_label("Your receipt code").fill(second)
    page.get_by_role("button", name="Check my code").click()
    expect(page.locator("body")).to_contain_text("A vote with that receipt code is in the count")
    check(page, "results (receipt found)")
    page.get_by_label("Your receipt code").fill(first)
    page.get_by_role("button", name="Check my code").click()
    expect(page.locator("body")).to_contain_text("No vote has that receipt code")
    page.get_by_label("Your receipt code").fill("12")
    page.get_by_role("button", name="Check my code").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check(page, "results (receipt error)")
    assert receipt_check(vote, second) and not receipt_check(vote, first)


def test_a_member_spreads_dots_on_a_phone(page, live_server, funder):
    rnd, apps, users, vote = voting_round(funder, 3, voting_method="dots", dots_per_voter=5)
    sign_in_in_browser(page, users[1].email)
    page.goto(f"/vote/{rnd.pk}/")
    expect(page.get_by_role("heading", level=2, name="Spread your 5 dots")).to_be_visible()
    check(page, "dots ballot")
    page.get_by_label(apps[0].title).fill("4")
    page.get_by_label(apps[1].title).fill("3")
    page.get_by_role("button", name="Send my vote").click()
    expect(page.locator("body")).to_contain_text("You have 5 dots. You gave 7. Take some away.")
    assert page.get_by_label(apps[0].title).input_value() == "4"
    check(page, "dots ballot (errors)")
    page.get_by_label(apps[1].title).fill("1")
    page.get_by_role("button", name="Send my vote").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your vote is in")
    assert Ballot.objects.get(vote=vote).contents == {
        "points": {apps[0].reference: 4, apps[1].reference: 1}
    }


def test_a_member_who_must_declare_first_and_the_scores_method(page, live_server, funder):
    from tests.panels.helpers import active_member

    rnd, apps, users, vote = voting_round(funder, 2)
    late = active_member(rnd, "late@example.com", "Late")
    sign_in_in_browser(page, late.user.email)
    page.goto(f"/vote/{rnd.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tell us about links first")
    check(page, "declare first")

    scores_round, _apps, score_users, _vote = voting_round(funder, 2, voting_method="scores")
    page.context.clear_cookies()
    sign_in_in_browser(page, score_users[0].email)
    page.goto(f"/vote/{scores_round.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("No vote in this round")
    check(page, "no ballot (scores)")


def test_an_officer_closes_decides_and_publishes(page, live_server, funder, officer):
    rnd, apps, users, vote = voting_round(funder, 3, members=3)
    approve(vote, users[0], apps[1], apps[2])
    approve(vote, users[1], apps[2])
    sign_in_staff_in_browser(page, officer)

    page.goto(f"/staff/rounds/{rnd.pk}/")
    page.get_by_role("link", name="See the vote and the decision").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The vote")
    expect(page.locator("body")).to_contain_text("2 of 3 panel members")
    for app in apps:
        expect(page.locator("body")).not_to_contain_text(app.title)
    check(page, "staff vote (open)", plain=False)
    page.get_by_role("button", name="Close the vote and count it").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check(page, "staff vote (errors)", plain=False)
    page.get_by_label("I understand nobody can vote").check()
    page.get_by_role("button", name="Close the vote and count it").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The outcome")
    check(page, "staff outcome", plain=False)

    # Part-fund the plan the vote did not fund, from what is left.
    page.get_by_role("button", name="Give this money").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check(page, "staff outcome (errors)", plain=False)
    page.get_by_label("Which application").select_option(str(apps[0].pk))
    page.get_by_label("How much (£)").fill("100")
    page.get_by_label("Why").fill("The panel wanted to help them start.")
    page.get_by_role("button", name="Give this money").click()
    expect(page.locator("body")).to_contain_text("Left-over money you have given")

    page.get_by_label("I have checked the outcome").check()
    page.get_by_role("button", name="Confirm the decision").click()
    rnd.refresh_from_db()
    assert rnd.state == RoundState.DECIDED
    check(page, "staff outcome (decided)", plain=False)
    page.get_by_role("button", name="Publish the results").click()
    vote.refresh_from_db()
    assert vote.state == VoteState.PUBLISHED

    # Anyone can now see the results, without signing in.
    page.context.clear_cookies()
    page.goto(f"/vote/{rnd.pk}/results/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Vote results")
    for app in apps:
        expect(page.locator("body")).to_contain_text(app.title)
    check(page, "results (public)")


def test_recount_page(page, live_server, funder, officer, tmp_path):
    rnd, _apps, _users, _vote = voting_round(funder, 2)
    sign_in_staff_in_browser(page, officer)
    page.goto(f"/staff/rounds/{rnd.pk}/vote/recount/")
    check(page, "staff recount", plain=False)
    file = tmp_path / "tiny.pb"
    file.write_text(
        "META\nkey;value\nbudget;100\nvote_type;approval\nPROJECTS\nproject_id;cost;name\n"
        "1;60;Benches\n2;50;Bins\nVOTES\nvoter_id;vote\n1;1\n2;1,2\n3;1\n"
    )  # Benches: 3 votes, fits; Bins: 1 vote, and 50 no longer fits in the 40 left
    page.get_by_label("Pabulib file (.pb)").set_input_files(str(file))
    page.get_by_label("Most support first").check()
    page.get_by_role("button", name="Count it").click()
    expect(page.get_by_role("heading", level=2, name="The result")).to_be_visible()
    items = page.locator(".seedbed-outcome__item")
    benches = items.filter(has_text="1: Benches")
    bins = items.filter(has_text="2: Bins")
    expect(benches.locator(".govuk-tag")).to_have_text("Funded")
    expect(bins.locator(".govuk-tag")).to_have_text("Not funded")
    expect(page.locator("body")).to_contain_text("1 of 2 projects funded. 60 of 100 spent.")
    check(page, "staff recount (result)", plain=False)


def test_a_resident_votes_with_a_code_on_a_phone(page, live_server, funder, officer):
    from voting.services.codes import codes_issue

    _rnd, apps, _users, vote = voting_round(funder, 3)
    code = codes_issue(vote, 1, label="Library", by=officer)[0]
    page.goto("/vote/code/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Vote with a code")
    check(page, "code page")
    page.get_by_label("Your code").fill("ACDE-3479" if code != "ACDE-3479" else "ACDE-3476")
    page.get_by_role("button", name="Go to my vote").click()
    expect(page.locator("#id_code-error")).to_contain_text("We do not know that code")
    check(page, "code page (wrong code)")
    page.get_by_label("Your code").fill(code.lower())
    page.get_by_role("button", name="Go to my vote").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your vote")
    assert code not in page.url
    check(page, "resident ballot")
    page.get_by_label(apps[2].title).check()
    page.get_by_role("button", name="Send my vote").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your vote is in")
    check(page, "resident receipt")
    assert receipt_check(vote, receipt_on(page))
    assert Ballot.objects.get(vote=vote).contents == {"approve": [apps[2].reference]}


def test_zz_report_grades(request):
    """Runs last in this file: every panel- and resident-facing page the tests above visited
    read at grade 4 or under (all of them listed at once); when the whole file runs, the key
    pages must have been graded."""
    print("READING GRADES:", {name: round(g, 1) for name, (g, _plain) in GRADES.items()})
    plain = {name: grade for name, (grade, must) in GRADES.items() if must}
    here = {item.name for item in request.session.items if item.module is request.module}
    everything = {name for name in dir(request.module) if name.startswith("test_")}
    if here >= everything:  # the whole file ran (not a -k selection)
        assert {"ballot", "receipt", "results (public)", "code page", "resident ballot"} <= set(
            plain
        ), f"pages not graded: {sorted(plain)}"
    over = {name: round(grade, 1) for name, grade in plain.items() if grade > PLAIN_GRADE}
    assert not over, f"Pages reading above grade {PLAIN_GRADE}: {over}"
