"""The code a staff member's authenticator app would show, for tests that sign in as staff."""

import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from grants.demo import DEMO_TOTP_SECRET

PERIOD = 30
# A code read in the last seconds of its 30-second window can expire before a busy machine's
# browser has sent it and the server has checked it. Wait for a fresh window instead.
LAST_SAFE_SECOND = 24


def authenticator_code():
    """The code for the demo secret, with at least a few seconds of its window left."""
    into_window = time.time() % PERIOD
    if into_window > LAST_SAFE_SECOND:
        time.sleep(PERIOD - into_window + 0.2)
    return format_hotp_value(hotp_value(DEMO_TOTP_SECRET, int(time.time()) // PERIOD))
