"""`can(user, action, obj)` is the one place that answers who may do what."""

import pytest

from core.permissions import UnknownAction, can
from grants.models import Application

pytestmark = pytest.mark.django_db


def test_roles_are_scoped_to_their_funder(open_round, officer, other_officer, funder_viewer):
    assert can(officer, "manage_round", open_round)
    assert not can(other_officer, "manage_round", open_round)
    assert can(funder_viewer, "view_round_dashboard", open_round)
    assert not can(funder_viewer, "manage_round", open_round)


def test_applicants_see_only_their_own_groups_applications(
    open_round, group_a, group_b, applicant, applicant_b
):
    app = Application.objects.create(round=open_round, group=group_a)
    assert can(applicant, "view_application", app)
    assert not can(applicant_b, "view_application", app)


def test_supporters_see_the_groups_they_support(open_round, group_a, supporter):
    app = Application.objects.create(round=open_round, group=group_a)
    assert not can(supporter, "view_application", app)
    group_a.supporters.add(supporter)
    from grants.permissions import forget

    forget(supporter)
    assert can(supporter, "view_application", app)


def test_panel_members_do_not_get_the_full_application(open_round, group_a, panel_member):
    app = Application.objects.create(round=open_round, group=group_a)
    assert not can(panel_member, "view_application", app)


def test_admins_may_do_everything_and_anonymous_nothing(open_round, admin_user, django_user_model):
    from django.contrib.auth.models import AnonymousUser

    assert can(admin_user, "manage_round", open_round)
    assert not can(AnonymousUser(), "manage_round", open_round)
    assert not can(None, "manage_round", open_round)


def test_asking_about_an_action_nobody_defined_is_an_error(officer):
    with pytest.raises(UnknownAction):
        can(officer, "launch_rocket", None)
