"""The group's award pages: its offer and letter, accepting or declining, asking for a change.
Thin: the work is in awards.services."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext

from core.guards import allowed_or_404, person
from core.pdf import pdf_response
from core.permissions import can
from core.transitions import TransitionRefused
from grants.services.groups import who_can_accept

from ..forms import (
    AcceptForm,
    AgreeChangeForm,
    AskForChangeForm,
    DeclineForm,
)
from ..models import (
    AwardState,
    PaymentState,
    Variation,
)
from ..services import offers as award_service
from .common import award_or_404, show_refusal


# --------------------------------------------------------------------------------------------
# The group
# --------------------------------------------------------------------------------------------
@person
def award_detail(request, pk):
    award = allowed_or_404(request.user, "view_award", award_or_404(pk))
    last_change = award.variations.first()
    pending = award.pending_variation() if award.state == AwardState.VARIED else None
    for_the_group = pending is not None and not pending.asked_by_group
    may_answer = can(request.user, "accept_award", award)
    return render(
        request,
        "awards/detail.html",
        {
            "award": award,
            "can_answer": award.state == AwardState.OFFERED
            and can(request.user, "accept_award", award),
            # Someone who sees the offer but may not answer it is told who can.
            "who_can_accept": who_can_accept(award.group)
            if award.state == AwardState.OFFERED and not can(request.user, "accept_award", award)
            else [],
            "can_ask_for_change": award.state in (AwardState.ACCEPTED, AwardState.PAID)
            and can(request.user, "ask_award_change", award),
            "is_staff_view": can(request.user, "manage_award", award),
            "payments": award.payments.filter(state=PaymentState.MADE),
            "paid": award.paid_total(),
            "pending_variation": pending,
            "agree_form": AgreeChangeForm() if for_the_group and may_answer else None,
            # Someone who sees a change to agree but may not agree it is told who can.
            "who_can_agree": who_can_accept(award.group)
            if for_the_group and not may_answer
            else [],
            "change_letters": award.variations.exclude(agreed_at=None).order_by("agreed_at"),
            "turned_down": last_change
            if last_change is not None and last_change.declined_at is not None
            else None,
        },
    )


@person
def award_letter(request, pk):
    award = allowed_or_404(request.user, "view_award", award_or_404(pk))
    return pdf_response(
        award_service.offer_letter_pdf(award), f"offer-letter-{award.reference}.pdf"
    )


@person
def award_accept(request, pk):
    award = allowed_or_404(request.user, "view_award", award_or_404(pk))
    allowed_or_404(request.user, "accept_award", award)
    if award.state != AwardState.OFFERED:
        messages.error(request, gettext("This offer has already been answered."))
        return redirect("award_detail", pk=award.pk)
    form = AcceptForm(request.POST or None, group=award.group)
    if request.method == "POST" and form.is_valid():
        try:
            award_service.offer_accept(
                award,
                by=request.user,
                accepted_name=form.cleaned_data["accepted_name"],
                payment_route=form.cleaned_data["payment_route"],
                payee_name=form.cleaned_data["payee_name"],
                two_people_agree=form.cleaned_data["two_people_agree"],
            )
        except TransitionRefused as refused:
            show_refusal(request, refused, form)
        else:
            messages.success(request, gettext("You accepted the grant. We have sent you an email."))
            return redirect("award_detail", pk=award.pk)
    return render(request, "awards/accept.html", {"award": award, "form": form})


@person
def award_decline(request, pk):
    award = allowed_or_404(request.user, "view_award", award_or_404(pk))
    allowed_or_404(request.user, "accept_award", award)
    if award.state != AwardState.OFFERED:
        messages.error(request, gettext("This offer has already been answered."))
        return redirect("award_detail", pk=award.pk)
    form = DeclineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            award_service.offer_decline(award, by=request.user, reason=form.cleaned_data["reason"])
        except TransitionRefused as refused:
            show_refusal(request, refused, form)
        else:
            messages.success(
                request, gettext("You said no to the offer. Thank you for telling us.")
            )
            return redirect("award_detail", pk=award.pk)
    return render(request, "awards/decline.html", {"award": award, "form": form})


@person
def award_ask_change(request, pk):
    award = allowed_or_404(request.user, "view_award", award_or_404(pk))
    allowed_or_404(request.user, "ask_award_change", award)
    refusal = award_service.change_refusal_reason(award)
    if refusal:
        messages.error(request, refusal)
        return redirect("award_detail", pk=award.pk)
    form = AskForChangeForm(request.POST or None, award=award)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            award_service.change_ask(
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
                gettext("We sent your request to %(funder)s. We will email you when they answer.")
                % {"funder": award.funder.name},
            )
            return redirect("award_detail", pk=award.pk)
    return render(request, "awards/ask_change.html", {"award": award, "form": form})


@person
def award_agree_change(request, pk):
    """The group agrees to a change the funder proposed (typing a name), on its page."""
    award = allowed_or_404(request.user, "view_award", award_or_404(pk))
    pending = award.pending_variation() if award.state == AwardState.VARIED else None
    if pending is None or pending.asked_by_group:
        raise Http404("No change waits for the group.")
    # The group's own people (who may accept its offer) agree for it; officers record an
    # agreement on the staff page instead.
    allowed_or_404(request.user, "accept_award", award)
    form = AgreeChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            award_service.variation_agree_for_group(
                award, by=request.user, agreed_name=form.cleaned_data["agreed_name"]
            )
        except TransitionRefused as refused:
            show_refusal(request, refused, form)
        else:
            messages.success(
                request,
                gettext("You agreed the change. It applies now. We have emailed you a letter."),
            )
            return redirect("award_detail", pk=award.pk)
    return render(
        request, "awards/agree_change.html", {"award": award, "variation": pending, "form": form}
    )


@person
def award_change_letter(request, pk, change_pk):
    award = allowed_or_404(request.user, "view_award", award_or_404(pk))
    variation = get_object_or_404(
        Variation.objects.exclude(agreed_at=None), award=award, pk=change_pk
    )
    return pdf_response(
        award_service.change_letter_pdf(variation),
        f"change-letter-{award.reference}-{variation.pk}.pdf",
    )
