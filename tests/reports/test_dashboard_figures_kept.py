"""The dashboard's figures are kept per funder (reports.selectors.outcomes_kept): everyone who
views a funder's dashboard shares them, and a change to the ledger shows at once."""

from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from awards.models import Award, Payment
from reports import outcomes as outcomes_module

from .dataset import build

pytestmark = pytest.mark.django_db


def test_viewers_of_one_funder_share_its_figures_and_a_payment_shows_at_once(
    client_for, funder_viewer, officer, funder
):
    build(funder, officer)
    url = reverse("outcomes")
    viewer, staff = client_for(funder_viewer), client_for(officer)
    for _ in range(2):  # the first making learns what the figures read; the second keeps them
        assert "£1,900" in viewer.get(url).content.decode()
    # Every adding-up of the figures, whoever asks for it, goes through _headline.
    with mock.patch.object(outcomes_module, "_headline", wraps=outcomes_module._headline) as made:
        html = staff.get(url).content.decode()
    assert made.call_count == 0, "another viewer's figures were made again"
    assert "£1,900" in html and "£7,300" in html

    award = Award.objects.filter(funder=funder, state="paid").first()
    Payment.objects.create(
        award=award, payee="group", amount=100, state="made",
        paid_on=timezone.localdate(), recorded_by=officer,
    )  # fmt: skip
    for client in (viewer, staff):
        html = client.get(url).content.decode()
        assert "£2,000" in html and "£1,900" not in html
