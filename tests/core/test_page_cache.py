"""Pages kept ready (core/page_cache.py): a kept page is always the page made anew.

The key pages are kept, so a person reading, scoring or checking figures again gets their page
without it being made again. These tests hold what that must never cost: a page one change
behind, one person's page shown to another, a guard skipped, a message lost, a form that no
longer posts.
"""

import importlib.util
import re
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core import page_cache
from grants.models import Funder, Group, Role, Round
from tests.core import kept_pages_urls as toy

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
NONCE = re.compile(r'nonce="([^"]+)"')


def bench_world():
    """The benchmarks' world (every role's key pages, with real data in every stage)."""
    sys.path.insert(0, str(BENCHMARKS))
    spec = importlib.util.spec_from_file_location("bench_world", BENCHMARKS / "bench_world.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def masked(html):
    return NONCE.sub('nonce=""', TOKEN.sub('value=""', html))


def made_anew(client, url):
    with override_settings(SEEDBED_PAGE_CACHE=False):
        response = client.get(url)
    return response.status_code, masked(response.content.decode())


def given_kept(client, url):
    """The page once it is kept (a view's first run learns what it reads; the next is kept):
    (status, HTML, whether it came from the cache: with fewer queries than made anew)."""
    with override_settings(SEEDBED_PAGE_CACHE=False), CaptureQueriesContext(connection) as anew:
        client.get(url)
    for _ in range(3):
        with CaptureQueriesContext(connection) as given:
            response = client.get(url)
        if len(given) < len(anew):
            break
    return response.status_code, masked(response.content.decode()), len(given) < len(anew)


@pytest.fixture
def world(db):
    module = bench_world()
    world = module.World()
    world.add_batch(30)
    clients = module.Clients()
    return world, clients, module.pages(world)


def test_every_key_page_is_kept_and_is_the_page_made_anew(world):
    world, clients, pages = world
    for label, who, url in pages:
        client = clients(who)
        status, html, from_cache = given_kept(client, url)
        assert from_cache, f"{label} is not kept"
        assert (status, html) == made_anew(client, url), label


# ----------------------------------------------------------------------------------------------
# Whatever changes, and however, the page given is the page made anew
# ----------------------------------------------------------------------------------------------
def _rename_round(world):
    Round.objects.filter(pk=world.scoring.pk).update(title=f"{world.scoring.title} again")


def _rename_group_by_save(world):
    group = Group.objects.get(pk=world.group.pk)
    group.name += " (renamed)"
    group.save()


def _rename_applications_in_bulk(world):
    from grants.models import Application

    Application.objects.filter(round=world.scoring).update(title="A new title for the panel")


def _new_payment(world):
    from awards.models import Award, Payment

    award = Award.objects.filter(funder=world.funder).order_by("pk").first()
    Payment.objects.create(
        award=award, payee="group", amount=7, state="made", recorded_by=world.officer
    )


def _scores_removed(world):
    from panels.models import ScoreSheet

    first = ScoreSheet.objects.order_by("pk").first()
    if first:
        first.delete()


def _raw_sql(world):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE grants_funder SET name = %s", ["Renamed by hand"])


def _change_rolled_back(world):
    with pytest.raises(RuntimeError), transaction.atomic():
        Round.objects.filter(pk=world.scoring.pk).update(title="Never committed")
        raise RuntimeError


def _panel_member_removed(world):
    Role.objects.filter(user=world.panel_user).delete()


CHANGES = [
    _rename_round,
    _rename_group_by_save,
    _rename_applications_in_bulk,
    _new_payment,
    _scores_removed,
    _raw_sql,
    _change_rolled_back,
    _panel_member_removed,
]


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(changes=st.lists(st.sampled_from(CHANGES), min_size=1, max_size=3))
def test_after_any_changes_every_page_given_is_the_page_made_anew(world, changes):
    world, clients, pages = world
    for _label, who, url in pages:
        given_kept(clients(who), url)
    for change in changes:
        change(world)
        for label, who, url in pages:
            client = clients(who)
            response = client.get(url)
            given = response.status_code, masked(response.content.decode())
            assert given == made_anew(client, url), f"{label} after {change.__name__}"


# ----------------------------------------------------------------------------------------------
# One person's page, their guard, their session, their language
# ----------------------------------------------------------------------------------------------
def test_a_kept_page_is_the_persons_own(client_for, applicant, applicant_b, group_a, group_b):
    first, second = client_for(applicant), client_for(applicant_b)
    for _ in range(3):
        mine = first.get("/me/").content.decode()
    theirs = second.get("/me/").content.decode()
    assert group_a.name in mine and group_a.name not in theirs
    assert group_b.name in theirs and group_b.name not in mine


def test_the_guard_runs_even_when_the_page_is_kept(world):
    """The guard is not part of what is kept: a staff member whose second factor is missing
    (here, without any write that would change the page) is turned away from a kept page."""
    world, clients, pages = world
    client = clients(world.officer)
    url = f"/staff/funders/{world.funder.slug}/awards/"
    assert given_kept(client, url)[2]
    with mock.patch("core.guards.has_second_factor", return_value=False):
        response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("staff_second_factor_needed")


def test_a_page_kept_in_english_is_not_given_in_welsh(world):
    world, clients, pages = world
    client = clients(world.panel_user)
    url = f"/panel/{world.scoring.pk}/"
    given_kept(client, url)
    client.get("/language/cy/?next=/")
    welsh = client.get(url).content.decode()
    assert 'lang="cy"' in welsh
    assert masked(welsh) == made_anew(client, url)[1]


def test_each_answer_has_its_own_csrf_token_and_nonce_and_its_form_posts(world):
    world, clients, pages = world
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.panel_user)
    url = f"/panel/{world.scoring.pk}/applications/{world.panel_app.pk}/"
    assert given_kept(client, url)[2]
    first, second = client.get(url), client.get(url)
    tokens = [TOKEN.findall(r.content.decode()) for r in (first, second)]
    assert tokens[0] and tokens[1] and set(tokens[0]).isdisjoint(tokens[1])
    for response in (first, second):
        nonce = NONCE.search(response.content.decode())[1]
        assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
    # The score form posts with the token of the kept page.
    page = second.content.decode()
    action = re.search(r'<form[^>]+method="post"[^>]+action="([^"]*score[^"]*)"', page)
    response = client.post(action[1], {"csrfmiddlewaretoken": tokens[1][0]})
    assert response.status_code != 403


# ----------------------------------------------------------------------------------------------
# Views that must not be kept, and messages
# ----------------------------------------------------------------------------------------------
@pytest.fixture
def toy_pages(db, settings):
    settings.ROOT_URLCONF = "tests.core.kept_pages_urls"
    for name in toy.RUNS:
        toy.RUNS[name] = 0
    Funder.objects.create(name="Riverside Trust", slug="riverside")
    return Client()


@pytest.mark.parametrize("name", ["writes", "cookie", "message", "session"])
def test_a_view_that_writes_or_sets_something_runs_every_time(toy_pages, name):
    for _ in range(4):
        toy_pages.get(f"/kept/{name}/")
    assert toy.RUNS[name] == 4


def test_a_page_is_kept_until_a_table_it_read_changes(toy_pages):
    for _ in range(4):
        assert "Riverside Trust" in toy_pages.get("/kept/names/").content.decode()
    assert toy.RUNS["names"] == 2  # learned, then kept
    Funder.objects.create(name="Eastside Fund", slug="eastside")
    assert "Eastside Fund, Riverside Trust" in toy_pages.get("/kept/names/").content.decode()


def test_a_waiting_message_is_shown_not_a_kept_page(toy_pages):
    for _ in range(3):
        toy_pages.get("/kept/names/")
    toy_pages.get("/kept/add-message/")
    runs = toy.RUNS["names"]
    toy_pages.get("/kept/names/")
    assert toy.RUNS["names"] == runs + 1


def test_a_page_made_from_a_kept_value_changes_with_the_value(toy_pages):
    for _ in range(3):
        assert toy_pages.get("/kept/figures/").content.decode() == "Riverside Trust"
    assert toy.RUNS["figures"] == 2
    Funder.objects.filter(slug="riverside").update(name="Riverside Community Trust")
    assert toy_pages.get("/kept/figures/").content.decode() == "Riverside Community Trust"


def test_a_page_made_inside_a_transaction_that_wrote_is_not_kept(toy_pages):
    for _ in range(2):
        toy_pages.get("/kept/names/")
    cache.clear()
    with transaction.atomic():
        Funder.objects.create(name="Not yet committed", slug="pending")
        toy_pages.get("/kept/names/")
        toy_pages.get("/kept/names/")
        transaction.set_rollback(True)
    assert "Not yet committed" not in toy_pages.get("/kept/names/").content.decode()


# ----------------------------------------------------------------------------------------------
# With the cache in the database (production): a transaction's writes are stamped on commit
# ----------------------------------------------------------------------------------------------
DATABASE_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "seedbed_cache_test",
    }
}


def test_with_the_cache_in_the_database_a_transaction_stamps_on_commit(
    db, django_capture_on_commit_callbacks
):
    with override_settings(CACHES=DATABASE_CACHE):
        call_command("createcachetable", verbosity=0)
        # The table was made in a transaction whose commit this test's own never-committed
        # transaction holds back: its stamps wait for that commit, as they would on a site.
        connection._seedbed_pending = None
        before = page_cache.stamps(["grants_funder"])
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            Funder.objects.create(name="Inside", slug="inside")
            assert page_cache.stamps(["grants_funder"]) == before  # no lock held on it
        assert page_cache.stamps(["grants_funder"]) != before
        outside = page_cache.stamps(["grants_funder"])
        Funder.objects.create(name="Outside", slug="outside")
        page_cache.stamp_waiting_writes()  # SQLite: at the end of the request
        assert page_cache.stamps(["grants_funder"]) != outside


def test_a_page_too_long_to_keep_is_made_anew_each_time(toy_pages, monkeypatch):
    monkeypatch.setattr(page_cache, "PAGE_MOST_BYTES", 10)
    for _ in range(4):
        toy_pages.get("/kept/names/")
    assert toy.RUNS["names"] == 4
