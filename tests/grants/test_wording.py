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
