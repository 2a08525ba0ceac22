"""Wording (finding 12): names instead of jargon, hints that look like the real thing."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_eligibility_check_names_the_rounds_area(client, open_round):
    open_round.area = "Northfield and Riverside"
    open_round.save(update_fields=["area"])
    page = client.get(reverse("apply_check", args=[open_round.slug])).text
    assert "the round&#x27;s area" not in page and "the round's area" not in page
    assert "Does your group help people in Northfield and Riverside?" in page


def test_the_code_hint_looks_like_a_real_code(client, applicant):
    from tests.grants.test_sign_in import request_code

    response = request_code(client, applicant.email)
    page = client.get(response["Location"]).text
    example = re.search(r"It looks like ([A-Z0-9-]+)", page).group(1)
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}", example)


def test_add_a_photo_says_optional_once():
    from django.template import Context, Template

    from reports.forms import PhotoForm

    html = Template('{% include "includes/field.html" with field=form.photo %}').render(
        Context({"form": PhotoForm()})
    )
    assert "Add a photo (optional)" in html
    assert "(optional) (optional)" not in html


def test_only_people_who_may_help_a_group_see_the_link_to_help(
    client_for, open_round, supporter, officer, funder_viewer, applicant
):
    """A funder viewer reads only: the round page does not offer them a form that answers
    "not found" (the walk at 320 px found it)."""
    url = reverse("round_public", args=[open_round.slug])
    words = "Helping a group? Fill in the form with them"
    for person, sees in (
        (supporter, True),
        (officer, True),
        (funder_viewer, False),
        (applicant, False),
    ):
        client = client_for(person)
        assert (words in client.get(url).text) is sees, person
        if sees:
            assert client.get(reverse("apply_assisted", args=[open_round.slug])).status_code == 200
