"""Sending a report, and the officer accepting it or asking for changes. Every change of state
runs through `core.transitions.perform` (locked, permission-checked, audited)."""

from django.db import transaction
from django.utils.translation import gettext, ngettext

from awards.models import AwardState
from awards.selectors import award_of
from awards.services.offers import award_close
from core import notify
from core.refusals import Refused
from core.transitions import TransitionRefused, perform

from ..models import Report, ReportPhoto
from ..photos import MAX_PHOTOS_PER_REPORT
from .common import staff_report_url
from .schedule import report_email_group


# --------------------------------------------------------------------------------------------
# Sending and reviewing
# --------------------------------------------------------------------------------------------
def report_send(report, *, by, by_phone=False):
    """The group sends its report (or an officer types in one given by phone)."""
    reason = "Given by phone and typed in by an officer" if by_phone else "Report sent"
    report = perform(report, "submit", by=by, reason=reason, by_phone=by_phone)
    if report.funder.contact_email:
        notify.email(
            report.funder.contact_email,
            "report_received",
            {"report": report, "staff_url": staff_report_url(report)},
        )
    return report


def award_close_after_final_report(report, by):
    """Close the award once its end report is accepted. Returns None, or plain words saying
    why the award stays open (for example, it is not paid in full yet)."""
    award = award_of(report)
    if award.state == AwardState.CLOSED:
        return None
    if award.state != AwardState.PAID:
        return gettext(
            "The award stays open because it is not paid in full yet (it is “%(state)s”). "
            "Close it once the money is all sent."
        ) % {"state": award.get_state_display()}
    try:
        award_close(award, by, "Final report accepted")
    except TransitionRefused as refused:
        return gettext("The award stays open: %(reason)s") % {"reason": refused.message}
    return None


def report_accept(report, *, by, note=""):
    """Accept a sent report. Accepting the end report closes the award (if it is paid).
    Returns (report, None or words about why the award stays open)."""
    with transaction.atomic():
        report = perform(report, "accept", by=by, reason=(note or "Report accepted").strip())
        award_note = award_close_after_final_report(report, by) if report.is_final else None
    report_email_group(report, "report_accepted")
    return report, award_note


def report_request_changes(report, *, by, reason):
    """Send a report back to the group with what to change."""
    reason = (reason or "").strip()
    if not reason:
        raise TransitionRefused(gettext("Say what the group needs to change."))
    report = perform(report, "request_changes", by=by, reason=reason)
    report_email_group(report, "report_changes")
    return report


class PhotoRefused(Refused):
    """A photo that cannot be added to a report."""


def photo_add(report, *, image, width, height, caption, by):
    """Add a cleaned photo to a report. Counted and added under a lock on the report, so photos
    sent at once can never together pass the limit."""
    with transaction.atomic():
        Report.objects.select_for_update().filter(pk=report.pk).first()
        if report.photos.count() >= MAX_PHOTOS_PER_REPORT:
            raise PhotoRefused(
                ngettext(
                    "You can add up to %(count)s photo. Remove one first.",
                    "You can add up to %(count)s photos. Remove one first.",
                    MAX_PHOTOS_PER_REPORT,
                )
                % {"count": MAX_PHOTOS_PER_REPORT}
            )
        photo = ReportPhoto(
            report=report,
            caption=caption.strip(),
            width=width,
            height=height,
            uploaded_by=by,
        )
        photo.image.save("photo.jpg", image, save=False)
        photo.save()
    return photo
