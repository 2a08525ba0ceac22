"""The outcomes dashboard for funders' staff, its downloads and the outcomes PDF."""

from django.contrib import messages
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from core.guards import allowed_or_404, staff_only
from core.page_cache import cached_page
from core.pdf import pdf_response
from core.reauth import reauthentication_required
from grants.selectors import areas_of, funders_visible_to, rounds_of

from ..exports import grants_csv, outcomes_xlsx
from ..forms import OutcomesFilterForm
from ..models import (
    OutcomesPdf,
    OutcomesPdfState,
)
from ..outcomes import outcomes, querysets
from ..pdf import render_outcomes_pdf
from ..periods import financial_year_of, period_of, round_ids
from ..selectors import outcomes_kept
from ..summary import (
    PLAN_COLUMNS,
    WARD_COLUMNS,
    filter_words,
    headline_rows,
    plan_rows,
    sorted_rows,
)
from ..tasks import make_outcomes_pdf

# A round with more grants than this gets its PDF made in the background.
DIRECT_PDF_MAX_GRANTS = 40


# --------------------------------------------------------------------------------------------
# The outcomes dashboard, downloads and PDF
# --------------------------------------------------------------------------------------------
def _visible_funders(user):
    return list(funders_visible_to(user))


FILTER_NAMES = ("year", "start", "end", "round", "kind", "area")


def _years(rounds):
    """Financial years to choose from, newest first: from the first round's to this one."""
    this_year = financial_year_of(timezone.localdate())
    opened = [timezone.localtime(r.opens_at).date() for r in rounds if r.opens_at]
    first = min([financial_year_of(day) for day in opened] + [this_year - 1])
    return list(range(this_year, max(first, this_year - 15) - 1, -1))


def _dashboard_setup(request, data=None):
    """The funder, its rounds, the filter form and the chosen filters for this request."""
    data = request.GET if data is None else data
    funders = _visible_funders(request.user)
    if not funders:
        raise Http404("Not found")
    wanted = data.get("funder", "")
    funder = next((f for f in funders if str(f.pk) == wanted), funders[0])
    allowed_or_404(request.user, "view_outcomes", funder)
    rounds = list(rounds_of(funder))
    areas = areas_of(funder)
    form = OutcomesFilterForm(
        data if any(k in data for k in FILTER_NAMES) else None,
        rounds=rounds,
        areas=list(areas),
        years=_years(rounds),
    )
    return funders, funder, rounds, form, form.filters()


def _place_table(request, rows, param, first_heading):
    """A table of places (wards, local authorities) sorted as asked (`param` in the address),
    with a link to sort by each column that keeps the other filters: it works without
    JavaScript. Returns (rows, columns)."""
    by, rows = sorted_rows(rows, request.GET.get(param))
    columns = []
    for key, label in WARD_COLUMNS.items():
        query = request.GET.copy()
        query.pop(param, None)
        query[param] = key
        sort = ("ascending" if key == "label" else "descending") if key == by else ""
        label = first_heading if key == "label" else label
        columns.append({"key": key, "label": label, "query": query.urlencode(), "sort": sort})
    return rows, columns


def _place_tables(request, result):
    ward_rows, ward_columns = _place_table(request, result.wards, "wards_by", gettext("Ward"))
    authority_rows, authority_columns = _place_table(
        request, result.authorities, "authorities_by", gettext("Local authority")
    )
    return {
        "ward_rows": ward_rows,
        "ward_columns": ward_columns,
        "authority_rows": authority_rows,
        "authority_columns": authority_columns,
    }


@staff_only
@cached_page
def outcomes_dashboard(request):
    funders, funder, rounds, form, filters = _dashboard_setup(request)
    result = outcomes_kept(funder, filters, rounds)
    query = request.GET.urlencode()
    chosen = round_ids(filters)
    return render(
        request,
        "reports/outcomes.html",
        {
            "funders": funders,
            "funder": funder,
            "form": form,
            "filters": filters,
            "result": result,
            "headline_rows": headline_rows(result.headline, result.previous),
            "plan_rows": plan_rows(result),
            "plan_columns": [label for label, _key in PLAN_COLUMNS],
            "filter_words": filter_words(funder, filters, result),
            "query": query,
            "hidden_filters": [
                (name, value)
                for name, values in request.GET.lists()
                if name in FILTER_NAMES
                for value in values
            ],
            "chosen_rounds": [r for r in rounds if r.pk in chosen],
            "recent_pdfs": OutcomesPdf.objects.filter(funder=funder, requested_by=request.user)[:3],
            **_place_tables(request, result),
        },
    )


def _file_stem(funder, filters):
    stem = f"outcomes-{funder.slug}"
    period = period_of(filters)
    if period is not None:
        stem += f"-{period.start:%Y-%m-%d}-to-{period.end:%Y-%m-%d}"
    if round_ids(filters):
        stem += "-rounds-" + "-".join(str(pk) for pk in round_ids(filters))
    return stem + f"-{timezone.localdate():%Y-%m-%d}"


@staff_only
@reauthentication_required
def outcomes_csv(request):
    _funders, funder, _rounds, _form, filters = _dashboard_setup(request)
    return grants_csv(funder, filters, _file_stem(funder, filters) + ".csv")


@staff_only
@reauthentication_required
def outcomes_download_xlsx(request):
    _funders, funder, rounds, _form, filters = _dashboard_setup(request)
    result = outcomes(funder, filters, rounds=rounds)
    return outcomes_xlsx(funder, filters, result, _file_stem(funder, filters) + ".xlsx")


@staff_only
@require_POST
def outcomes_pdf_start(request):

    # The filters come in the form's hidden fields, the same names as the dashboard's.
    _funders, funder, rounds, _form, filters = _dashboard_setup(request, request.POST)
    chosen = round_ids(filters)
    rnd = next((r for r in rounds if chosen == [r.pk]), None)
    grants = querysets(funder, filters, period_of(filters))[1]
    if grants.count() <= DIRECT_PDF_MAX_GRANTS:
        return pdf_response(
            render_outcomes_pdf(funder, filters, rnd=rnd), _file_stem(funder, filters) + ".pdf"
        )
    job = OutcomesPdf.objects.create(
        funder=funder, round=rnd, filters=filters, requested_by=request.user
    )
    # Made in the background, in the language of the person who asked for it.
    language = translation.get_language()
    transaction.on_commit(lambda: make_outcomes_pdf.enqueue(job.pk, language))
    return redirect("outcomes_pdf_status", pk=job.pk)


def _job(request, pk):
    job = get_object_or_404(OutcomesPdf.objects.select_related("funder", "round"), pk=pk)
    allowed_or_404(request.user, "view_outcomes", job.funder)
    return job


@staff_only
def outcomes_pdf_status(request, pk):
    job = _job(request, pk)
    return render(
        request,
        "reports/pdf_status.html",
        {"job": job, "ready": job.state == OutcomesPdfState.READY, "states": OutcomesPdfState},
    )


@staff_only
def outcomes_pdf_download(request, pk):
    job = _job(request, pk)
    if job.state != OutcomesPdfState.READY or not job.file:
        messages.error(request, gettext("The PDF is not ready yet."))
        return redirect("outcomes_pdf_status", pk=job.pk)

    with default_storage.open(job.file.name, "rb") as handle:
        data = handle.read()
    return pdf_response(data, f"outcomes-{job.funder.slug}-{job.pk}.pdf")


def dashboard_url(funder):
    return reverse("outcomes") + f"?funder={funder.pk}"
