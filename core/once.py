"""Forms that create something are safe to tap twice: one object, one email, and the second tap
lands on the same result page.

The page puts a one-time token in the form (`{% once_token %}` from `core.templatetags.seedbed`).
`run_once(request, action)` does the action and keeps the token with the address of its result,
in the same transaction: a second request with the token (a double tap, Back and send again,
two requests at once) finds the token used, waits for the first to finish if it must (the
database's unique index makes it wait), and answers with the same result address.
"""

import secrets
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import OnceToken

FIELD = "once_token"
KEEP_FOR = timedelta(days=2)  # long enough for Back and send again; then the token goes


def new_token():
    return secrets.token_urlsafe(24)


def token_for(request):
    """The token a page should put in its form: the one just sent (the form is being shown
    again with problems, and nothing was made), or a new one."""
    sent = (request.POST.get(FIELD) or "").strip() if request.method == "POST" else ""
    return sent[:64] or new_token()


def _user(request):
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def done_before(request):
    """The result address of this form's token, if it was used already."""
    token = (request.POST.get(FIELD) or "").strip()[:64]
    if not token:
        return None
    row = OnceToken.objects.filter(token=token, user=_user(request)).first()
    return row.result_url if row is not None and row.result_url else None


def run_once(request, action):
    """Run `action()` (which returns the address of its result) once for this form's token.

    Without a token (an old page) it simply runs. A token used before gives the first result's
    address and `action` is not run again.
    """
    token = (request.POST.get(FIELD) or "").strip()[:64]
    if not token:
        return action()
    user = _user(request)
    OnceToken.objects.filter(created_at__lt=timezone.now() - KEEP_FOR).delete()
    try:
        with transaction.atomic():
            # Taken first, in the same transaction as the work: a second request with the same
            # token waits here on the unique index until the first commits, then fails.
            once = OnceToken.objects.create(token=token, user=user)
            url = action()
            once.result_url = url
            once.save(update_fields=["result_url"])
            return url
    except IntegrityError:
        row = OnceToken.objects.filter(token=token).first()
        if row is None:
            raise  # the action itself failed: not a second tap
        if row.user_id != getattr(user, "pk", None):
            return action()  # someone else's token: never their result; do it as if untokened
        return row.result_url
