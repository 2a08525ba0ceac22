"""The first-request safety net for closing rounds at their closing date.

The scheduled `close_due_rounds` command (or task) is the main way rounds close. If it has not
run, the first request after a round's closing date closes it. To stay cheap this looks at most
once a minute per cache (a shared cache in production: once a minute for the whole site): one
indexed query, and a transition only when a round is actually due.
"""

import logging

from django.core.cache import cache

from .services.rounds import rounds_close_due, rounds_due_to_close

log = logging.getLogger(__name__)

CHECK_KEY = "seedbed:close-due-rounds:checked"
CHECK_EVERY_SECONDS = 60
SKIP_PREFIXES = ("/static/", "/favicon")


def check_now():
    """Close due rounds unless someone checked in the last minute. Never breaks a page."""
    if not cache.add(CHECK_KEY, True, CHECK_EVERY_SECONDS):
        return []
    try:
        if rounds_due_to_close().exists():
            return rounds_close_due()
    except Exception:  # a page must never fail because of this check
        log.exception("Could not close rounds that are due")
    return []


class CloseDueRoundsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(SKIP_PREFIXES):
            check_now()
        return self.get_response(request)
