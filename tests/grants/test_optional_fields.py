"""One rule for "(optional)": a field marked optional is never demanded; a field needed only in
some cases says when instead. One word for the group that holds money: "host group"."""

import re

import pytest
from django.urls import reverse

from grants.forms.apply import GroupForm
from tests.grants.test_apply import GOOD_GROUP

pytestmark = pytest.mark.django_db


def optional_labels(page):
    return {
        re.sub(r"\s+", " ", label).strip()
        for label in re.findall(r"<label[^>]*>([^<]*\(optional\))", page)
    }


def test_no_field_marked_optional_on_the_group_profile_is_ever_demanded(client_for, applicant):
    client = client_for(applicant)
    page = client.get(reverse("group_new")).text
    marked = optional_labels(page)
    assert "Name of the host group (optional)" not in marked
    assert "Name on the bank account (optional)" not in marked
    # Send the form with every other route, leaving every "(optional)" box empty: none of them
    # comes back with a message.
    form = GroupForm()
    by_label = {f"{form[name].label} (optional)": name for name in form.fields}
    for route in ("bank", "host"):
        data = {**GOOD_GROUP, "payment_route": route}
        for label in marked:
            data.pop(by_label.get(label, ""), None)
        bound = GroupForm(data)
        bound.is_valid()
        demanded = {by_label[label] for label in marked if by_label.get(label)} & set(bound.errors)
        assert not demanded, (route, demanded, bound.errors)


def test_fields_needed_in_some_cases_say_when(client_for, applicant):
    page = client_for(applicant).get(reverse("group_new")).text
    assert "Needed if the money goes to your bank account." in page
    assert "Needed if a host group holds the money." in page
    response = client_for(applicant).post(
        reverse("group_new"), {**GOOD_GROUP, "payment_route": "host", "bank_account_name": ""}
    )
    assert "Enter the name of the host group" in response.text


def test_one_word_for_the_group_that_holds_money(client_for, applicant):
    page = client_for(applicant).get(reverse("group_new")).text
    assert "host organisation" not in page.lower()
    assert "host group" in page


def test_a_label_that_says_optional_is_not_marked_twice():
    from django import forms

    from core.forms import PlainForm

    class PhotoForm(PlainForm):
        photo = forms.CharField(label="Add a photo (optional)", required=False)

    from django.template import Context, Template

    html = Template('{% include "includes/field.html" with field=form.photo %}').render(
        Context({"form": PhotoForm()})
    )
    assert "(optional) (optional)" not in html
    assert "Add a photo (optional)" in html
