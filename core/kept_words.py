"""Words typed by someone whose session ended before they pressed the button: nothing is lost.

A form page opts in with `@keeps_words_while_signed_out` (outside its guard). When a POST comes
from someone signed out (their session ran out while they typed), the text they sent is kept in
their own browser's session — never in the database's records, never shown to anyone else —
and they are sent to sign in. Signing in keeps the session's data (Django cycles its key), so
when they come back to the same page the view asks `put_back(request)` for the words and shows
them in the form, not yet saved, with a message that says so.

Kept words are for one page (its path), for `KEEP_FOR_SECONDS`, bounded in size, and only plain
text (no files, no form token). The page's own permission check runs before they are shown:
someone else signing in on the same browser who may not see the page gets nothing.
"""

import time
from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.utils.translation import gettext_lazy as _

SESSION_KEY = "seedbed_kept_words"
KEEP_FOR_SECONDS = 6 * 60 * 60
MOST_FIELDS = 60
MOST_CHARACTERS = 60_000
MOST_PAGES = 5
NOT_WORDS = {"csrfmiddlewaretoken", "action", "once"}

SIGNED_OUT = _(
    "You were signed out, so your words were not saved yet. We kept what you typed. "
    "Sign in again and you will find it back on the page."
)
PUT_BACK = _(
    "We put back what you typed before you were signed out. It is not saved yet: check it, "
    "then press the button to save it."
)


def _bounded(post):
    """{name: [values]} of the plain text sent, within the limits."""
    fields, room = {}, MOST_CHARACTERS
    for name, values in post.lists():
        if name in NOT_WORDS or len(fields) >= MOST_FIELDS or len(name) > 100:
            continue
        kept = []
        for value in values:
            value = str(value)[:room]
            room -= len(value)
            kept.append(value)
        fields[name] = kept
        if room <= 0:
            break
    return fields


def keep(request):
    """Keep the text of this signed-out POST for this page."""
    fields = _bounded(request.POST)
    if not any(v.strip() for values in fields.values() for v in values):
        return False
    now = time.time()
    pages = {
        path: entry
        for path, entry in (request.session.get(SESSION_KEY) or {}).items()
        if now - entry.get("at", 0) < KEEP_FOR_SECONDS and path != request.path
    }
    newest = sorted(pages.items(), key=lambda item: item[1]["at"])[-(MOST_PAGES - 1) :]
    request.session[SESSION_KEY] = {**dict(newest), request.path: {"at": now, "fields": fields}}
    return True


def put_back(request):
    """The words kept for this page (once: they are then forgotten), as a form's initial
    values, or None. Adds the message saying they are back and not saved yet."""
    pages = request.session.get(SESSION_KEY) or {}
    entry = pages.pop(request.path, None)
    if entry is None:
        return None
    request.session[SESSION_KEY] = pages
    if time.time() - entry.get("at", 0) >= KEEP_FOR_SECONDS:
        return None
    messages.warning(request, PUT_BACK, extra_tags="alert")
    return {
        name: values[0] if len(values) == 1 else values for name, values in entry["fields"].items()
    }


def keeps_words_while_signed_out(view):
    """A form page that keeps what a signed-out person sent, then asks them to sign in."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "POST" and not request.user.is_authenticated:
            if keep(request):
                messages.warning(request, SIGNED_OUT, extra_tags="alert")
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper
