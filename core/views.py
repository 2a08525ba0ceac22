"""Core's one page: choosing a language from the header's links (works without JavaScript)."""

from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_GET

from . import languages


@require_GET
def choose_language(request, code):
    """/language/<code>/?next=<path>: this browser (and the signed-in person's account) now
    reads Seedbed in `code`, then back to the page they were on. A language Seedbed does not
    have is not found, and changes nothing."""
    if not languages.is_known(code):
        raise Http404("No such language")
    response = redirect(languages.safe_next(request))
    languages.choose(request, response, code)
    return response
