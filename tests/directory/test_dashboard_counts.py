"""Issue 18, for the funder: the dashboard and the board PDF count the funded groups that people
can now find in What's on near you, and how often their listings were read (counts only)."""

import re

import pytest
from django.urls import reverse

from directory.models import Listing
from reports.pdf import outcomes_pdf_text

pytestmark = pytest.mark.django_db

LABEL = "Funded groups people can find in What&#x27;s on near you"


def _figure(html, label):
    """The figure shown with `label` on the dashboard (the value comes first, then the label)."""
    found = re.search(r"seedbed-figure__value\">([\d,]+)</span>" + re.escape(label), html)
    return int(found.group(1).replace(",", "")) if found else None


def test_the_dashboard_counts_listed_groups_and_views(client_for, funder_viewer, listed):
    Listing.objects.filter(pk=listed.pk).update(views=7)
    page = client_for(funder_viewer).get(reverse("outcomes")).content.decode()
    assert _figure(page, LABEL) == 1
    assert _figure(page, "Times those listings were read") == 7


def test_a_hidden_listing_is_not_counted(client_for, funder_viewer, filled):
    page = client_for(funder_viewer).get(reverse("outcomes")).content.decode()
    assert _figure(page, LABEL) == 0


def test_the_board_pdf_says_how_many_funded_groups_can_be_found(funder, listed):
    text = outcomes_pdf_text(funder)
    assert "Funded groups people can find in What's on near you 1" in text
