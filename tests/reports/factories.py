"""Small builders for report tests: awards in a given state without running the whole
application-and-vote journey (that is tested by the grants and voting apps)."""

import io
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from awards.models import Award, AwardState, Payment, PaymentState
from awards.services.offers import reporting_tier_for
from grants.models import Application, ApplicationState, BudgetLine
from reports.models import Report


def make_award(
    rnd,
    group,
    amount,
    *,
    state=AwardState.ACCEPTED,
    asked=None,
    theme="",
    start=None,
    end=None,
    paid=0,
    budget=None,
    title="Our project",
):
    today = timezone.localdate()
    app = Application.objects.create(
        round=rnd,
        group=group,
        title=title,
        amount_requested=asked if asked is not None else amount,
        theme=theme,
        submitted_at=timezone.now(),
    )
    Application.objects.filter(pk=app.pk).update(state=ApplicationState.AWARDED)
    for i, (item, cost) in enumerate(budget or []):
        BudgetLine.objects.create(application=app, order=i, item=item, amount=cost)
    award = Award.objects.create(
        application=app,
        funder_id=rnd.funder_id,
        round=rnd,
        group=group,
        amount=amount,
        start_date=start or today - timedelta(days=100),
        end_date=end or today + timedelta(days=100),
        reporting_tier=reporting_tier_for(rnd, amount),
        accepted_at=timezone.now(),
    )
    Award.objects.filter(pk=award.pk).update(state=state)
    if paid:
        payment = Payment.objects.create(award=award, payee="group", amount=paid, paid_on=today)
        Payment.objects.filter(pk=payment.pk).update(state=PaymentState.MADE)
    return Award.objects.get(pk=award.pk)


def make_application(rnd, group, asked, *, state=ApplicationState.NOT_AWARDED, theme=""):
    app = Application.objects.create(
        round=rnd, group=group, title="Asked", amount_requested=asked, theme=theme,
        submitted_at=timezone.now(),
    )  # fmt: skip
    Application.objects.filter(pk=app.pk).update(state=state)
    return app


def set_report_state(report, state):
    Report.objects.filter(pk=report.pk).update(state=state)
    return Report.objects.get(pk=report.pk)


def fill(report, **extra):
    values = {
        "what_you_did": "We ran lunches every Tuesday.",
        "who_took_part": "About 20 older people.",
        "difference_made": "People feel less alone.",
        "people_count": 20,
    }
    if report.asks_numbers:
        values.update(sessions_count=30, volunteers_count=4, volunteer_hours=120)
        report.spend = [{**line, "spent": line["planned"]} for line in report.spend]
    if report.outcome_question:
        values["outcome_value"] = 10
    values.update(extra)
    for name, value in values.items():
        setattr(report, name, value)
    report.save()
    return report


def jpeg_bytes(*, gps=True, size=(64, 48), color=(200, 30, 30)):
    """A small JPEG, with GPS location and camera make/model in its EXIF if `gps`."""
    from PIL import Image

    image = Image.new("RGB", size, color)
    out = io.BytesIO()
    if gps:
        exif = Image.Exif()
        exif[0x010F] = "SpyCam Ltd"  # Make
        exif[0x0110] = "SpyCam 3000"  # Model
        gps_ifd = {1: "N", 2: (51.0, 30.0, 0.0), 3: "W", 4: (0.0, 7.0, 0.0)}
        exif[0x8825] = gps_ifd
        image.save(out, format="JPEG", exif=exif)
    else:
        image.save(out, format="JPEG")
    return out.getvalue()


def upload(data=None, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data if data is not None else jpeg_bytes(), content_type)
