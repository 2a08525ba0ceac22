"""Validators for the Open Referral UK feed, from the profile's own schemas and API description
in ../shared/standards/openreferral-uk (never copied here). JSON Schema Draft 2020-12, with
format checks ("uuid", "email", "date-time"...; "uri" checked here as an absolute URL, since the
optional `rfc3987` package that jsonschema uses for it is not installed)."""

import json
from functools import cache
from urllib.parse import urlsplit

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from tests.support.shared import shared_dir, shared_folder

BASE = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/"
PAGE_KEYS = ["total_items", "total_pages", "page_number", "size", "first_page", "last_page",
             "empty", "contents"]  # fmt: skip


def schema_folder():
    return shared_folder(
        shared_dir() / "standards" / "openreferral-uk" / "schema", "the Open Referral UK schemas"
    )


def _format_checker():
    checker = FormatChecker()

    @checker.checks("uri", raises=ValueError)
    def absolute_uri(value):
        if not isinstance(value, str):
            return True
        parts = urlsplit(value)
        if not (parts.scheme and parts.netloc):
            raise ValueError(f"{value!r} is not an absolute URI")
        return True

    return checker


@cache
def _registry_and_openapi():
    folder = schema_folder()
    resources = []
    for path in sorted(folder.rglob("*.json")):
        contents = json.loads(path.read_text())
        uri = BASE + path.relative_to(folder).as_posix()
        resources.append((uri, Resource.from_contents(contents, default_specification=DRAFT202012)))
    openapi = json.loads((folder / "openapi.json").read_text())
    return Registry().with_resources(resources), openapi


def validator_for(path):
    """A validator for the 200 answer of `path` in the profile's API description (e.g.
    "/services"), its local references pointed at the API description itself."""
    registry, openapi = _registry_and_openapi()
    schema = openapi["paths"][path]["get"]["responses"]["200"]["content"]["application/json"][
        "schema"
    ]
    text = json.dumps(schema).replace('"#/components/', f'"{BASE}openapi.json#/components/')
    schema = json.loads(text)
    if "allOf" in schema:  # a page: every page field must be there, as the profile asks
        schema = {**schema, "required": PAGE_KEYS}
    return Draft202012Validator(schema, registry=registry, format_checker=_format_checker())


def problems(path, answer):
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator_for(path).iter_errors(answer)
    ]
