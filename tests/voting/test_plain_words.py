"""Finding 7 (this branch's parts): the results page before the count says plainly where the
vote stands and offers no download that would be refused; panel pages never write a lower-case
"i" for "I"."""

import pytest
from django.urls import reverse

from core.templatetags.seedbed import mid_sentence
from core.transitions import perform
from panels.models import Declaration
from tests.voting.helpers import approve

pytestmark = pytest.mark.django_db


def _results(client, rnd):
    response = client.get(reverse("vote_results", args=[rnd.pk]))
    return response, response.content.decode()


def test_admin_results_page_while_the_vote_is_open(approval_vote, client_for, admin_user):
    rnd, apps, users, vote = approval_vote
    approve(vote, users[1], apps[2])
    response, html = _results(client_for(admin_user), rnd)
    assert response.status_code == 200
    assert "has ended" not in html
    assert "The vote is still open, so there are no results yet." in html
    assert reverse("vote_export_public", args=[rnd.pk]) not in html


def test_results_page_after_close_before_the_count(approval_vote, client_for, admin_user, officer):
    rnd, apps, users, vote = approval_vote
    approve(vote, users[1], apps[2])
    perform(vote, "close", by=officer)
    for person in (admin_user, officer):
        client = client_for(person)
        _response, html = _results(client, rnd)
        assert "The vote has closed, but the votes have not been counted yet." in html
        link = reverse("vote_export_public", args=[rnd.pk])
        assert link in html
        assert client.get(link).status_code == 200  # a link shown is a link that works


@pytest.mark.parametrize(
    "label, expected",
    [
        ("Family or someone I live with is in the group", "family or someone I live with"),
        ("I am a member of the group", "I am a member of the group"),
        ("I work or volunteer with the group", "I work or volunteer with the group"),
        ("Another link", "another link"),
    ],
)
def test_link_words_mid_sentence_keep_a_capital_i(label, expected):
    assert mid_sentence(label).startswith(expected)
    assert " i " not in f" {mid_sentence(label)} "


def test_panel_pages_write_i_as_i(approval_vote, client_for, officer):
    rnd, _apps, users, _vote = approval_vote  # voter 0 has a family link to app 0
    pages = [
        client_for(users[0]).get(reverse("panel_home", args=[rnd.pk])),
        client_for(officer).get(reverse("staff_panel", args=[rnd.pk])),
        client_for(officer).get(reverse("panel_meeting", args=[rnd.pk])),
    ]
    for page in pages:
        html = page.content.decode()
        assert page.status_code == 200
        assert "someone i live with" not in html
    assert "someone I live with" in pages[0].content.decode()
    assert Declaration.Link.FAMILY.label.startswith("Family")
