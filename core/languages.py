"""The languages Seedbed speaks (`settings.LANGUAGES`), and a person's choice of one.

Which language a page is in, first match wins:

1. a signed-in person's own choice, kept on their account (`User.language`), so it follows them
   to any phone or computer they sign in on (`core.middleware.AccountLanguageMiddleware`);
2. the language cookie, set when someone chooses a language in the header;
3. the browser's Accept-Language, when Seedbed has that language (Django's LocaleMiddleware);
4. English.

Core knows no app: the account is reached through `get_user_model()` and read with `getattr`.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_supported_language_variant, gettext, to_locale


def language_choices():
    """The choices of `User.language`: every language in settings (a callable, so adding a
    language needs no migration)."""
    return [(code, name) for code, name in settings.LANGUAGES]


def is_known(code):
    return bool(code) and code in dict(settings.LANGUAGES)


def spoken_for(code):
    """The language Seedbed speaks to people who write in `code`: "cy" → "cy", "en" → "en-gb";
    the site's language when Seedbed does not speak it (Bengali, "another language")."""
    if isinstance(code, str) and code:
        try:
            return get_supported_language_variant(code)
        except LookupError:
            pass
    return settings.LANGUAGE_CODE


def html_lang(code):
    """The language code as HTML and HTTP write it: "en-gb" → "en-GB", "cy" → "cy"."""
    return to_locale(code or settings.LANGUAGE_CODE).replace("_", "-")


def saved_language(user):
    """The language a signed-in person chose, or "" (not chosen, or no longer offered)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    code = getattr(user, "language", "") or ""
    return code if is_known(code) else ""


def cookie_language(request):
    """The language the cookie says this browser chose, or ""."""
    code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    return code if is_known(code) else ""


def set_cookie(response, code):
    """The language cookie, as Django's own set_language view sets it."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


def save_on_account(user, code):
    """Keep `code` as the person's language (no other field of the account is touched)."""
    get_user_model().objects.filter(pk=user.pk).update(language=code)
    user.language = code


def choose(request, response, code):
    """Someone chose `code` in the header: the cookie for this browser, and, when they are
    signed in, their account (the next sign-in, on any phone or computer, keeps it)."""
    set_cookie(response, code)
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and getattr(user, "language", None) != code:
        save_on_account(user, code)


def keep_choice_on_sign_in(sender, request, user, **kwargs):
    """(`user_logged_in`) Signing in: someone with no language on their account yet keeps the
    one they have been reading in — chosen in this browser, or their browser's own when it is
    not the site's — so their emails come in it too."""
    code = ""
    if request is not None:
        code = cookie_language(request) or getattr(request, "LANGUAGE_CODE", "")
    if code == settings.LANGUAGE_CODE or not is_known(code):
        code = ""
    if code and not saved_language(user) and hasattr(user, "language"):
        save_on_account(user, code)


def safe_next(request):
    """Where to go back to after choosing: `next` when it is a page of this site, else home."""
    target = request.GET.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("home")


class TranslatedText(str):
    """Words kept in a module's constant that other code compares and searches as English
    (`message in page`, `errors == [MESSAGE]`, `json.dumps`), yet shown in the language of the
    moment: `str(text)` (what forms, messages and templates do to show it) translates it.
    Mark the English with `gettext_noop` so it goes into the catalog:

        CONTROL_MESSAGE = TranslatedText(gettext_noop("Remove the hidden control characters."))
    """

    __slots__ = ()

    def __str__(self):
        return gettext(str.__str__(self))

    def __format__(self, spec):
        return format(str(self), spec)

    def __html__(self):
        return escape(str(self))
