"""Personal data: what Seedbed holds about a person, and removing it when it is not needed.

Three services (the inventory in words is `docs/personal-data.md`):

- `export_personal_data(user)`: everything Seedbed holds about one person, as a dict ready for
  JSON (a subject-access request). Used by `manage.py export_my_data` and the "Download your
  data" page.
- `remove_old_personal_data(days=None)`: the retention rule. Applications that did not succeed
  (ineligible, not funded) or were withdrawn lose their personal data `SEEDBED_RETENTION_DAYS`
  after they ended: the answers' words, recordings (files deleted) and the written versions
  of recordings, budget line descriptions, and — when the group has no other live application
  and no award — the group's contact details. The figures stay (amount asked, kind of group,
  area, postcode district, theme, state, dates), so dashboards still count them. Each removal
  leaves an audit record without the personal data. Run daily:
  `manage.py remove_old_personal_data` or the `remove_old_personal_data_task` task.
- `delete_user(user, by=None)`: remove a person's account. Audit records stay, with the actor
  shown as a pseudonym ("Former user #1a2b3c4d"). When records other people need still point
  at the account (a panel membership, a right to vote, the admin site's history), the account
  is anonymised in place instead of deleted: no email, no name, no phone, no way to sign in.

`grants` imports none of the later apps. Each app tells Seedbed about the personal data it
holds with `core.privacy.register_personal_data(name, exporter=..., eraser=..., ...)`,
called from its `AppConfig.ready()` (see `panels/privacy.py`, `voting/privacy.py`,
`reports/privacy.py`).
"""

from .accounts import anonymise_account, delete_user, records_needing_the_account
from .export import export_personal_data, export_personal_data_json, record_export
from .retention import (
    ACCOUNT_ANONYMISED,
    ACCOUNT_DELETED,
    DATA_EXPORTED,
    DEFAULT_RETENTION_DAYS,
    ENDED_STATES,
    GROUP_PERSONAL_FIELDS,
    LIVE_STATES,
    REMOVED_FROM_APPLICATION,
    REMOVED_FROM_GROUP,
    RemovalSummary,
    applications_due_for_removal,
    group_has_live_business,
    postcode_district,
    remove_application_personal_data,
    remove_group_personal_data,
    remove_old_personal_data,
    retention_days,
)

__all__ = [
    "ACCOUNT_ANONYMISED",
    "ACCOUNT_DELETED",
    "DATA_EXPORTED",
    "DEFAULT_RETENTION_DAYS",
    "ENDED_STATES",
    "GROUP_PERSONAL_FIELDS",
    "LIVE_STATES",
    "REMOVED_FROM_APPLICATION",
    "REMOVED_FROM_GROUP",
    "RemovalSummary",
    "anonymise_account",
    "applications_due_for_removal",
    "delete_user",
    "export_personal_data",
    "export_personal_data_json",
    "group_has_live_business",
    "postcode_district",
    "record_export",
    "records_needing_the_account",
    "remove_application_personal_data",
    "remove_group_personal_data",
    "remove_old_personal_data",
    "retention_days",
]
