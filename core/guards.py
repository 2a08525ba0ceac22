"""Page guards used by every app's views: one copy each. They ask `permissions.can`, nothing else.

- `signed_in`: anyone signed in. Only for pages about the person themselves (their own page,
  their own data) and the page where staff set up their second factor.
- `person`: THE guard for every page or file that shows a funder's data (applications, awards,
  offer letters, reports, photos, recordings, panels, ballots): anyone signed in, but staff
  (officers, funder viewers, admins) only once they have set up their second factor.
- `staff_only`: officers, funder viewers and admins (the rule "view_staff_pages"), and only
  once they have set up a second factor.
- `allowed_or_404` / `allowed_or_403`: hide what a person may not see, or refuse an action.
"""

from functools import wraps

from allauth.mfa.utils import is_mfa_enabled
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect

from .permissions import can

STAFF_PAGES = "view_staff_pages"


def has_second_factor(user):
    return is_mfa_enabled(user, ["totp", "webauthn"])


def is_staff_member(user):
    """Officers, funder viewers and admins: the people who must use a second factor."""
    return can(user, STAFF_PAGES)


def second_factor_missing(user):
    """Staff (officers, funder viewers, admins) who have not set up their second factor yet:
    they see no funder's data until they have. For pages open to some people without a guard
    (published results), where staff would see more than the public does."""
    return user.is_authenticated and is_staff_member(user) and not has_second_factor(user)


def signed_in(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper


def person(view):
    """Signed in; staff must also have their second factor."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if second_factor_missing(user):
            return redirect("staff_second_factor_needed")
        return view(request, *args, **kwargs)

    wrapper.second_factor_for_staff = True
    return wrapper


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

    wrapper.second_factor_for_staff = True
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
