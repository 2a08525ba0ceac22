"""Fuzzing the reporting forms: the group's report with a photo (typed by the group, or by an
officer from a phone call), asking for changes, the round's reporting settings and the
outcomes dashboard's filters."""

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from core.transitions import perform
from reports import services
from reports.models import Report, RoundReporting
from tests.conftest import make_round
from tests.hardening.fuzz_support import (
    CASES,
    FUZZ_SETTINGS,
    Case,
    covers,
    fuzz,
    overrides_for,
    post_case,
    rows,
    small_upload_limits,
)
from tests.reports.factories import fill, make_award

pytestmark = pytest.mark.django_db

ANSWERS = [
    "what_you_did", "who_took_part", "difference_made", "people_count", "sessions_count",
    "volunteers_count", "volunteer_hours", "spend", "spend_note", "consent_to_share", "state",
]  # fmt: skip


@pytest.fixture
def monitoring_round(funder):
    return make_round(funder, state="monitoring", max_grant=20000, budget=100000)


@pytest.fixture
def report(monitoring_round, group_a):
    """An open report for a £5,000 grant, with answers already saved."""
    award = make_award(
        monitoring_round, group_a, 5000, budget=[("Hall hire", 3000), ("Food", 2000)]
    )
    (scheduled,) = services.reports_schedule(award)
    opened = perform(scheduled, "open", by=None)
    return fill(opened, what_you_did="Saved before: lunches.")


def report_picture(report):
    return lambda: (
        rows(Report.objects.filter(pk=report.pk), *ANSWERS),
        sorted(report.photos.values_list("pk", "caption")),
    )


def report_case(client, url, report):
    fields = {
        "what_you_did": "text", "who_took_part": "text", "difference_made": "text",
        "people_count": "number", "sessions_count": "number", "volunteers_count": "number",
        "volunteer_hours": "number", "spend_note": "text", "consent_to_share": "bool",
        "action": "choice", "photo": "file", "caption": "text",
    }  # fmt: skip
    for i, _line in enumerate(report.spend or []):
        fields[f"spent_{i}"] = "money"
    base = {
        "what_you_did": "We ran lunches.", "who_took_part": "About 20 people.",
        "difference_made": "Less lonely.", "people_count": "20", "sessions_count": "30",
        "volunteers_count": "4", "volunteer_hours": "120", "action": "save",
        **{f"spent_{i}": "100" for i, _line in enumerate(report.spend or [])},
    }  # fmt: skip
    saved_answers = rows(Report.objects.filter(pk=report.pk), *ANSWERS)
    saved_photos = set(report.photos.values_list("pk", "caption"))

    def nothing_lost(response, overrides):
        # Answers that could not be read leave the saved report as it was; a photo problem
        # alone still saves the answers (and says so). Photos sent earlier are never lost.
        form = response.context and response.context.get("form")
        if form is not None and form.is_bound and form.errors:
            assert rows(Report.objects.filter(pk=report.pk), *ANSWERS) == saved_answers
        assert saved_photos <= set(report.photos.values_list("pk", "caption"))

    return Case(
        form="reports.forms.ReportForm",
        client=client,
        url=url,
        fields=fields,
        base=base,
        after=nothing_lost,
        max_fields=4,
        # What could be read is kept when another answer has an error (nothing typed is lost);
        # `nothing_lost` checks the answers with errors are as they were.
        may_change_when_refused=("reports.Report",),
    )


@covers("reports.forms.ReportForm", "reports.forms.PhotoForm")
@FUZZ_SETTINGS
@given(data=st.data(), by_phone=st.booleans())
def test_fuzz_report(client_for, applicant, officer, report, data, by_phone, monkeypatch):
    small_upload_limits(monkeypatch)
    url = (
        reverse("staff_report_phone", args=[report.pk])
        if by_phone
        else reverse("report_detail", args=[report.pk])
    )
    case = report_case(client_for(officer if by_phone else applicant), url, report)
    chosen = data.draw(overrides_for(case), label="bad values")
    post_case(case, chosen)
    if {"photo", "caption"} & set(chosen):
        CASES["reports.forms.PhotoForm"] += 1  # the photo form's own cases


@pytest.fixture
def sent_report(report, applicant):
    return services.report_send(report, by=applicant)


@covers("reports.forms.ChangesForm")
@FUZZ_SETTINGS
@given(data=st.data())
def test_fuzz_ask_for_changes(client_for, officer, sent_report, data):
    report = Report.objects.get(pk=sent_report.pk)
    case = Case(
        form="reports.forms.ChangesForm",
        client=client_for(officer),
        url=reverse("staff_report_changes", args=[report.pk]),
        fields={"reason": "text"},
        base={"reason": "Please add a photo."},
        snapshot=report_picture(report),
    )
    fuzz(case, data)


@covers("reports.forms.RoundReportingForm")
@FUZZ_SETTINGS
@given(data=st.data())
def test_fuzz_round_reporting(client_for, officer, monitoring_round, data):
    RoundReporting.objects.get_or_create(
        round=monitoring_round, defaults={"outcome_measure": "Saved before"}
    )
    case = Case(
        form="reports.forms.RoundReportingForm",
        client=client_for(officer),
        url=reverse("round_reporting", args=[monitoring_round.pk]),
        fields={"outcome_measure": "text", "ask_wellbeing": "bool"},
        snapshot=lambda: rows(RoundReporting.objects.all(), "pk", "outcome_measure"),
    )
    fuzz(case, data)


@covers("reports.forms.OutcomesFilterForm")
@FUZZ_SETTINGS
@given(data=st.data())
def test_fuzz_outcomes_filters(client_for, officer, report, data):
    case = Case(
        form="reports.forms.OutcomesFilterForm",
        client=client_for(officer),
        url=reverse("outcomes"),
        method="get",
        fields={
            "round": "multi",
            "kind": "choice",
            "area": "choice",
            "funder": "choice",
            "year": "choice",
            "start": "date",
            "end": "date",
        },
        base={"kind": ""},
    )
    fuzz(case, data)
