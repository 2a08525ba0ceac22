"""One title pattern, "Page – Round – Seedbed", and the site's own layout for 403, 404 and 500."""

import re

import pytest
from django.test import RequestFactory
from django.urls import reverse

pytestmark = pytest.mark.django_db


def title_of(page):
    return re.sub(r"\s+", " ", re.search(r"<title>(.*?)</title>", page, flags=re.S).group(1))


def test_a_page_title_is_set_apart_from_the_site_name(client):
    page = client.get(reverse("account_request_login_code")).text
    assert "Seedbed</title>" in page
    assert title_of(page).endswith(" – Seedbed")
    assert "inSeedbed" not in title_of(page)


def test_a_page_about_a_round_names_the_round(client_for, applicant, group_a, open_round):
    from grants.services import applications as rules

    app = rules.application_start(open_round, group_a, by=applicant)
    page = client_for(applicant).get(reverse("application_step", args=[app.reference, "budget"]))
    assert title_of(page.text) == "How you will spend it – Healthy Neighbours – Seedbed"


def test_a_title_never_holds_html():
    from django.template import Context, Template

    html = Template(
        '{% extends "base.html" %}{% block title %}<span>Reports</span> sent{% endblock %}'
    ).render(Context({"site_name": "Seedbed"}))
    assert title_of(html) == "Reports sent – Seedbed"


def test_not_found_has_the_layout_a_main_and_a_way_back(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert title_of(response.text) == "Page not found – Seedbed"
    assert "<main" in response.text
    assert f'href="{reverse("home")}"' in response.text


def test_forbidden_has_the_layout(client_for, applicant, open_round):
    from django.core.exceptions import PermissionDenied
    from django.views.defaults import permission_denied

    request = RequestFactory().get("/")
    request.user = applicant
    response = permission_denied(request, PermissionDenied())
    text = response.content.decode()
    assert response.status_code == 403
    assert "<main" in text and "You cannot see this page – Seedbed" in text
    assert f'href="{reverse("home")}"' in text


def test_a_server_error_has_the_layout_and_needs_no_database(django_assert_num_queries):
    from django.conf import settings
    from django.urls import get_resolver

    handler = get_resolver().resolve_error_handler(500)
    with django_assert_num_queries(0):
        response = handler(RequestFactory().get("/"))
    text = response.content.decode()
    assert response.status_code == 500
    assert "<main" in text
    assert f"Sorry, something went wrong – {settings.SEEDBED['SITE_NAME']}" in text
    assert f'href="{reverse("home")}"' in text
