"""Staff see a funder's data only with their second factor (issue 15, finding 3).

Every page or file showing a funder's data is behind `core.guards.person` (or `staff_only`):
officers, funder viewers and admins without a second factor are sent to set one up. Checked
here for the pages the review found open (the award, its offer letter, the report and its
photos) and for the staff pages and files, with and without a second factor; and, by walking
every URL, that no view showing a funder's data is left with a weaker guard.
"""

import pytest
from django.core.cache import cache
from django.urls import reverse

from grants.models import Role
from tests.conftest import give_second_factor, make_user
from tests.hardening.matrix import project_patterns
from tests.hardening.world import build_world, signed_in_client

pytestmark = pytest.mark.django_db

SECOND_FACTOR_PAGE = "/staff/second-factor/"


@pytest.fixture
def world(db):
    cache.clear()
    yield build_world()
    cache.clear()


def _urls(world):
    return {
        "award page": reverse("award_detail", args=[world.award.pk]),
        "offer letter PDF": reverse("award_letter", args=[world.award.pk]),
        "report page": reverse("report_detail", args=[world.report.pk]),
        "report photo": reverse("report_photo", args=[world.photo.pk]),
        "staff award page": reverse("staff_award", args=[world.award.pk]),
        "staff report page": reverse("staff_report", args=[world.report.pk]),
        "recording": reverse("staff_answer_recording", args=[world.answer.pk]),
        "payments due CSV": reverse("payments_due_csv", args=["testshire-icb"]),
        "360Giving JSON": reverse("open_data_export", args=["testshire-icb", "json"]),
        "outcomes CSV": reverse("outcomes_csv"),
        "vote results before publishing": reverse("vote_results", args=[world.round.pk]),
        "votes (.pb) before publishing": reverse("vote_export_public", args=[world.round.pk]),
    }


def _staff(kind, email, funder, *, second_factor):
    user = make_user(email)
    Role.objects.create(user=user, kind=kind, funder=funder)
    return give_second_factor(user) if second_factor else user


@pytest.mark.parametrize("kind", [Role.Kind.OFFICER, Role.Kind.FUNDER_VIEWER])
def test_staff_without_a_second_factor_see_none_of_a_funders_data(world, kind):
    user = _staff(kind, "no.factor@example.com", world.award.round.funder, second_factor=False)
    client = signed_in_client(user)
    for what, url in _urls(world).items():
        response = client.get(url)
        assert response.status_code == 302, f"{what} ({url}): {response.status_code}"
        assert response["Location"] == SECOND_FACTOR_PAGE, what


def test_an_admin_without_a_second_factor_sees_none_of_a_funders_data(world):
    admin = make_user("root@example.org", is_staff=True, is_superuser=True)
    client = signed_in_client(admin)
    for what, url in [*_urls(world).items(), ("admin site", "/admin/")]:
        response = client.get(url)
        assert response.status_code == 302, f"{what} ({url}): {response.status_code}"
    assert client.get("/admin/login/")["Location"] == SECOND_FACTOR_PAGE


@pytest.mark.parametrize("kind", [Role.Kind.OFFICER, Role.Kind.FUNDER_VIEWER])
def test_the_same_staff_with_a_second_factor_see_them(world, kind):
    user = _staff(kind, "with.factor@example.com", world.award.round.funder, second_factor=True)
    client = signed_in_client(user)
    for what, url in _urls(world).items():
        if kind == Role.Kind.FUNDER_VIEWER and what in ("staff award page", "payments due CSV"):
            continue  # officers' own (404 to the viewer, as the permission matrix pins)
        assert client.get(url).status_code == 200, f"{what} ({url})"


# Views that may be reached by staff without a second factor: they show no funder's data
# beyond what the public sees.
NO_FUNDER_DATA = {
    "my_home",  # the person's own page
    "my_data",  # the person's own data
    "staff_second_factor_needed",  # where staff set up their second factor
    "choose_language",  # the header's language links: keeps the choice on the person's account
    "apply_check",  # a round's public eligibility check
    # The public round page: it reads who is signed in only to offer "Fill in the form with a
    # group" to those who may help (the round itself is public once open).
    "round_public",
    "panel_invitation",  # the invitation named by its token: sends the invited person to sign in
    "vote_code",  # residents voting with a printed code, no account
    "vote_code_ballot",
    # Published results are public; before that, staff without a second factor are sent to set
    # one up (`second_factor_missing`, tested below).
    "vote_results",
    "vote_export_public",
    # The Open Referral UK feed: public, keyless, only listings a group chose to publish and an
    # officer checked (its views are wrapped for CORS and the throttle, not for a sign-in).
    "openreferral",
    "openreferral_services",
    "openreferral_service",
    "openreferral_taxonomies",
    "openreferral_taxonomy",
    "openreferral_terms",
    "openreferral_term",
    "openreferral_service_at_locations",
    # A funder's published 360Giving file: public, no sign-in, only what 360Giving publishes,
    # and only once the funder chose to publish.
    "open_data_public",
}


def test_every_page_with_a_funders_data_asks_staff_for_their_second_factor():
    """Every project view that needs a signed-in person is behind `person` or `staff_only`
    (marked `second_factor_for_staff`), unless it is one of the few about the person
    themselves. Public pages (no sign-in) are left alone: they show only published data."""
    import inspect

    weak = []
    for pattern in project_patterns():
        if pattern.area != "project" or pattern.view is None:
            continue
        view = pattern.view
        if getattr(view, "second_factor_for_staff", False):
            continue
        if pattern.name in NO_FUNDER_DATA:
            continue
        source = inspect.getsource(inspect.unwrap(view)) if callable(view) else ""
        closure = getattr(view, "__wrapped__", None)
        if closure is not None or "request.user" in source:
            weak.append(f"{pattern.key} ({pattern.route})")
    assert not weak, "Views with a weaker guard than `person`:\n" + "\n".join(weak)
