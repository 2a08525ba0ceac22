"""Permission rules the mutation check (benchmarks/mutation.py) found no test watching: who may
ask for a change to an award, who may download the funder's open data, and that one action has
one rule project-wide."""

import pytest

from core import permissions
from core.permissions import can, rule
from tests.grants.test_awards import accept, offer

pytestmark = pytest.mark.django_db


@pytest.fixture
def award(open_round, group_a, applicant, officer):
    return accept(offer(open_round, group_a, applicant, officer), applicant)


def test_the_groups_people_and_its_supporters_may_ask_for_a_change(
    award, group_a, applicant, applicant_b, supporter, officer, funder_viewer
):
    assert can(applicant, "ask_award_change", award)  # one of the group's people
    assert not can(supporter, "ask_award_change", award)  # not (yet) helping this group
    group_a.supporters.add(supporter)
    supporter_again = type(supporter).objects.get(pk=supporter.pk)  # roles are read afresh
    assert can(supporter_again, "ask_award_change", award)
    for other in (applicant_b, officer, funder_viewer):  # officers change it themselves
        assert not can(other, "ask_award_change", award), other


def test_only_the_funders_staff_may_download_its_open_data_and_register(
    funder, officer, funder_viewer, other_officer, applicant, supporter, panel_member
):
    for action in ("export_open_data", "view_award_register"):
        assert can(officer, action, funder), action
        assert can(funder_viewer, action, funder), action
        for other in (other_officer, applicant, supporter, panel_member):
            assert not can(other, action, funder), (action, other)


def test_one_action_has_one_rule(monkeypatch):
    monkeypatch.setattr(permissions, "_RULES", dict(permissions._RULES))

    def first(user, obj):
        return True

    def second(user, obj):
        return False

    assert rule("test_only_action")(first) is first
    assert rule("test_only_action")(first) is first  # the same rule again (a module reloaded)
    with pytest.raises(ValueError, match="already registered"):
        rule("test_only_action")(second)
    assert permissions.rule_for("test_only_action") is first
    with pytest.raises(ValueError, match="already registered"):
        rule("view_award")(second)  # a real action cannot be taken over
