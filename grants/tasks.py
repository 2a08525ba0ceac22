"""Background work for grants: closing rounds at their closing date, and the retention rule.

A `db_worker` can run `close_due_rounds_task` on a schedule (or cron can run the
`close_due_rounds` management command); the first request after a closing date is the safety
net (see grants.middleware.CloseDueRoundsMiddleware).
"""

from django.tasks import task

from .privacy import remove_old_personal_data
from .services.digest import officer_digests_send
from .services.rounds import rounds_close_due


@task
def close_due_rounds_task() -> int:
    return len(rounds_close_due())


@task
def remove_old_personal_data_task(days: int | None = None) -> dict:
    """Remove the personal data of unsuccessful and withdrawn applications that ended more
    than `days` (default: SEEDBED_RETENTION_DAYS) ago. Returns what was removed, in figures."""
    return remove_old_personal_data(days=days).as_dict()


@task
def officer_digest_task() -> int:
    """Email each funder's officers what needs looking at (run daily)."""
    return officer_digests_send()
