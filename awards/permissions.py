"""Who may do what with offers, awards and payments (rules registered with `core.permissions`)."""

from core.permissions import rule
from grants.models import Funder
from grants.permissions import funder_id_of, funder_ids, group_ids, is_officer, supported_group_ids

from .models import Payment, Recovery


# --------------------------------------------------------------------------------------------
def _award_funder_id(obj):
    """The funder behind a Funder, Award, Payment or Application."""
    if isinstance(obj, Funder):
        return obj.pk
    if isinstance(obj, (Payment, Recovery)):
        return obj.award.funder_id
    return funder_id_of(obj)


@rule("view_award")
def _view_award(user, award):
    """The group's members and supporters, and the funder's staff."""
    return (
        award.group_id in group_ids(user)
        or award.group_id in supported_group_ids(user)
        or award.funder_id in funder_ids(user, "officer", "funder_viewer")
    )


@rule("accept_award")
def _accept_award(user, award):
    """Only the group's own members accept or decline an offer for it."""
    return award.group_id in group_ids(user)


@rule("ask_award_change")
def _ask_award_change(user, award):
    """The group's members and supporters (who may see its award page) ask the funder to change
    the amount or dates. Officers change it themselves ("manage_award")."""
    return award.group_id in group_ids(user) or award.group_id in supported_group_ids(user)


@rule("make_offer")
def _make_offer(user, application):
    return is_officer(user, _award_funder_id(application))


@rule("manage_award")
def _manage_award(user, obj):
    return is_officer(user, _award_funder_id(obj))


@rule("record_payment")
def _record_payment(user, obj):
    return is_officer(user, _award_funder_id(obj))


@rule("view_award_register")
def _view_award_register(user, funder):
    return _award_funder_id(funder) in funder_ids(user, "officer", "funder_viewer")


@rule("export_open_data")
def _export_open_data(user, funder):
    return _award_funder_id(funder) in funder_ids(user, "officer", "funder_viewer")


@rule("agree_award_change")
def _agree_award_change(user, award):
    """The funder's officers agree a change the group asked for, or record the group's
    agreement to one they proposed; the group's own people (those who may accept its offer)
    agree to a change an officer proposed, on their page."""
    if is_officer(user, award.funder_id):
        return True
    variation = award.pending_variation()
    return variation is not None and not variation.asked_by_group and _accept_award(user, award)
