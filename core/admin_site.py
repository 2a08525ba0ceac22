"""The admin site, signed into the same way as every other page.

Django's admin has its own password form. Seedbed has no passwords: the admin's login page sends
people to the emailed-code sign-in (then their second factor), and the admin site lets in only
active `is_staff` people who have a second factor set up.
"""

from django.contrib.admin import AdminSite
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from .guards import has_second_factor


class SeedbedAdminSite(AdminSite):
    def has_permission(self, request):
        user = request.user
        return bool(user.is_active and user.is_staff and has_second_factor(user))

    def login(self, request, extra_context=None):
        index = reverse("admin:index", current_app=self.name)
        next_url = request.GET.get(REDIRECT_FIELD_NAME) or index
        if not url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            next_url = index
        user = request.user
        if user.is_authenticated and user.is_active and user.is_staff:
            if not has_second_factor(user):
                return redirect("staff_second_factor_needed")
            return redirect(next_url)
        # Never a password form: the emailed code, then the second factor.
        return redirect_to_login(next_url)

    def password_change(self, request, extra_context=None):
        raise Http404("Seedbed has no passwords.")

    def password_change_done(self, request, extra_context=None):
        raise Http404("Seedbed has no passwords.")
