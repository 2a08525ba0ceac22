"""Background work for the directory: the daily upkeep (reminders, hiding stale listings)."""

from django.tasks import task

from .services.upkeep import listings_run_daily


@task
def directory_daily_task() -> dict:
    return listings_run_daily()
