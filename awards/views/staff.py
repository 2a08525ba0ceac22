"""The staff's award pages: offers, payments, changes (agreeing or turning them down),
cancelling, the register, payments due and open data. Thin: the work is in awards.services."""

import json

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from core.audit import timeline
from core.downloads import attachment
from core.guards import allowed_or_404, staff_only
from core.page_cache import cached_page
from core.permissions import can
from core.reauth import reauthentication_required
from core.transitions import TransitionRefused
from grants.selectors import application_for_staff_or_404, awarded_applications_of, funder_or_404

from .. import open_data
from ..forms import (
    CancelForm,
    OfferForm,
    PaymentForm,
    PaymentSentForm,
    ReasonForm,
    RecoveryReceivedForm,
    RegisterFilterForm,
    TurnDownChangeForm,
    VariationForm,
)
from ..models import (
    PAYABLE_AWARD_STATES,
    Award,
    AwardState,
    Payment,
    PaymentState,
    Recovery,
)
from ..selectors import award_money, money, round_money, rounds_money, with_money
from ..services import offers as award_service
from ..services import payments as payment_service
from ..services import recoveries
from .common import award_or_404, show_refusal

REGISTER_PAGE_SIZE = 50


# --------------------------------------------------------------------------------------------
# Staff: the offer
# --------------------------------------------------------------------------------------------
@staff_only
def make_offer(request, application_pk):
    application = application_for_staff_or_404(application_pk)
    allowed_or_404(request.user, "view_application", application)
    allowed_or_404(request.user, "make_offer", application)
    existing = Award.objects.filter(application=application).first()
    if existing:
        return redirect("staff_award", pk=existing.pk)
    form = OfferForm(request.POST or None, initial={"amount": application.amount_requested or None})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            award = award_service.offer_make(
                application,
                amount=data["amount"],
                by=request.user,
                conditions=data["conditions"],
                start_date=data["start_date"],
                end_date=data["end_date"],
                accept_by=data["accept_by"],
                second_payment_on=data["second_payment_on"],
                geo_code=data["geo_code"],
                geo_code_type=data["geo_code_type"],
                override_reason=data["override_reason"],
            )
        except TransitionRefused as refused:
            show_refusal(request, refused, form)
        else:
            messages.success(request, gettext("Offer made. We emailed the group a link to it."))
            return redirect("staff_award", pk=award.pk)
    return render(
        request,
        "awards/offer_form.html",
        {"application": application, "form": form, "money": round_money(application.round)},
    )


@staff_only
def staff_award(request, pk):
    award = allowed_or_404(request.user, "view_award", award_or_404(pk))
    allowed_or_404(request.user, "view_award_register", award.funder)
    payments = list(award.payments.order_by("pk"))
    money = award_money(award)
    planned = sum(p.amount for p in payments if p.state == PaymentState.SCHEDULED)
    can_manage = can(request.user, "manage_award", award)
    return render(
        request,
        "awards/staff_detail.html",
        {
            "award": award,
            "payments": payments,
            "money": money,
            "planned": planned,
            "left": max(award.amount - money.paid - planned, 0)
            if award.state != AwardState.CANCELLED
            else 0,
            "recoveries": list(award.recoveries.order_by("pk")),
            "change_letters": award.variations.exclude(agreed_at=None).order_by("agreed_at"),
            "can_record_money": can(request.user, "record_payment", award),
            "can_manage": can_manage,
            "can_pay": can_manage and award.state in PAYABLE_AWARD_STATES,
            "pending_variation": award.pending_variation()
            if award.state == AwardState.VARIED
            else None,
            "events": timeline(award),
        },
    )


@staff_only
@reauthentication_required
def record_payment(request, pk):
    award = allowed_or_404(request.user, "view_award", award_or_404(pk))
    allowed_or_404(request.user, "record_payment", award)
    form = PaymentForm(request.POST or None, award=award)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        made = data["kind"] == "made"
        try:
            payment_service.payment_record(
                award,
                by=request.user,
                amount=data["amount"],
                payee=data["payee"],
                made=made,
                paid_on=data["date"] if made else None,
                due_on=None if made else data["date"],
                reference=data["reference"],
            )
        except TransitionRefused as refused:
            show_refusal(request, refused, form, "amount")
        else:
            amount = {"amount": f"£{data['amount']:,}"}
            messages.success(
                request,
                gettext("Payment of %(amount)s recorded as sent.") % amount
                if made
                else gettext("Payment of %(amount)s recorded as planned.") % amount,
            )
            return redirect("staff_award", pk=award.pk)
    return render(request, "awards/payment_form.html", {"award": award, "form": form})


@staff_only
@reauthentication_required
def payment_sent(request, pk):
    payment = get_object_or_404(
        Payment.objects.select_related("award__group", "award__application"), pk=pk
    )
    allowed_or_404(request.user, "record_payment", payment)
    form = PaymentSentForm(request.POST or None, initial={"paid_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            payment_service.payment_mark_made(
                payment,
                by=request.user,
                paid_on=form.cleaned_data["paid_on"],
                reference=form.cleaned_data["reference"],
            )
        except TransitionRefused as refused:
            show_refusal(request, refused, form)
        else:
            messages.success(request, gettext("Payment recorded as sent."))
            return redirect("staff_award", pk=payment.award_id)
    return render(
        request,
        "awards/payment_sent.html",
        {"payment": payment, "award": payment.award, "form": form},
    )


@staff_only
@reauthentication_required
def recovery_received(request, pk):
    recovery = get_object_or_404(
        Recovery.objects.select_related("award__group", "award__application"), pk=pk
    )
    allowed_or_404(request.user, "record_payment", recovery)
    form = RecoveryReceivedForm(request.POST or None, initial={"received_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            recoveries.recovery_record_received(
                recovery,
                by=request.user,
                received_on=form.cleaned_data["received_on"],
                reference=form.cleaned_data["reference"],
            )
        except TransitionRefused as refused:
            show_refusal(request, refused, form)
        else:
            messages.success(
                request, gettext("Money received back recorded. We emailed the group.")
            )
            return redirect("staff_award", pk=recovery.award_id)
    return render(
        request,
        "awards/recovery_received.html",
        {"recovery": recovery, "award": recovery.award, "form": form},
    )


@staff_only
@require_POST
def payment_cancel(request, pk):
    payment = get_object_or_404(Payment, pk=pk)
    allowed_or_404(request.user, "record_payment", payment)
    try:
        payment_service.payment_cancel_planned(payment, by=request.user)
    except TransitionRefused as refused:
        show_refusal(request, refused)
    else:
        messages.success(request, gettext("Planned payment cancelled."))
    return redirect("staff_award", pk=payment.award_id)


@staff_only
def award_vary(request, pk):
    award = allowed_or_404(request.user, "view_award", award_or_404(pk))
    allowed_or_404(request.user, "manage_award", award)
    form = VariationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            award_service.variation_propose(
                award,
                by=request.user,
                reason=data["reason"],
                amount=data["amount"],
                start_date=data["start_date"],
                end_date=data["end_date"],
            )
        except TransitionRefused as refused:
            show_refusal(request, refused, form)
        else:
            messages.success(
                request,
                gettext("Change proposed. We emailed the group to agree it on their page."),
            )
            return redirect("staff_award", pk=award.pk)
    return render(request, "awards/vary_form.html", {"award": award, "form": form})


@staff_only
@require_POST
def award_variation_agreed(request, pk):
    award = allowed_or_404(request.user, "view_award", award_or_404(pk))
    form = ReasonForm(request.POST)
    if not form.is_valid():
        # Never apply the change with what was typed dropped: say why and change nothing.
        problems = " ".join(str(e) for errors in form.errors.values() for e in errors)
        messages.error(
            request, gettext("The change was not agreed. %(problems)s") % {"problems": problems}
        )
        return redirect("staff_award", pk=award.pk)
    try:
        award_service.variation_agree(award, by=request.user, reason=form.cleaned_data["reason"])
    except TransitionRefused as refused:
        show_refusal(request, refused)
    else:
        messages.success(
            request, gettext("The change is agreed and now applies. We emailed the group.")
        )
    return redirect("staff_award", pk=award.pk)


@staff_only
def award_variation_declined(request, pk):
    award = allowed_or_404(request.user, "view_award", award_or_404(pk))
    allowed_or_404(request.user, "manage_award", award)
    variation = award.pending_variation() if award.state == AwardState.VARIED else None
    if variation is None:
        messages.error(request, gettext("There is no change waiting to be answered."))
        return redirect("staff_award", pk=award.pk)
    form = TurnDownChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            award_service.variation_decline(
                award, by=request.user, reason=form.cleaned_data["reason"]
            )
        except TransitionRefused as refused:
            show_refusal(request, refused, form)
        else:
            messages.success(
                request, gettext("You turned the change down. We emailed the group why.")
            )
            return redirect("staff_award", pk=award.pk)
    return render(
        request,
        "awards/turn_down_change.html",
        {"award": award, "variation": variation, "form": form},
    )


@staff_only
def award_cancel(request, pk):
    award = allowed_or_404(request.user, "view_award", award_or_404(pk))
    allowed_or_404(request.user, "manage_award", award)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            award_service.award_cancel(
                award,
                by=request.user,
                reason=form.cleaned_data["reason"],
                amount_to_recover=form.cleaned_data["amount_to_recover"] or 0,
            )
        except TransitionRefused as refused:
            show_refusal(request, refused, form)
        else:
            messages.success(request, gettext("The award is cancelled."))
            return redirect("staff_award", pk=award.pk)
    return render(request, "awards/cancel_form.html", {"award": award, "form": form})


# --------------------------------------------------------------------------------------------
# Staff: register, payments due, open data
# --------------------------------------------------------------------------------------------
def _funder(request, slug, action):
    return allowed_or_404(request.user, action, funder_or_404(slug))


@staff_only
@cached_page
def award_register(request, slug):
    funder = _funder(request, slug, "view_award_register")
    form = RegisterFilterForm(request.GET or None, funder=funder)
    awards = Award.objects.filter(funder=funder)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["round"]:
            awards = awards.filter(round=data["round"])
        if data["state"]:
            awards = awards.filter(state=data["state"])
        if data["kind"]:
            awards = awards.filter(group__kind=data["kind"])
        if data["area"]:
            awards = awards.filter(group__area__icontains=data["area"])
    elif form.is_bound:
        awards = awards.none()
    totals = money(awards)
    listing = with_money(
        awards.select_related("round", "group", "application").only(
            "pk",
            "amount",
            "state",
            "offered_at",
            "round__title",
            "round__state",
            "application__reference",
            "application__state",
            "group__name",
            "group__kind",
            "group__area",
        )  # fmt: skip
    ).order_by("-offered_at", "-pk")
    page = Paginator(listing, REGISTER_PAGE_SIZE).get_page(request.GET.get("page"))
    waiting = awarded_applications_of(funder).filter(grant_award__isnull=True)[:REGISTER_PAGE_SIZE]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "awards/register.html",
        {
            "funder": funder,
            "form": form,
            "page": page,
            "totals": totals,
            "count": awards.count(),
            "rounds_money": rounds_money(
                list(funder.rounds.filter(pk__in=awards.values("round")).order_by("title"))
            ),
            "waiting": waiting if can(request.user, "manage_funder", funder) else [],
            "query": query.urlencode(),
            "can_pay": can(request.user, "record_payment", funder),
        },
    )


@staff_only
def payments_due(request, slug):
    funder = _funder(request, slug, "record_payment")
    due = payment_service.payments_due(funder)[:200]
    unplanned = [
        a
        for a in payment_service.awards_not_fully_planned(funder)[:200]
        if (a.committed or 0) < a.amount
    ]
    for award in unplanned:
        award.left = award.amount - (award.committed or 0)
    return render(
        request,
        "awards/payments_due.html",
        {
            "funder": funder,
            "due": due,
            "unplanned": unplanned,
            "due_back": recoveries.recoveries_due(funder)[:200],
            "today": timezone.localdate(),
        },
    )


@staff_only
@reauthentication_required
def payments_due_csv(request, slug):
    funder = _funder(request, slug, "record_payment")
    return attachment(
        payment_service.finance_csv(
            payment_service.payments_due(funder), recoveries.recoveries_due(funder)
        ),
        f"payments-due-{funder.slug}.csv",
        "text/csv; charset=utf-8",
    )


@staff_only
@reauthentication_required
def open_data_export(request, slug, fmt):
    funder = _funder(request, slug, "export_open_data")
    rnd = None
    if request.GET.get("round"):
        wanted = request.GET["round"]
        rnd = funder.rounds.filter(pk=wanted).first() if wanted.isdigit() else None
        if rnd is None:
            messages.error(request, gettext("Choose a round from the list."))
            return redirect("award_register", slug=funder.slug)
    data = open_data.package(funder, rnd)
    if not data["grants"]:
        messages.error(request, gettext("There are no accepted grants to publish yet."))
        return redirect("award_register", slug=funder.slug)
    name = f"360giving-{funder.slug}{('-' + rnd.slug) if rnd else ''}"
    if fmt == "csv":
        return attachment(open_data.to_csv(data), f"{name}.csv", "text/csv; charset=utf-8")
    if fmt == "xlsx":
        return attachment(
            open_data.to_xlsx(data),
            f"{name}.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    return attachment(
        json.dumps(data, indent=2, ensure_ascii=False), f"{name}.json", "application/json"
    )
