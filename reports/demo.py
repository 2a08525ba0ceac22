"""Demo reports: for the demo funder's accepted awards, reports in a few different states.

Registered into `core.demo.register_demo` from `ReportsConfig.ready()`. Idempotent (an award that
already has reports is left alone) and does nothing when there are no awards yet. It never
changes an award's state: the paid award's end report is left waiting for an officer to read.
"""

import io

from django.core.files.base import ContentFile

from awards.models import AwardState
from awards.selectors import awards_of
from core.transitions import perform

from .models import ReportPhoto, ReportState
from .services import REPORTING_AWARD_STATES, reports_schedule


def _demo_photo():
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (800, 533), (123, 196, 127))
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 380, 800, 533], fill=(29, 94, 58))
    for x in (160, 320, 480, 640):
        draw.ellipse([x - 40, 250, x + 40, 330], fill=(247, 245, 239))
        draw.rectangle([x - 30, 330, x + 30, 420], fill=(11, 12, 12))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=80)
    return ContentFile(out.getvalue(), name="demo.jpg")


def _fill(report, *, numbers):
    report.what_you_did = (
        "We met every week. We walked, talked and had a cup of tea after. "
        "We bought boots and rain coats to lend to people who had none."
    )
    report.who_took_part = "About 30 people. Most were over 60 and many live alone."
    report.difference_made = (
        "People say they feel fitter and less alone. Three people now lead walks themselves."
    )
    report.people_count = 30
    if numbers:
        report.sessions_count = 40
        report.volunteers_count = 5
        report.volunteer_hours = 160
        report.spend = [{**line, "spent": line.get("planned") or 0} for line in report.spend or []]
    if report.outcome_question:
        report.outcome_value = 20
    report.consent_to_share = True
    report.save()


def add_demo_reports(funder, rnd):
    awards = awards_of(funder, states=REPORTING_AWARD_STATES)
    for award in awards:
        if award.reports.exists():
            continue
        reports = reports_schedule(award)
        final = reports[-1]
        member = award.group.members.first()
        if award.state == AwardState.PAID:
            final = perform(final, "open", by=None, reason="Demo data: opened early")
            _fill(final, numbers=final.asks_numbers)
            photo = ReportPhoto(
                report=final, caption="Walkers resting on a bench", width=800, height=533
            )
            photo.image.save("demo.jpg", _demo_photo(), save=False)
            photo.save()
            final = perform(final, "submit", by=member, reason="Demo data: report sent")
        elif award.state == AwardState.ACCEPTED and final.state == ReportState.SCHEDULED:
            final = perform(final, "open", by=None, reason="Demo data: opened early")
            final.what_you_did = "We have started our Tuesday lunches."
            final.save()
