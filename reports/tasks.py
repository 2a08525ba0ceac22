"""Background work for reports: the daily run (due dates and reminders) and outcomes PDFs.

A `db_worker` can run `report_reminders_task` daily (or cron can run
`manage.py report_reminders`). Outcomes PDFs for big rounds are made by
`make_outcomes_pdf`; the status page reads the `OutcomesPdf` row it updates.
"""

import logging
import time

from django.conf import settings
from django.core.files.base import ContentFile
from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext_noop

from .models import OutcomesPdf, OutcomesPdfState
from .pdf import render_outcomes_pdf
from .services import reports_run_daily

log = logging.getLogger(__name__)


@task
def report_reminders_task() -> dict:
    return reports_run_daily()


@task
def make_outcomes_pdf(job_id: int, language: str = "") -> str:
    """Make the job's PDF in `language` (the asker's; the site's default if not given). The
    steps and the error are kept in English, and the status page shows them translated."""
    with translation.override(language or settings.LANGUAGE_CODE):
        return _make_outcomes_pdf(job_id)


def _make_outcomes_pdf(job_id):
    job = OutcomesPdf.objects.select_related("funder", "round").get(pk=job_id)
    if job.state == OutcomesPdfState.READY:
        return job.state
    started = time.perf_counter()

    def progress(percent, words):
        OutcomesPdf.objects.filter(pk=job.pk).update(
            state=OutcomesPdfState.RUNNING, progress=percent, step=words
        )

    progress(5, gettext_noop("Starting"))
    try:
        data = render_outcomes_pdf(job.funder, job.filters or {}, rnd=job.round, progress=progress)
    except Exception:  # a failed PDF must say so on the status page, not hang "being made"
        log.exception("Outcomes PDF %s failed", job.pk)
        OutcomesPdf.objects.filter(pk=job.pk).update(
            state=OutcomesPdfState.FAILED,
            step=gettext_noop("Something went wrong"),
            error=gettext_noop("The PDF could not be made. Try again, or tell the Seedbed team."),
            finished_at=timezone.now(),
        )
        return OutcomesPdfState.FAILED
    job.refresh_from_db()
    job.file.save(f"outcomes-{job.pk}.pdf", ContentFile(data), save=False)
    job.state = OutcomesPdfState.READY
    job.progress = 100
    job.step = gettext_noop("Ready")
    job.finished_at = timezone.now()
    job.seconds = round(time.perf_counter() - started, 2)
    job.save()
    return job.state
