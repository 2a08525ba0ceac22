"""What the report pages share."""

from django.shortcuts import get_object_or_404

from ..models import (
    Report,
)
from ..selectors import REPORT_RELATED


def report_or_404(pk):
    return get_object_or_404(Report.objects.select_related(*REPORT_RELATED), pk=pk)
