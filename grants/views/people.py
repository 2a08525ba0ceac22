"""A signed-in person's own page: what they can do, by role."""

from django.shortcuts import render

from core.guards import has_second_factor, is_staff_member, signed_in

from ..models import Application, Group
from ..permissions import group_ids, supported_group_ids


@signed_in
def my_home(request):
    user = request.user
    groups = Group.objects.filter(pk__in=group_ids(user))
    supported = Group.objects.filter(pk__in=supported_group_ids(user))
    applications = (
        Application.objects.filter(group__in=groups)
        .select_related("round", "group")
        .order_by("-created_at")
    )
    staff = is_staff_member(user)
    return render(
        request,
        "grants/my_home.html",
        {
            "groups": groups,
            "supported_groups": supported,
            "applications": applications,
            "is_staff_member": staff,
            # Only staff need a second factor (one query saved for everyone else).
            "has_second_factor": staff and has_second_factor(user),
        },
    )
