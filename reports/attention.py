"""What the reports app tells a funder's officers about (the staff home and the daily digest,
see `core.attention`): reports past their due date and not sent."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.attention import Concern, count_by_funder, register_concern

from .services import overdue_reports

register_concern(
    Concern(
        "reports_overdue",
        _("Reports overdue"),
        lambda funder_ids, today: count_by_funder(overdue_reports(funder_ids, today)),
        lambda funder: reverse("staff_reports"),
        order=60,
    )
)
