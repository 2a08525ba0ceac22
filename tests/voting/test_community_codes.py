"""Residents voting with one-time codes: the officer makes codes (shown once, kept only as
hashes), a resident types a code on a phone and votes like the panel, the ballot is counted with
the panel's, the same code can change it (never two ballots), wrong codes are limited, and every
new form answers bad input beside the field with what was typed kept."""

import re
from html import unescape

import pytest
from django.core.cache import cache
from django.urls import reverse

from core.forms import CONTROL_MESSAGE
from core.models import AuditEvent
from tests.support.pages import count_queries
from tests.voting.helpers import approve, voting_round
from voting.forms import CODE_SHAPE
from voting.models import Ballot, Voter, VoterParticipation
from voting.services import code_limits, codes
from voting.services.ballots import BallotRefused, receipt_check, turnout
from voting.services.decision import vote_close_and_count
from voting.views.codes import CODE_VOTER_SESSION_KEY, WRONG_CODE

pytestmark = pytest.mark.django_db

CODE_PATTERN = re.compile(r"\b[ACDEFGHJKLMNPQRTUVWXY34679]{4}-[ACDEFGHJKLMNPQRTUVWXY34679]{4}\b")
HOSTILE = ["<script>alert(1)</script>", "' OR 1=1 --", "../../etc/passwd", "🙂" * 5]


@pytest.fixture(autouse=True)
def _fresh_wrong_code_counts():
    cache.clear()
    yield
    cache.clear()


def _codes_url(rnd):
    return reverse("staff_vote_codes", args=[rnd.pk])


def _issue(officer, vote, n=3, label=""):
    return codes.codes_issue(vote, n, label=label, by=officer)


def _type_code(client, code):
    return client.post(reverse("vote_code"), {"code": code})


def _vote_with_code(client, code, picks):
    response = _type_code(client, code)
    assert response.status_code == 302
    assert response["Location"] == reverse("vote_code_ballot")
    response = client.post(reverse("vote_code_ballot"), {"approve": [a.reference for a in picks]})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == reverse("vote_code_receipt")
    page = client.get(reverse("vote_code_receipt")).content.decode()
    return re.search(r'id="receipt-code">([^<]+)<', page).group(1)


# -- The officer ------------------------------------------------------------------------------
def test_officer_makes_codes_shown_once_and_kept_only_as_hashes(approval_vote, officer, client_for):
    rnd, _apps, _users, vote = approval_vote
    client = client_for(officer)
    page = client.get(reverse("staff_vote", args=[rnd.pk])).content.decode()
    assert "Make codes for residents" in page

    response = client.post(_codes_url(rnd), {"how_many": "5", "label": "Library drop-in, 12 May"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    shown = sorted(set(CODE_PATTERN.findall(html)))
    assert len(shown) == 5
    assert "Library drop-in, 12 May" in html and "/vote/code/" in html

    rows = list(Voter.objects.filter(vote=vote, kind=Voter.Kind.COMMUNITY_CODE))
    assert len(rows) == 5
    assert {v.code_hash for v in rows} == {codes.code_hash(c) for c in shown}
    assert {v.label for v in rows} == {"Library drop-in, 12 May"}
    stored = repr(list(Voter.objects.values()))
    stored += repr(list(AuditEvent.objects.values()))
    stored += repr(dict(client.session.items()))
    for code in shown:
        assert code not in stored and code.replace("-", "") not in stored

    # Never shown again: not on the codes page, not on the vote page.
    for url in (_codes_url(rnd), reverse("staff_vote", args=[rnd.pk])):
        again = client.get(url).content.decode()
        assert not any(code in again for code in shown)
    page = client.get(reverse("staff_vote", args=[rnd.pk])).content.decode()
    assert "0 of 5 codes used to vote" in page
    assert "Library drop-in, 12 May" in page


def test_making_codes_is_recorded(approval_vote, officer, client_for):
    rnd, _apps, _users, vote = approval_vote
    client_for(officer).post(_codes_url(rnd), {"how_many": "12", "label": "Market stall"})
    event = AuditEvent.objects.get(transition="issue_codes")
    assert event.actor == officer and event.object_id == str(vote.pk)
    assert event.reason == "Made 12 one-time codes for residents to vote (Market stall)."


def test_counts_show_codes_used_never_what_they_voted(approval_vote, officer, client, client_for):
    rnd, apps, users, vote = approval_vote
    made = _issue(officer, vote, 4, label="Library")
    _vote_with_code(client, made[0], [apps[2]])
    approve(vote, users[1], apps[1])
    assert codes.code_counts(vote)["issued"] == 4 and codes.code_counts(vote)["used"] == 1
    assert turnout(vote) == (1, 3)  # the panel's turnout is the panel's alone
    page = client_for(officer).get(reverse("staff_vote", args=[rnd.pk])).content.decode()
    assert "1 of 4 codes used to vote" in page and "1 of 3 panel members" in page
    assert apps[2].title not in page and apps[2].reference not in page


def test_codes_are_easy_to_read_and_all_different():
    made = {codes.code_new() for _ in range(500)}
    assert len(made) == 500
    for code in made:
        assert CODE_PATTERN.fullmatch(code)
    assert codes.code_looks_right("acde 3479") and codes.code_looks_right("ACDE-3479")
    assert codes.code_hash("acde 3479") == codes.code_hash("ACDE-3479")
    assert not codes.code_looks_right("ABCD-0000")  # B and 0 are never in a code


@pytest.mark.parametrize("who", ["panel", "funder_viewer", "other_officer", "applicant"])
def test_only_the_rounds_officers_can_make_codes(approval_vote, client_for, request, who):
    rnd, _apps, users, _vote = approval_vote
    user = users[1] if who == "panel" else request.getfixturevalue(who)
    client = client_for(user)
    assert client.get(_codes_url(rnd)).status_code in (403, 404)
    assert client.post(_codes_url(rnd), {"how_many": "5"}).status_code in (403, 404)
    assert not Voter.objects.filter(kind=Voter.Kind.COMMUNITY_CODE).exists()
    with pytest.raises(codes.CodesRefused):
        codes.codes_issue(_vote, 1, by=user)


def test_signed_out_people_are_sent_to_sign_in(approval_vote, client):
    rnd, _apps, _users, _vote = approval_vote
    assert client.get(_codes_url(rnd)).status_code == 302


def test_no_codes_when_the_round_uses_the_panels_scores(funder, officer, client_for):
    rnd, _apps, _users, vote = voting_round(funder, 2, voting_method="scores")
    client = client_for(officer)
    page = unescape(client.get(_codes_url(rnd)).content.decode())
    assert "uses the panel's scores" in page and "Codes cannot be made" in page
    response = client.post(_codes_url(rnd), {"how_many": "5"})
    assert response.status_code == 400
    assert "Codes cannot be made" in response.content.decode()
    assert not Voter.objects.filter(kind=Voter.Kind.COMMUNITY_CODE).exists()
    with pytest.raises(codes.CodesRefused, match="panel's scores"):
        _issue(officer, vote)


def test_no_codes_once_the_vote_has_closed(approval_vote, officer, client_for):
    rnd, _apps, _users, vote = approval_vote
    vote_close_and_count(vote, by=officer)
    response = client_for(officer).post(_codes_url(rnd), {"how_many": "5"})
    assert response.status_code == 400
    assert "The vote has closed, so no more codes can be made." in response.content.decode()
    assert not Voter.objects.filter(kind=Voter.Kind.COMMUNITY_CODE).exists()


# -- The resident -----------------------------------------------------------------------------
def test_a_resident_votes_with_a_code(approval_vote, officer, client):
    rnd, apps, _users, vote = approval_vote
    code = _issue(officer, vote, 1)[0]
    assert client.get(reverse("vote_code")).status_code == 200
    response = _type_code(client, code.lower().replace("-", " "))
    assert response.status_code == 302
    assert code not in response["Location"] and code.replace("-", "") not in response["Location"]
    # The session remembers which right to vote the code gave, never the code itself.
    assert code not in repr(dict(client.session.items()))
    assert code.replace("-", "") not in repr(dict(client.session.items()))

    page = client.get(reverse("vote_code_ballot"))
    assert page.status_code == 200 and page["Cache-Control"] == "no-store"
    html = page.content.decode()
    # Residents have no links to declare: every application on the vote is on their ballot.
    for app in apps:
        assert app.title in html
    assert "panel" not in page.request["PATH_INFO"]
    assert reverse("panel_application", args=[rnd.pk, apps[0].pk]) not in html

    response = client.post(reverse("vote_code_ballot"), {"approve": [apps[0].reference]})
    assert response["Location"] == reverse("vote_code_receipt")
    assert CODE_VOTER_SESSION_KEY not in client.session  # forgotten once the ballot is in
    receipt = re.search(
        r'id="receipt-code">([^<]+)<', client.get(response["Location"]).content.decode()
    )
    assert receipt and receipt_check(vote, receipt.group(1))
    # The receipt is shown once.
    assert client.get(reverse("vote_code_receipt"))["Location"] == reverse("vote_code")
    # The ballot step needs the code again.
    assert client.get(reverse("vote_code_ballot"))["Location"] == reverse("vote_code")

    assert Ballot.objects.filter(vote=vote).count() == 1
    assert Ballot.objects.get(vote=vote).contents == {"approve": [apps[0].reference]}
    voter = Voter.objects.get(vote=vote, kind=Voter.Kind.COMMUNITY_CODE)
    assert VoterParticipation.objects.filter(voter=voter).count() == 1


def test_a_resident_spreads_dots(funder, officer, client):
    _rnd, apps, _users, vote = voting_round(funder, 3, voting_method="dots", dots_per_voter=5)
    code = _issue(officer, vote, 1)[0]
    _type_code(client, code)
    too_many = client.post(
        reverse("vote_code_ballot"),
        {f"dots_{apps[0].reference}": "4", f"dots_{apps[1].reference}": "3"},
    )
    assert too_many.status_code == 400
    assert "You have 5 dots. You gave 7. Take some away." in too_many.content.decode()
    response = client.post(
        reverse("vote_code_ballot"),
        {f"dots_{apps[0].reference}": "4", f"dots_{apps[2].reference}": "1"},
    )
    assert response["Location"] == reverse("vote_code_receipt")
    assert Ballot.objects.get(vote=vote).contents == {
        "points": {apps[0].reference: 4, apps[2].reference: 1}
    }


def test_community_ballots_count_with_the_panels(approval_vote, officer, client):
    _rnd, apps, users, vote = approval_vote
    made = _issue(officer, vote, 3)
    approve(vote, users[1], apps[1])
    for code in made:
        _vote_with_code(client, code, [apps[0]])
        client.cookies.clear()
    counted = vote_close_and_count(vote, by=officer)
    assert counted.outcome["ballots"] == 4
    results = counted.outcome["results"]
    assert results[apps[0].reference]["support"] == 3
    assert results[apps[1].reference]["support"] == 1
    assert results[apps[0].reference]["funded"]


def test_a_used_code_gets_an_empty_ballot_that_replaces_the_vote(approval_vote, officer, client):
    _rnd, apps, _users, vote = approval_vote
    code = _issue(officer, vote, 1)[0]
    first = _vote_with_code(client, code, [apps[0]])
    page = _type_code(client, code)
    html = client.get(page["Location"]).content.decode()
    # The slip holder is told a vote is in, and gets a fresh ballot: never how it voted.
    assert "A vote with this code is already in" in html and "replaces the old one" in html
    assert "Change my vote" in html
    assert " checked" not in html
    assert not re.search(rf'value="{apps[0].reference}"[^>]*checked', html)
    second = _vote_with_code(client, code, [apps[1], apps[2]])
    assert first != second
    assert Ballot.objects.filter(vote=vote).count() == 1
    assert Ballot.objects.get(vote=vote).contents == {
        "approve": sorted([apps[1].reference, apps[2].reference])
    }
    assert VoterParticipation.objects.filter(vote=vote).count() == 1
    assert receipt_check(vote, second) and not receipt_check(vote, first)


def test_a_code_is_refused_once_the_vote_has_closed(approval_vote, officer, client):
    rnd, apps, _users, vote = approval_vote
    used, unused = _issue(officer, vote, 2)
    _vote_with_code(client, used, [apps[0]])
    _type_code(client, unused)  # the ballot step is open in this session...
    vote_close_and_count(vote, by=officer)
    # ...and closes with the vote: a ballot sent now is refused, and the session forgets it.
    response = client.post(reverse("vote_code_ballot"), {"approve": [apps[1].reference]})
    assert response.status_code == 200 and "The vote has ended" in response.content.decode()
    assert client.get(reverse("vote_code_ballot"))["Location"] == reverse("vote_code")
    for code in (used, unused):
        response = _type_code(client, code)
        assert response.status_code == 200
        assert "The vote has ended" in response.content.decode()
    voter = Voter.objects.get(code_hash=codes.code_hash(used))
    with pytest.raises(BallotRefused, match="closed"):
        codes.community_ballot_cast(voter, {"approve": [apps[1].reference]})
    assert Ballot.objects.filter(vote=vote).count() == 1


def test_a_wrong_code_gets_a_clear_message(approval_vote, officer, client):
    _rnd, _apps, _users, vote = approval_vote
    _issue(officer, vote, 1)
    response = _type_code(client, "ACDE-3479")
    assert response.status_code == 400
    html = response.content.decode()
    assert WRONG_CODE in unescape(html)
    assert 'id="id_code-error"' in html and 'value="ACDE-3479"' in html
    assert CODE_VOTER_SESSION_KEY not in client.session


def test_codes_that_do_not_look_like_codes_are_not_counted_as_guesses(approval_vote, client):
    for _ in range(code_limits.BROWSER.free + 2):
        response = _type_code(client, "hello")
        assert response.status_code == 400
        assert CODE_SHAPE in response.content.decode()


def test_the_ballot_step_forgets_the_code_after_a_while(approval_vote, officer, client):
    _rnd, _apps, _users, vote = approval_vote
    _type_code(client, _issue(officer, vote, 1)[0])
    session = client.session
    session[CODE_VOTER_SESSION_KEY] = {**session[CODE_VOTER_SESSION_KEY], "until": 1}
    session.save()
    assert client.get(reverse("vote_code_ballot"))["Location"] == reverse("vote_code")
    page = client.get(reverse("vote_code")).content.decode()
    assert "Type your code again" in page


def test_a_tampered_session_gets_the_code_page(approval_vote, client):
    session = client.session
    session[CODE_VOTER_SESSION_KEY] = {"voter": "1 OR 1=1", "until": 99999999999}
    session.save()
    assert client.get(reverse("vote_code_ballot"))["Location"] == reverse("vote_code")


def test_a_panel_voter_cannot_be_used_as_a_code(approval_vote, officer):
    _rnd, apps, users, vote = approval_vote
    approve(vote, users[1], apps[1])
    panel_voter = Voter.objects.get(user=users[1])
    assert codes.community_voter(panel_voter.pk) is None
    with pytest.raises(BallotRefused):
        codes.community_ballot_cast(panel_voter, {"approve": [apps[2].reference]})


def test_resident_ballot_page_queries_do_not_grow(funder, officer, client):
    counts = []
    for n in (10, 50):
        _rnd, _apps, _users, vote = voting_round(funder, n, members=1)
        code = _issue(officer, vote, 1)[0]
        client.cookies.clear()
        _type_code(client, code)
        client.get(reverse("vote_code_ballot"))  # warm up
        with count_queries() as queries:
            response = client.get(reverse("vote_code_ballot"))
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert counts[0] <= 8


# -- Bad input on the new forms ----------------------------------------------------------------
@pytest.mark.parametrize(
    ("how_many", "message"),
    [
        ("", "Enter how many codes to make, like 50"),
        ("0", "Make at least 1 code"),
        ("-3", "Make at least 1 code"),
        ("2001", "Make 2,000 codes or fewer at a time"),
        ("9" * 40, "Make 2,000 codes or fewer at a time"),
        ("five", "Enter a whole number, like 50"),
        ("1.5", "Enter a whole number, like 50"),
        ("<script>alert(1)</script>", "Enter a whole number, like 50"),
        ("5\x00", "Enter a whole number, like 50"),
    ],
)
def test_issue_codes_form_bad_number(approval_vote, officer, client_for, how_many, message):
    rnd, _apps, _users, _vote = approval_vote
    response = client_for(officer).post(_codes_url(rnd), {"how_many": how_many, "label": "Hall"})
    assert response.status_code == 400
    html = response.content.decode()
    error = re.search(r'id="id_how_many-error"[^>]*>(.*?)</p>', html, re.S)
    assert error and message in error.group(1)
    if "\x00" not in how_many:
        assert (
            f'value="{how_many.replace("<", "&lt;").replace(">", "&gt;")}"' in html or not how_many
        )
    assert 'value="Hall"' in html
    assert not Voter.objects.filter(kind=Voter.Kind.COMMUNITY_CODE).exists()


@pytest.mark.parametrize(
    ("label", "message"),
    [
        ("x" * 121, "Keep the note to 120 characters or fewer"),
        ("Library\x00", CONTROL_MESSAGE),
        ("Hall \x1b[31m", CONTROL_MESSAGE),
        ("\x07bell", CONTROL_MESSAGE),
    ],
)
def test_issue_codes_form_bad_note(approval_vote, officer, client_for, label, message):
    rnd, _apps, _users, _vote = approval_vote
    response = client_for(officer).post(_codes_url(rnd), {"how_many": "7", "label": label})
    assert response.status_code == 400
    html = response.content.decode()
    error = re.search(r'id="id_label-error"[^>]*>(.*?)</p>', html, re.S)
    assert error and message in error.group(1)
    assert 'value="7"' in html
    if len(label) > 100:
        assert label in html
    assert not Voter.objects.filter(kind=Voter.Kind.COMMUNITY_CODE).exists()


@pytest.mark.parametrize("label", HOSTILE)
def test_issue_codes_form_hostile_note_is_only_text(approval_vote, officer, client_for, label):
    rnd, _apps, _users, vote = approval_vote
    response = client_for(officer).post(_codes_url(rnd), {"how_many": "2", "label": label})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert Voter.objects.filter(vote=vote, label=label).count() == 2


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter your code"),
        ("ACDE-3479-ACDE-3479-X", CODE_SHAPE),
        ("ACDE", CODE_SHAPE),
        ("<script>alert(1)</script>", CODE_SHAPE),
        ("' OR 1=1 --", CODE_SHAPE),
        ("🙂🙂🙂🙂🙂🙂🙂🙂", CODE_SHAPE),
        ("ACDE\x003479", CONTROL_MESSAGE),
        ("ACDE\x1b3479", CONTROL_MESSAGE),
    ],
)
def test_code_form_bad_input(approval_vote, client, typed, message):
    response = _type_code(client, typed)
    assert response.status_code == 400
    html = response.content.decode()
    error = re.search(r'id="id_code-error"[^>]*>(.*?)</p>', html, re.S)
    assert error and message.replace("'", "&#x27;") in error.group(1)
    if typed and "\x00" not in typed and "\x1b" not in typed:
        escaped = typed.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        assert f'value="{escaped.replace(chr(39), "&#x27;")}"' in html
    assert CODE_VOTER_SESSION_KEY not in client.session


def test_the_resident_ballot_refuses_what_is_not_on_it(approval_vote, officer, client):
    _rnd, apps, _users, vote = approval_vote
    _type_code(client, _issue(officer, vote, 1)[0])
    for picks in ([], ["SB-NOTREAL"], ["<script>alert(1)</script>"]):
        response = client.post(reverse("vote_code_ballot"), {"approve": picks})
        assert response.status_code == 400
        html = response.content.decode()
        assert 'id="id_approve-error"' in html
        assert "<script>alert(1)</script>" not in html
    assert not Ballot.objects.filter(vote=vote).exists()
