"""Confirm who you are before a sensitive staff step ("sudo mode").

Recording a payment, confirming a round's decision and downloading files with people's details
in them ask staff to have signed in, or confirmed who they are, within the last
`ACCOUNT_REAUTHENTICATION_TIMEOUT` seconds (10 minutes). Otherwise allauth's reauthentication
takes over: staff type a code from their authenticator app (or use their passkey), and the
step they asked for then goes ahead -- a POST is kept by allauth and replayed, so nothing typed
is lost.

Use it inside `staff_only`, so the person is known to be staff with a second factor:

    @staff_only
    @reauthentication_required
    def record_payment(request, pk): ...

Unlike allauth's own `reauthentication_required`, a fresh sign-in counts: someone who signed in
with their code and second factor a minute ago is not asked again. Only an emailed code or the
second factor (authenticator code, passkey) counts: a password never does (Seedbed has none, and
`NoPasswordBackend` accepts none; a stray "password" record in the session is ignored).
"""

import time
from functools import wraps

from allauth.account import app_settings as account_settings
from allauth.account.internal.flows.login import get_authentication_records
from allauth.account.internal.flows.reauthentication import get_reauthentication_flows
from allauth.core.exceptions import ReauthenticationRequired
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect

# allauth's names for how a session proved who it is: an emailed code, the second factor.
CONFIRMING_METHODS = {"code", "mfa"}


def recently_authenticated(request) -> bool:
    """Did this session sign in, or confirm who it is, within the time allowed?"""
    user = request.user
    if not user.is_authenticated:
        return False
    records = get_authentication_records(request, user)
    if not records:
        return False
    times = [r.get("at", 0) for r in records if r.get("method") in CONFIRMING_METHODS]
    if not times:
        return False
    last = max(times)
    return time.time() - last < account_settings.REAUTHENTICATION_TIMEOUT


def reauthentication_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not recently_authenticated(request):
            flows = [
                f for f in get_reauthentication_flows(request.user) if f["id"] != "reauthenticate"
            ]
            if not flows:
                # Nothing to confirm with (no second factor yet): set one up first.
                return redirect("staff_second_factor_needed")
            # allauth's middleware sends them to confirm, then back here.
            raise ReauthenticationRequired()
        return view(request, *args, **kwargs)

    wrapper.reauthentication_required = True
    return wrapper
