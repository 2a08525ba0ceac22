"""The machinery of the permission matrix (the table itself is in test_permission_matrix.py).

- `project_patterns()` walks the URL resolver, admin's and allauth's included, and gives every
  pattern its key (the URL name, or the route for the few unnamed ones), route and parameters.
- `url_for(pattern, world, on=..., kw=...)` fills the parameters from the world's objects by
  their name; `pk` and `slug` mean the object named by the expectation's `on`.
- `status_of(url, user)` is the status of a GET by `user` (a fresh client each time, signed in
  just now), without following redirects.
"""

import re
from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.hardening.world import ROLES, signed_in_client


@dataclass(frozen=True)
class Pattern:
    key: str  # the URL's name (namespaced, e.g. "admin:index"), or its route if it has none
    name: str | None
    route: str
    params: tuple
    view: object = field(default=None, compare=False, repr=False)

    @property
    def area(self):
        if self.route.startswith("admin/"):
            return "admin"
        if self.route.startswith("accounts/"):
            return "accounts"
        return "project"


_PARAM = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>|\(\?P<(?P<rname>\w+)>[^)]*\)")


def _walk(patterns, prefix="", namespace=None):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = namespace
            if p.namespace:
                ns = f"{namespace}:{p.namespace}" if namespace else p.namespace
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            route = prefix + str(p.pattern)
            name = p.name and (f"{namespace}:{p.name}" if namespace else p.name)
            params = tuple(m.group("name") or m.group("rname") for m in _PARAM.finditer(route))
            yield Pattern(name or route, name, route, params, p.callback)


def project_patterns():
    """Every URL pattern of the project. Two patterns with one name keep their routes apart."""
    found = list(_walk(get_resolver().url_patterns))
    names = [p.name for p in found if p.name]
    return [
        p
        if (p.name is None or names.count(p.name) == 1)
        else Pattern(p.route, None, p.route, p.params)
        for p in found
    ]


# Parameters filled by name. `pk` and `slug` are the expectation's `on` object.
BY_NAME = {
    "round_pk": "round",
    "app_pk": "panel_app",
    "answer_pk": "panel_answer",
    "member_pk": "membership",
    "payment_pk": "member_payment",
    "extra_pk": "extra",
    "photo_pk": "photo",
    "funder_pk": "funder_x",
    "question_pk": "question",
    "criterion_pk": "criterion",
    "application_pk": "application",
    "ref": "application",
    "answer_id": "answer",
    "token": "membership",
    "step": "about",
    "fmt": "csv",
    # admin's and allauth's own parameters: any value will do, the check is coarse.
    "object_id": "1",
    "id": "1",
    "content_type_id": "1",
    "app_label": "grants",
    "url": "no-such-admin-page/",
    "key": "not-a-real-key",
    "uidb36": "1",
}


def _value(param, thing):
    if isinstance(thing, str):
        return thing
    if param == "slug":
        return thing.slug
    if param == "ref":
        return thing.reference
    if param == "token":
        return thing.token
    return thing.pk


def url_for(pattern, world, *, on=None, kw=None):
    kw = kw or {}
    values = {}
    for param in pattern.params:
        source = kw.get(param) or (on if param in ("pk", "slug") else BY_NAME.get(param))
        if source is None and pattern.area != "project":
            source = "1"  # admin's and allauth's pages are checked coarsely
        if source is None:
            raise AssertionError(
                f"{pattern.key}: say which object <{param}> is (on=... or kw={{...}})."
            )
        thing = world.objects.get(source, source) if isinstance(source, str) else source
        values[param] = str(_value(param, thing))
    if pattern.name:
        return reverse(pattern.name, kwargs=values)
    path = pattern.route
    for param, value in values.items():
        path = re.sub(rf"<(?:\w+:)?{param}>|\(\?P<{param}>[^)]*\)", value, path)
    return "/" + path.replace("^", "").replace("$", "")


def status_of(url, user):
    return signed_in_client(user).get(url).status_code


def observed_row(url, world):
    return {role: status_of(url, world.users[role]) for role in ROLES}
