"""Handing a receipt code to the voter without the server keeping it.

The receipt travels from the ballot page to the receipt page in a signed, short-lived,
HTTP-only cookie limited to the receipt page's address, and is deleted when that page is
shown. It is never put in the session, so no stored session links a person to a receipt (and
so to a ballot): see `voting.services.ballot_box`."""

from django.conf import settings

RECEIPT_COOKIE_SECONDS = 10 * 60
_SALT = "seedbed.voting.receipt"


def keep_receipt(response, name, code, *, path):
    response.set_signed_cookie(
        name,
        code,
        salt=_SALT,
        max_age=RECEIPT_COOKIE_SECONDS,
        path=path,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


def read_receipt(request, name):
    """The receipt code in the cookie, or None (missing, tampered with or too old)."""
    return request.get_signed_cookie(name, default=None, salt=_SALT, max_age=RECEIPT_COOKIE_SECONDS)


def forget_receipt(response, name, *, path):
    response.delete_cookie(name, path=path, samesite="Lax")
    return response
