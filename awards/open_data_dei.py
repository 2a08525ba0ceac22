"""360Giving's DEI extension: a grant's `deiDetails`, from the group's optional equity answers
(grants.models.equity), and the checks that it is valid (the extension's schema merged into the
1.4.3 grant schema, and its codes from the extension's codelists).

For each grant to a group that answered:

- `leadership` (who mostly runs the group) and `mission` (who it mainly works with): asked
  during the application process (AS200) when answered before the offer was made, else after
  (AS201); the options offered were the population groups (AO100), "None of these" (AO300,
  general) and "Prefer not to say" (AO301). The reply: the codes chosen (RS200, with
  `taxonomyCodes`), general (RS201), prefer not to say (RS202), no reply (RS100), or, when the
  group did not agree to publishing, a reply kept private (RS203, no codes).
- `project`: not asked (AS100): Seedbed asks about the group, not about each project.

A group that never answered has no `deiDetails` at all.
"""

import csv
import json

from grants.equity import questions
from grants.models import GroupEquityAnswers, Reply

PURPOSES = "To check that the funder's money reaches all kinds of groups fairly."
OPTIONS = ["AO100", "AO300", "AO301"]
REPLY_STATUS = {
    Reply.CHOSE: "RS200",
    Reply.NONE_OF_THESE: "RS201",
    Reply.PREFER_NOT: "RS202",
    Reply.NOT_ANSWERED: "RS100",
}
PRIVATE_REPLY = "RS203"
NOT_ASKED = {
    "askedStatus": "AS100",
    "additionalDetails": "Not asked: Seedbed asks about the group, not about each project.",
}
CODED = {"askedStatus": "askedStatus", "replyStatus": "replyStatus"}


def equity_answers(group):
    """The group's kept answers, or None (read through the relation the awards query follows)."""
    try:
        return group.equity
    except GroupEquityAnswers.DoesNotExist:
        return None


def _area(question, kept, asked):
    reply = getattr(kept, f"{question.field}_reply")
    area = {
        "askedStatus": asked,
        "replyStatus": REPLY_STATUS[Reply(reply)],
        "availableOptions": OPTIONS,
        "additionalDetails": f"Asked on the group's profile: “{question.text}” "
        f"(questions of {kept.questions_version}).",
    }
    if reply and not kept.may_publish:
        area["replyStatus"] = PRIVATE_REPLY
    elif reply == Reply.CHOSE:
        area["response"] = {"taxonomyCodes": list(getattr(kept, question.field))}
    return area


def dei_details(award):
    """The grant's `deiDetails`, or None when the group never answered."""
    kept = equity_answers(award.group)
    if kept is None:
        return None
    asked = "AS200" if kept.answered_at <= award.offered_at else "AS201"
    details = {"purposes": PURPOSES}
    for question in questions(kept.questions_version):
        details[question.area] = _area(question, kept, asked)
    details["project"] = dict(NOT_ASKED)
    return details


# --------------------------------------------------------------------------------------------
# Checks (the extension's files are 360Giving's, read from where the schema is kept)
# --------------------------------------------------------------------------------------------
def extension_dir(schema_folder):
    """The DEI extension's folder beside the 360Giving schema, or None."""
    folder = schema_folder / "dei-extension" if schema_folder else None
    return folder if folder and (folder / "schema" / "360-giving-schema.json").exists() else None


def merged_grant_schema(grant_schema, schema_folder):
    """The 1.4.3 grant schema with the extension's `deiDetails` and its definitions merged in
    (as the extension says to validate). Unchanged when the extension is not there."""
    folder = extension_dir(schema_folder)
    if folder is None:
        return grant_schema
    patch = json.loads((folder / "schema" / "360-giving-schema.json").read_text())
    merged = dict(grant_schema)
    merged["properties"] = {**grant_schema["properties"], **patch["properties"]}
    merged["definitions"] = {**grant_schema.get("definitions", {}), **patch["definitions"]}
    return merged


def _codelist(folder, name):
    with (folder / "codelists" / f"{name}.csv").open(newline="", encoding="utf-8") as f:
        return {row["Code"] for row in csv.DictReader(f, skipinitialspace=True)}


def _area_codes(area):
    for field in ("askedStatus", "replyStatus"):
        if field in area:
            yield field, area[field]
    for code in area.get("availableOptions", []):
        yield "availableOptions", code
    for code in (area.get("response") or {}).get("taxonomyCodes", []):
        yield "taxonomyCodes", code


def dei_code_errors(data, folder):
    """Every code in the grants' `deiDetails` that is not in the extension's codelists."""
    lists = {name: _codelist(folder, name)
             for name in ("askedStatus", "replyStatus", "availableOptions", "taxonomyCodes")}  # fmt: skip
    errors = []
    for grant in data.get("grants", []):
        for name, area in (grant.get("deiDetails") or {}).items():
            if not isinstance(area, dict):
                continue
            for codelist, code in _area_codes(area):
                if code not in lists[codelist]:
                    errors.append(
                        f"{grant.get('id')}/deiDetails/{name}: {code!r} is not in the DEI "
                        f"extension's {codelist} codelist"
                    )
    return errors
