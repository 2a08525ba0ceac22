"""Page guards used by every app's views. They ask `permissions.can`, nothing else."""

from functools import wraps

from allauth.mfa.utils import is_mfa_enabled
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect

from .permissions import can, is_staff_member


def signed_in(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper


def has_second_factor(user):
    return is_mfa_enabled(user, ["totp", "webauthn"])


def staff_only(view):
    """Officers, funder viewers and admins, and only once they have set up a second factor."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_staff_member(user):
            raise PermissionDenied("This page is for the funder's staff.")
        if not has_second_factor(user):
            return redirect("staff_second_factor_needed")
        return view(request, *args, **kwargs)

    return wrapper


def allowed_or_404(user, action, obj):
    """Hide what a person may not see (404), rather than confirm it exists."""
    if not can(user, action, obj):
        raise Http404("Not found")
    return obj


def allowed_or_403(user, action, obj):
    if not can(user, action, obj):
        raise PermissionDenied("You are not allowed to do that.")
    return obj
