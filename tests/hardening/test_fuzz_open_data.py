"""Fuzzing the officers' open data choice (publish or not, and the licence): bad values get a
message beside the field and change nothing; the funder is never left published without a
licence from the list."""

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from grants.models import Funder, OpenDataLicence
from tests.hardening.fuzz_support import FUZZ_SETTINGS, Case, covers, fuzz, rows

pytestmark = pytest.mark.django_db


@covers("grants.forms.publishing.OpenDataPublishingForm")
@FUZZ_SETTINGS
@given(data=st.data())
def test_fuzz_open_data_publishing(client_for, officer, funder, data):
    def never_published_without_a_licence(response, overrides):
        saved = Funder.objects.get(pk=funder.pk)
        if saved.open_data_published:
            assert saved.open_data_licence in OpenDataLicence.values

    case = Case(
        form="grants.forms.publishing.OpenDataPublishingForm",
        client=client_for(officer),
        url=reverse("open_data_settings", args=[funder.slug]),
        fields={"published": "choice", "licence": "choice"},
        base={"published": "yes", "licence": "CC0-1.0"},
        snapshot=lambda: rows(
            Funder.objects.all(), "pk", "open_data_published", "open_data_licence"
        ),
        after=never_published_without_a_licence,
    )
    fuzz(case, data)
