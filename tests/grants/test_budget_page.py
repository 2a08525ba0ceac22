"""The budget page: every problem shown at once, beside the line it is about, and a total that
counts what was typed."""

import re

import pytest
from django.urls import reverse

from grants.services import applications as rules

pytestmark = pytest.mark.django_db


@pytest.fixture
def app(open_round, group_a, applicant):
    app = rules.application_start(open_round, group_a, by=applicant)
    return rules.application_save_about(app, {"title": "Lunches", "amount_requested": 600})


def budget_url(app):
    return reverse("application_step", args=[app.reference, "budget"])


def line_errors(page):
    """{line number: [messages]} from the page, by the fieldset each message sits in."""
    found = {}
    for number, body in re.findall(
        r"<legend[^>]*>Line (\d+)</legend>(.*?)</fieldset>", page, flags=re.S
    ):
        messages = re.findall(r'class="govuk-error-message">(.*?)</p>', body, flags=re.S)
        cleaned = [re.sub(r"<[^>]+>|Error:", "", m).strip() for m in messages]
        if cleaned:
            found[int(number)] = cleaned
    return found


def post(client, app, lines):
    data = {}
    for number, (item, amount) in enumerate(lines, start=1):
        data[f"item_{number}"] = item
        data[f"amount_{number}"] = amount
    return client.post(budget_url(app), data)


def test_a_problem_on_line_3_shows_beside_line_3(client_for, applicant, app):
    response = post(client_for(applicant), app, [("Food", "300"), ("", ""), ("Hall hire", "")])
    errors = line_errors(response.text)
    assert list(errors) == [3], errors
    assert "Say how much you need for Hall hire" in errors[3][0]
    # Saved where it was typed: the page shows line 3 as line 3 again.
    page = client_for(applicant).get(budget_url(app)).text
    assert re.search(r'name="item_3"[^>]*value="Hall hire"', page)


def test_every_problem_is_shown_at_once(client_for, applicant, app):
    response = post(
        client_for(applicant),
        app,
        [("Food", "lots"), ("", "50"), ("Hall hire", ""), ("Cups", "0")],
    )
    errors = line_errors(response.text)
    assert set(errors) == {1, 2, 3, 4}, errors
    assert "Enter the amount in pounds" in " ".join(errors[1])
    assert "Say what the £50 is for" in errors[2][0]
    assert "Each line must be more than £0" in errors[4][0]


def test_the_total_counts_every_line_typed(client_for, applicant, app):
    lines = [(f"Thing {n}", "£100") for n in range(1, 7)]
    response = post(client_for(applicant), app, lines[:5] + [("Thing 6", "£1,00.5")])
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", response.text))
    assert "Total so far: £500" in text
    assert "line 6 is not counted" in text.lower()
    response = post(client_for(applicant), app, lines)
    assert response.status_code == 302  # £600, as asked
    page = re.sub(
        r"\s+", " ", re.sub(r"<[^>]+>", "", client_for(applicant).get(budget_url(app)).text)
    )
    assert "Total so far: £600" in page
