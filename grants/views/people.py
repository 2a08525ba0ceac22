"""A signed-in person's own page: what they can do, by role."""

from django.shortcuts import render

from core.guards import has_second_factor, is_staff_member, signed_in
from core.page_cache import cached_page

from ..models import Application, Group, GroupMember
from ..permissions import group_ids, supported_group_ids


@signed_in
@cached_page
def my_home(request):
    user = request.user
    memberships = (
        GroupMember.objects.filter(user=user)
        .select_related("group", "added_by")
        .order_by("group__name")
    )
    supported = Group.objects.filter(pk__in=supported_group_ids(user))
    # The group's own forms, and the ones a supporter helped with.
    applications = (
        Application.objects.filter(group_id__in=group_ids(user) | supported_group_ids(user))
        .select_related("round", "group")
        .order_by("-created_at")
    )
    staff = is_staff_member(user)
    return render(
        request,
        "grants/my_home.html",
        {
            "memberships": memberships,
            "supported_groups": supported,
            "applications": applications,
            "is_staff_member": staff,
            # Only staff need a second factor (one query saved for everyone else).
            "has_second_factor": staff and has_second_factor(user),
        },
    )
