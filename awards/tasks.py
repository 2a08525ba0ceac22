"""Background work for awards. `lapse_offers_task` is meant to run once a day: enqueue it from
a scheduler, or run `python manage.py lapse_offers` from cron (the same service)."""

from django.tasks import task

from .services.offers import lapse_overdue_offers


@task
def lapse_offers_task() -> int:

    return len(lapse_overdue_offers())
