"""Background work for personal data: the retention rule, run daily by a `db_worker` on a
schedule (or by cron with `manage.py remove_old_personal_data`). See docs/personal-data.md."""

from django.tasks import task

from .privacy import remove_old_personal_data


@task
def remove_old_personal_data_task(days: int | None = None) -> dict:
    """Remove the personal data of unsuccessful and withdrawn applications that ended more
    than `days` (default: SEEDBED_RETENTION_DAYS) ago. Returns what was removed, in figures."""
    return remove_old_personal_data(days=days).as_dict()
