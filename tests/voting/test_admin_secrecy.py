"""Finding 1: the admin site holds no ballot contents at all (not listed, not filterable, not
searchable, whatever the address asks), and who voted cannot be ordered or filtered into a
link with a ballot. Counts show only after close, from the counted result."""

import pytest
from django.contrib import admin
from django.urls import NoReverseMatch, reverse

from tests.voting.helpers import approve
from voting.models import Ballot, VoterParticipation
from voting.services.decision import vote_close_and_count

pytestmark = pytest.mark.django_db


@pytest.fixture
def voted(approval_vote):
    rnd, apps, users, vote = approval_vote
    approve(vote, users[1], apps[2])
    approve(vote, users[2], apps[1], apps[2])
    return rnd, apps, users, vote


CRAFTED = [
    "?vote__id__exact={vote}&contents__icontains={ref}",
    "?contents__contains={ref}",
    "?contents__icontains={ref}",
    "?q={ref}",
    "?receipt_hash__startswith=a",
    "?vote__ballots__contents__icontains={ref}",
]


def test_no_admin_page_of_the_site_has_ballot_contents():
    for model, model_admin in admin.site._registry.items():
        assert model is not Ballot, "Ballots must not be in the admin site at all"
        names = {f.name for f in model._meta.get_fields()}
        assert "contents" not in names or model is not Ballot
        assert "outcome" not in (model_admin.list_display or ())
    with pytest.raises(NoReverseMatch):
        reverse("admin:voting_ballot_changelist")


@pytest.mark.parametrize("query", CRAFTED)
def test_crafted_ballot_addresses_neither_filter_nor_fail(voted, client_for, admin_user, query):
    _rnd, apps, _users, vote = voted
    client = client_for(admin_user)
    url = "/admin/voting/ballot/" + query.format(vote=vote.pk, ref=apps[2].reference)
    response = client.get(url)
    assert response.status_code == 404
    assert apps[2].reference not in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "?voted_at__isnull=False",
        "?voter__id__exact={voter}",
        "?vote__ballots__contents__icontains={ref}",
        "?o=3",
        "?o=-2",
        "?q=voter",
    ],
)
def test_who_voted_cannot_be_ordered_or_filtered(voted, client_for, admin_user, query):
    _rnd, apps, users, vote = voted
    voter = VoterParticipation.objects.filter(vote=vote).first().voter_id
    url = reverse("admin:voting_voterparticipation_changelist") + query.format(
        voter=voter, ref=apps[2].reference
    )
    response = client_for(admin_user).get(url)
    html = response.content.decode()
    assert response.status_code in (200, 400)
    assert "voted_at" not in html and "Voted at" not in html
    assert apps[2].reference not in html
    if response.status_code == 200:
        # Whatever was asked, the list is the plain list: no filter, no order by time.
        assert "?o=" not in html


def test_admin_vote_page_counts_only_after_close_from_the_count(voted, client_for, admin_user):
    _rnd, apps, _users, vote = voted
    client = client_for(admin_user)
    page = client.get(reverse("admin:voting_vote_change", args=[vote.pk])).content.decode()
    assert "Shown once the vote has closed." in page
    assert "2 ballots" not in page
    vote_close_and_count(vote, by=admin_user)
    page = client.get(reverse("admin:voting_vote_change", args=[vote.pk])).content.decode()
    assert "2 ballots counted" in page
    assert apps[2].reference not in page or "funded" in page.lower()
