"""Small pages for tests/core/test_page_cache.py: each shows what the database holds, kept by
`cached_page`, and counts how often its view ran."""

from django.contrib import messages
from django.http import HttpResponse
from django.urls import include, path

from core.page_cache import cached_page, kept_value
from grants.models import Funder

RUNS = {"names": 0, "writes": 0, "cookie": 0, "message": 0, "session": 0, "figures": 0}


def _names():
    return ", ".join(Funder.objects.order_by("name").values_list("name", flat=True))


@cached_page
def names(request):
    RUNS["names"] += 1
    return HttpResponse(f"<p>{_names()}</p>")


@cached_page
def writes(request):
    RUNS["writes"] += 1
    Funder.objects.filter(slug="nobody").update(name="x")
    return HttpResponse(_names())


@cached_page
def cookie(request):
    RUNS["cookie"] += 1
    response = HttpResponse(_names())
    response.set_cookie("seen", "yes")
    return response


@cached_page
def message(request):
    RUNS["message"] += 1
    messages.info(request, "Saved")
    return HttpResponse(_names())


@cached_page
def session(request):
    RUNS["session"] += 1
    request.session["seen"] = True
    return HttpResponse(_names())


@cached_page
def figures(request):
    RUNS["figures"] += 1
    return HttpResponse(kept_value(("names",), _names))


def add_message(request):
    messages.info(request, "A message waiting")
    return HttpResponse("ok")


urlpatterns = [
    path("kept/names/", names),
    path("kept/writes/", writes),
    path("kept/cookie/", cookie),
    path("kept/message/", message),
    path("kept/session/", session),
    path("kept/figures/", figures),
    path("kept/add-message/", add_message),
    path("", include("config.urls")),
]
