"""Background work for awards. `lapse_offers_task` is meant to run once a day: enqueue it from
a scheduler, or run `python manage.py lapse_offers` from cron (the same service)."""

from django.tasks import task

from .services.offers import offers_lapse_overdue


@task
def lapse_offers_task() -> int:

    return len(offers_lapse_overdue())
