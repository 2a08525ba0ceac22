"""Story 1, through the pages as each person uses them: an unregistered group, helped by a
social prescribing link worker, goes from its first form to a closed award, and the funder's
money reads the same on the dashboard, the register, the board PDF and the 360Giving file.

The people: Sam, a link worker (supporter); Jo Rivers, the group's contact, who first signs in
when the officer asks for more information; Olu, the funder's officer; three residents on the
panel; two residents who vote with one-time codes from a library drop-in; Fran, the ICB lead
who reads the figures.

The round has £2,000 and shares it by Equal Shares (each of the five voters has £400 to
spend). The helped group asks for £800, two other groups for £900 and £700. Four voters back
the helped group (£1,600 of their shares: funded, each pays £200). The £900 plan is backed by
two voters with £200 and £400 left (£600: not enough); the £700 plan by two with £200 each
(£400: not enough). So Equal Shares funds the helped group alone, where "most votes first"
would also have funded the £900 plan: the decision is checked to be Equal Shares'."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from awards.models import Award, AwardState, Payment
from grants.models import Application, ApplicationState, Group, RoundState
from reports.models import Report, ReportState
from tests.conftest import make_round, make_user
from tests.journeys.steps import (
    another_application,
    board_pdf_money,
    dashboard_money,
    decide,
    declare_no_links,
    join_panel,
    make_codes,
    ok,
    open_data_money,
    register_money,
    score,
    states,
    step,
    vote,
    vote_with_code,
)
from tests.journeys.test_cancelled_award import text_of
from tests.reports.factories import upload

pytestmark = pytest.mark.django_db

THE_GROUP = {
    "name": "Riverside Mums",
    "kind": "informal",
    "area": "Riverside",
    "postcode": "RV3 9ZZ",
    "income_band": "none",
    "contact_name": "Jo Rivers",
    "contact_email": "jo@riverside.example",
    "second_contact_name": "Kim Banks",
    "second_contact_phone": "07700 900456",
    "contacts_unrelated": "on",
    "payment_route": "host",
    "host_name": "Riverside Community Trust",
    "host_contact_name": "Pat Trust",
    "host_contact_email": "pat@trust.example",
}


@pytest.fixture
def equal_shares_round(funder):
    return make_round(
        funder, title="Well Together", budget=2000, max_grant=1500, allocation_rule="mes"
    )


def agree_a_change_with_the_group(staff, contact, award, outbox, *, end_date, reason):
    """A change to the award, agreed by the group: the officer proposes it, the group's contact
    is emailed, reads it on the group's page and agrees there; the change letter is kept."""
    outbox.clear()
    ok(
        staff.post(
            reverse("staff_award_vary", args=[award.pk]),
            {"end_date": end_date.strftime("%d/%m/%Y"), "reason": reason},
        )
    )
    assert "Change waiting to be agreed" in text_of(
        staff.get(reverse("staff_award", args=[award.pk]))
    )
    (ask,) = [m for m in outbox if m.subject == "Seedbed: Please agree a change to your grant"]
    assert "jo@riverside.example" in ask.to
    page = text_of(contact.get(reverse("award_detail", args=[award.pk])))
    assert "We agree to this change" in page and reason in page
    outbox.clear()
    ok(contact.post(reverse("award_agree_change", args=[award.pk]), {"agreed_name": "Jo Rivers"}))
    page = text_of(contact.get(reverse("award_detail", args=[award.pk])))
    assert "We agree to this change" not in page
    assert "Download the letter for the change agreed on" in page
    assert any(m.subject == "Seedbed: The change to your grant is agreed" for m in outbox)


def test_an_unregistered_group_helped_by_a_link_worker_from_form_to_closed_award(
    funder, equal_shares_round, supporter, officer, funder_viewer, client_for, outbox
):
    rnd = equal_shares_round
    staff, lead, sam = client_for(officer), client_for(funder_viewer), client_for(supporter)

    # -- Sam, the link worker, starts a form with a new group and fills it in with them -------
    response = ok(sam.post(reverse("apply_assisted", args=[rnd.slug]), {"group": "new"}))
    assert "helper=1" in response["Location"]
    response = ok(sam.post(response["Location"], THE_GROUP))
    group = Group.objects.get(name="Riverside Mums")
    assert not group.is_registered
    app = Application.objects.get(group=group)
    assert response["Location"] == reverse("application_step", args=[app.reference, "about"])
    fill_in_with_the_group(sam, app)
    check = text_of(sam.get(reverse("application_check", args=[app.reference])))
    assert "Check your answers" in check and "£800" in check
    outbox.clear()
    ok(sam.post(reverse("application_check", args=[app.reference])))
    app.refresh_from_db()
    assert (app.state, app.channel, app.assisted_by) == ("submitted", "assisted", supporter)
    assert "jo@riverside.example" in outbox[0].to  # the group hears, not only its helper
    assert "Filled in with help from Sam" in text_of(
        sam.get(reverse("application", args=[app.reference]))
    )
    others = [
        another_application(rnd, "Northfield Fridge", "fridge@example.com", "Fridge shelves", 900),
        another_application(rnd, "Chess in the Park", "chess@example.com", "Chess sets", 700),
    ]

    # -- The round closes; the officer asks for more information; Jo answers -------------------
    step(staff, rnd, "close")
    step(staff, rnd, "start_screening")
    assert rnd.state == RoundState.SCREENING
    outbox.clear()
    decide(staff, app, "more_info", "Which hall will the group meet in?")
    assert app.state == ApplicationState.MORE_INFO_NEEDED
    (asked,) = outbox
    assert "jo@riverside.example" in asked.to and "Which hall" in asked.body
    jo = client_for(make_user("jo@riverside.example", "Jo Rivers"))  # signs in by emailed code
    mine = text_of(jo.get(reverse("application", args=[app.reference])))
    assert "We need more information" in mine and "Which hall will the group meet in?" in mine
    ok(
        jo.post(
            reverse("application_step", args=[app.reference, "question-1"]),
            {"text": "Babies and parents meet at St Mark's hall on Fridays.", "action": "continue"},
            QUERY_STRING="return=check",
        )
    )
    ok(jo.post(reverse("application_check", args=[app.reference])))
    app.refresh_from_db()
    assert app.state == ApplicationState.SUBMITTED

    # -- Eligible: the group is told it goes to the panel -------------------------------------
    outbox.clear()
    for each in (app, *others):
        decide(staff, each, "eligible")
    assert states(app, *others) == [ApplicationState.ELIGIBLE] * 3
    assert any("jo@riverside.example" in m.to and "going to the panel" in m.subject for m in outbox)
    assert "Going to the panel" in text_of(jo.get(reverse("application", args=[app.reference])))

    # -- Three residents join the panel, declare, and score -----------------------------------
    panel = [
        join_panel(staff, rnd, name, email, outbox, client_for)
        for name, email in [
            ("Rose", "rose@resident.example"),
            ("Dev", "dev@resident.example"),
            ("Ann", "ann@resident.example"),
        ]
    ]
    page = step(staff, rnd, "start_scoring")
    assert rnd.state == RoundState.SCORING, page
    apps = [app, *others]
    for (_user, client), values in zip(panel, [(4, 3, 2), (4, 2, 3), (3, 3, 3)], strict=True):
        declare_no_links(client, rnd, apps)
        reading = text_of(client.get(reverse("panel_application", args=[rnd.pk, app.pk])))
        assert "Babies and parents meet at St Mark" in reading
        assert "jo@riverside.example" not in reading and "Jo Rivers" not in reading
        for each, value in zip(apps, values, strict=True):
            score(client, rnd, each, value)
    results = text_of(panel[0][1].get(reverse("panel_results", args=[rnd.pk])))
    # Scores 4, 4 and 3 on every criterion: average 3.67, middle 4.
    assert f"1 Baby and parent mornings {app.reference} £800 3 3.67 4.00" in results
    page = step(staff, rnd, "start_voting")
    assert rnd.state == RoundState.VOTING, page

    # -- The vote: the panel on their own pages, two residents with codes ---------------------
    fridge, chess = others
    (rose, rose_c), (dev, dev_c), (ann, ann_c) = panel
    assert "Your vote is in" in vote(rose_c, rnd, app, fridge)
    vote(dev_c, rnd, app, chess)
    vote(ann_c, rnd, fridge)
    codes = make_codes(staff, rnd, 2, "Library drop-in")
    assert "Your vote is in" in vote_with_code(codes[0], app)
    vote_with_code(codes[1], app, chess)
    status = text_of(staff.get(reverse("staff_vote", args=[rnd.pk])))
    assert "3 of 3 panel members" in status and "2 of 2 codes used to vote" in status
    assert app.title not in status  # no totals while the vote is open

    # -- The officer closes the vote and confirms the Equal Shares decision -------------------
    ok(staff.post(reverse("staff_vote_close", args=[rnd.pk]), {"sure": "on"}))
    outcome = text_of(staff.get(reverse("staff_vote_outcome", args=[rnd.pk])))
    for words in (
        "Each of the 5 voters had an equal share of the £2,000 budget: £400 each.",
        "Baby and parent mornings Gets £800 Asked for £800 Funded: 4 people voted for it.",
        "They shared its £800 cost and paid £200 each.",
        "Chess sets No money Asked for £700 Not funded",
        "Fridge shelves No money Asked for £900 Not funded",
        "£800 of £2,000 given. £1,200 left over.",
    ):
        assert words in outcome, words
    outbox.clear()
    ok(staff.post(reverse("staff_vote_confirm", args=[rnd.pk]), {"sure": "on"}))
    rnd.refresh_from_db()
    assert rnd.state == RoundState.DECIDED
    assert states(app, fridge, chess) == ["awarded", "not_awarded", "not_awarded"]
    award = Award.objects.get()
    assert (award.application, award.amount, award.state) == (app, 800, AwardState.OFFERED)
    (offer_email,) = [m for m in outbox if "jo@riverside.example" in m.to and "£800" in m.subject]
    assert f"/awards/{award.pk}/" in offer_email.body
    fridge_mail = [m for m in outbox if "fridge@example.com" in m.to]
    assert fridge_mail and "£800" not in fridge_mail[0].subject
    # An offer waiting for the group's answer is not yet money awarded (docs/figures.md).
    assert dashboard_money(lead, rnd) == {"grants": 0, "awarded": 0, "paid": 0}

    # -- Jo accepts the offer for the group (paid through its holding organisation) -----------
    offer_page = text_of(jo.get(reverse("award_detail", args=[award.pk])))
    assert "Your grant offer" in offer_page and "£800" in offer_page
    ok(
        jo.post(
            reverse("award_accept", args=[award.pk]),
            {
                "payment_route": "host",
                "payee_name": "Riverside Community Trust",
                "accepted_name": "Jo Rivers",
                "two_people_agree": "on",
            },
        )
    )
    award.refresh_from_db()
    assert award.state == AwardState.ACCEPTED and award.payee_name == "Riverside Community Trust"
    assert dashboard_money(lead, rnd) == {"grants": 1, "awarded": 800, "paid": 0}
    call_command("report_reminders", stdout=io.StringIO())  # the daily run schedules its report
    (end_report,) = Report.objects.filter(award=award)
    assert end_report.state == ReportState.SCHEDULED

    # -- Paid in two parts ---------------------------------------------------------------------
    today = timezone.localdate()
    for amount, reference in ((500, "BACS 1"), (300, "BACS 2")):
        ok(
            staff.post(
                reverse("staff_award_pay", args=[award.pk]),
                {
                    "kind": "made",
                    "payee": "host",
                    "amount": str(amount),
                    "date": today.isoformat(),
                    "reference": reference,
                },
            )  # fmt: skip
        )
        award.refresh_from_db()
    assert sorted(Payment.objects.values_list("amount", flat=True)) == [300, 500]
    assert award.state == AwardState.PAID
    assert "£800" in text_of(jo.get(reverse("award_detail", args=[award.pk])))
    too_much = staff.post(
        reverse("staff_award_pay", args=[award.pk]),
        {"kind": "made", "payee": "host", "amount": "1", "date": today.isoformat()},
    )
    assert too_much.status_code == 200 and Payment.objects.count() == 2

    # -- A change agreed by the group: three more months ---------------------------------------
    first_due = end_report.due_on
    new_end = (award.end_date or first_due - timedelta(days=31)) + timedelta(days=92)
    agree_a_change_with_the_group(
        staff, jo, award, outbox, end_date=new_end, reason="The hall was shut."
    )
    award.refresh_from_db()
    assert (award.state, award.amount, award.end_date) == (AwardState.PAID, 800, new_end)
    end_report.refresh_from_db()
    assert end_report.due_on > first_due  # the report moved with the project's end

    # -- The report opens; Jo sends it with a photo; the officer accepts; the award closes -----
    opens = end_report.due_on - timedelta(days=10)
    call_command("report_reminders", "--now", f"{opens.isoformat()}T09:00", stdout=io.StringIO())
    end_report.refresh_from_db()
    assert end_report.state == ReportState.DUE
    (ready,) = [m for m in outbox if "is ready to fill in" in m.subject]
    assert "jo@riverside.example" in ready.to and "Riverside Mums" in ready.subject
    report_url = reverse("report_detail", args=[end_report.pk])
    assert "Your end report" in text_of(jo.get(report_url))
    ok(
        jo.post(
            report_url,
            {
                "what_you_did": "Twenty Friday mornings for babies and parents.",
                "who_took_part": "About 15 parents and their babies.",
                "difference_made": "Parents say they feel less alone.",
                "people_count": "15",
                "consent_to_share": "on",
                "photo": upload(),
                "caption": "Friday morning",
                "action": "send",
            },
        )  # fmt: skip
    )
    end_report.refresh_from_db()
    assert end_report.state == ReportState.SUBMITTED and end_report.photos.count() == 1
    staff_report = text_of(staff.get(reverse("staff_report", args=[end_report.pk])))
    assert "Twenty Friday mornings" in staff_report and "Friday morning" in staff_report
    response = ok(staff.post(reverse("staff_report_accept", args=[end_report.pk])))
    assert "The award is now closed." in text_of(staff.get(response["Location"]))
    award.refresh_from_db()
    assert award.state == AwardState.CLOSED
    closed = text_of(jo.get(reverse("award_detail", args=[award.pk])))
    assert "Where it stands: Closed We have sent all the money: £800." in closed
    assert "£500 on" in closed and "(reference BACS 1) £300 on" in closed

    # -- The same money everywhere the funder looks --------------------------------------------
    the_money = {"awarded": 800, "paid": 800}
    assert dashboard_money(lead, rnd) == {"grants": 1, **the_money}
    assert register_money(staff, funder, rnd) == {**the_money, "round_paid": 800}
    pdf = board_pdf_money(lead, funder)
    assert {key: pdf[key] for key in the_money} == the_money
    assert "Riverside Mums" in pdf["text"]
    stories = pdf["text"][pdf["text"].index("Stories from groups") :]
    assert "Twenty Friday mornings" in stories  # the group agreed to share its story
    published = open_data_money(lead, funder)
    assert {key: published[key] for key in ("grants", *the_money)} == {"grants": 1, **the_money}
    (grant,) = published["records"]
    assert "not registered" in grant["description"] and "Jo Rivers" not in str(grant)


def fill_in_with_the_group(client, app):
    """Sam types the group's answers in, page by page, as they talk it through."""
    ok(
        client.post(
            reverse("application_step", args=[app.reference, "about"]),
            {"title": "Baby and parent mornings", "amount_requested": "£800", "action": "continue"},
        )  # fmt: skip
    )
    for number in range(1, app.round.questions.count() + 1):
        ok(
            client.post(
                reverse("application_step", args=[app.reference, f"question-{number}"]),
                {"text": "Parents and babies meet, play and share tips.", "action": "continue"},
            )
        )
    response = ok(
        client.post(
            reverse("application_step", args=[app.reference, "budget"]),
            {
                "item_1": "Hall hire",
                "amount_1": "500",
                "item_2": "Toys and snacks",
                "amount_2": "300",
                "action": "continue",
            },
        )  # fmt: skip
    )
    assert response["Location"] == reverse("application_check", args=[app.reference])
