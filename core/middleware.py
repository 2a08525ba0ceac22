"""A signed-in person's own language, for every page (see `core.languages` for the order)."""

from django.conf import settings
from django.utils import translation

from . import languages


class AccountLanguageMiddleware:
    """After AuthenticationMiddleware (and Django's LocaleMiddleware, which has chosen from the
    cookie or the browser): a signed-in person's saved language beats both. Their browser's
    cookie is brought in line, so the pages stay in their language once they sign out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        code = languages.saved_language(getattr(request, "user", None))
        if code and code != translation.get_language():
            translation.activate(code)
            request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        # Asked again: the page may have signed someone in, or changed their choice.
        code = languages.saved_language(getattr(request, "user", None))
        if (
            code
            and settings.LANGUAGE_COOKIE_NAME not in response.cookies
            and languages.cookie_language(request) != code
        ):
            languages.set_cookie(response, code)
        return response
