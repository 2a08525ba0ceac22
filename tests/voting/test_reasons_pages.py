"""The count's reasons on the pages and in the emails, in the reader's language, while the
outcome, the audit trail and the group's message keep the English."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from awards.services.recipients import group_emails
from core.audit import timeline
from grants.models import Application, RoundState
from tests.voting.helpers import approve, voting_round
from voting.core import Election, Project, write_pb
from voting.models import Vote
from voting.reasons import say
from voting.services.decision import allocation, decision_confirm, extra_add, vote_close_and_count

pytestmark = pytest.mark.django_db


def in_language(client, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


@pytest.fixture
def counted(approval_vote, officer):
    """Apps cost 500, 600, 700 (budget 1,500). Votes: app2 ×3, app1 ×2, app0 ×1."""
    rnd, apps, users, vote = approval_vote
    approve(vote, users[0], apps[1], apps[2])
    approve(vote, users[1], apps[1], apps[2], apps[0])
    approve(vote, users[2], apps[2])
    return rnd, apps, users, vote_close_and_count(vote, by=officer)


def _page(client, name, rnd):
    response = client.get(reverse(name, args=[rnd.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _welsh(detail):
    with translation.override("cy"):
        return say(detail)


def test_the_results_page_in_welsh_gives_the_welsh_reasons(counted, client_for):
    rnd, apps, users, vote = counted
    html = _page(in_language(client_for(users[1]), "cy"), "vote_results", rnd)
    assert "Canlyniadau'r bleidlais" in html  # the page is in Welsh
    assert "Cyllidwyd: pleidleisiodd 3 o bobl drosto." in html
    for app in apps:
        result = vote.outcome["results"][app.reference]
        assert escape(_welsh(result["reason_detail"])) in html
        assert escape(result["reason"]) not in html
    assert "Funded:" not in html and "Not funded:" not in html and "voted for it" not in html


def test_the_results_page_in_english_gives_the_stored_sentences(counted, client_for):
    rnd, apps, users, vote = counted
    html = _page(client_for(users[1]), "vote_results", rnd)
    for app in apps:
        assert escape(vote.outcome["results"][app.reference]["reason"]) in html


def test_an_outcome_counted_before_reasons_had_details_still_shows_its_english(
    counted, officer, client_for
):
    rnd, apps, users, vote = counted
    old = dict(vote.outcome)
    old.pop("summary_detail")
    old["results"] = {
        ref: {k: v for k, v in result.items() if k != "reason_detail"}
        for ref, result in old["results"].items()
    }
    Vote.objects.filter(pk=vote.pk).update(outcome=old)
    html = _page(in_language(client_for(users[1]), "cy"), "vote_results", rnd)
    assert "Canlyniadau'r bleidlais" in html
    for app in apps:
        assert escape(old["results"][app.reference]["reason"]) in html
    staff = _page(in_language(client_for(officer), "cy"), "staff_vote_outcome", rnd)
    assert escape(old["summary"]) in staff


def test_the_staff_outcome_page_in_urdu(counted, officer, client_for):
    rnd, apps, _users, vote = counted
    html = _page(in_language(client_for(officer), "ur"), "staff_vote_outcome", rnd)
    with translation.override("ur"):
        summary = say(vote.outcome["summary_detail"])
    assert summary.startswith("3 ووٹروں میں سے ہر ایک کے پاس £1,500 کے بجٹ کا برابر حصہ تھا")
    assert escape(summary) in html and escape(vote.outcome["summary"]) not in html
    assert "فنڈ کیا گیا: 3 لوگوں نے اسے ووٹ دیا۔" in html


def test_left_over_money_is_explained_in_welsh_with_the_officers_own_words(
    counted, officer, client_for
):
    rnd, apps, _users, vote = counted
    unfunded = next(a for a in apps if not vote.outcome["results"][a.reference]["funded"])
    extra_add(vote, unfunded, amount=50, reason="The panel asked for it.", by=officer)
    asked = f"£{unfunded.amount_requested:,}"
    html = _page(in_language(client_for(officer), "cy"), "staff_vote_outcome", rnd)
    assert (
        f"Cyllidwyd yn rhannol: £50 o {asked}, o arian oedd dros ben ar ôl y bleidlais. "
        "The panel asked for it."
    ) in html
    english = _page(in_language(client_for(officer), "en-gb"), "staff_vote_outcome", rnd)
    assert (
        f"Funded in part: £50 of {asked}, from money left over after the vote. "
        "The panel asked for it."
    ) in english


def test_the_decision_emails_are_in_welsh_and_the_audit_trail_in_english(counted, officer, outbox):
    """The groups chose Welsh; the officer confirms on an English page."""
    rnd, apps, _users, vote = counted
    people = get_user_model().objects
    for app in apps:
        for address in group_emails(app.group):
            if not people.filter(email=address.lower()).update(language="cy"):
                people.create_user(address.lower(), language="cy")
    decision_confirm(vote, by=officer)
    bodies = "\n".join(m.body for m in outbox)
    assert "Cyllidwyd: pleidleisiodd 3 o bobl drosto." in bodies
    assert "Funded:" not in bodies and "Not funded:" not in bodies
    for app in apps:
        reason = vote.outcome["results"][app.reference]["reason"]
        assert Application.objects.get(pk=app.pk).outcome_message == reason
        assert reason in [event.reason for event in timeline(app)]


def test_an_emails_reason_is_said_in_the_language_the_email_is_written_in(counted):
    """Emails may be written in the language of the person they go to, not the page's: the
    reason handed to them is said when it is written."""
    line = allocation(counted[3])[0]
    why = line.said_lazily
    with translation.override("ur"):
        assert str(why).startswith("فنڈ کیا گیا")
    with translation.override("cy"):
        assert f"Why: {why}".startswith("Why: Cyllidwyd:")
    assert str(why) == line.reason


def test_counting_through_a_welsh_page_stores_the_english(approval_vote, officer, client_for):
    rnd, apps, users, vote = approval_vote
    approve(vote, users[0], apps[2])
    client = in_language(client_for(officer), "cy")
    response = client.post(reverse("staff_vote_close", args=[rnd.pk]), {"sure": "on"})
    assert response.status_code == 302
    vote.refresh_from_db()
    reason = vote.outcome["results"][apps[2].reference]["reason"]
    assert reason.startswith("Funded: 1 person voted for it.")
    assert vote.outcome["summary"].startswith("Each of the 1 voters had an equal share")
    assert vote.outcome["results"][apps[2].reference]["reason_detail"]["kind"] == "mes_funded"


def test_the_panels_scores_are_explained_in_welsh(funder, officer, client_for):
    rnd, apps, users, vote = voting_round(funder, 2, voting_method="scores")
    vote = vote_close_and_count(vote, by=officer)
    html = _page(in_language(client_for(users[0]), "cy"), "vote_results", rnd)
    assert "Ni chyllidwyd: ni roddodd y panel sgôr iddo." in html
    assert "did not score" not in html
    assert rnd.state == RoundState.VOTING


def test_the_recount_page_in_welsh(approval_vote, officer, client_for):
    rnd = approval_vote[0]
    election = Election(
        budget=1000,
        projects={"hall": Project("hall", 450), "bench": Project("bench", 200)},
        approvals=[frozenset({"hall", "bench"})] * 5 + [frozenset({"bench"})] * 5,
        meta={"currency": "PLN"},
    )
    upload = SimpleUploadedFile("vote.pb", write_pb(election).encode())
    response = in_language(client_for(officer), "cy").post(
        reverse("staff_vote_recount", args=[rnd.pk]), {"rule": "mes", "file": upload}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ni chyllidwyd: pleidleisiodd 5 o bobl drosto." in html
    assert "Gwariwyd 200 PLN o 1,000 PLN." in html
    assert "Not funded:" not in html and "was spent" not in html
