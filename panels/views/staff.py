"""Officer pages for running a round's panel: invite, choose a chair, record what each member is
paid, see declared links (recusals), and waive the minimum scores with a reason."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from core.audit import timeline
from core.guards import allowed_or_403, allowed_or_404, staff_only
from core.permissions import can
from core.transitions import TransitionRefused
from grants.models import RoundState
from grants.selectors import round_or_404

from .. import services
from ..forms import CorrectDeclarationForm, InviteForm, PaymentForm, StepDownForm, WaiveForm
from ..models import Declaration, MemberPayment, MemberState, PanelMember


def _round_for_officer(user, round_pk):
    rnd = round_or_404(round_pk)
    return allowed_or_404(user, "view_round_dashboard", rnd)


def _panel_page(request, rnd, invite_form=None, waive_form=None, status=200):
    panel = services.panel_for(rnd)
    members = (
        PanelMember.objects.filter(panel=panel)
        .select_related("user")
        .annotate(
            complete=Count("score_sheets", filter=Q(score_sheets__is_complete=True), distinct=True),
            links=Count("declarations", filter=~Q(declarations__link="none"), distinct=True),
        )
    )
    short = services.applications_short_of_scores(rnd) if rnd.state == RoundState.SCORING else []
    return render(
        request,
        "panels/staff/panel.html",
        {
            "round": rnd,
            "panel": panel,
            "members": members,
            "active_count": sum(1 for m in members if m.state == MemberState.ACTIVE),
            "recusals": services.recusals(rnd),
            "short": short,
            "invite_form": invite_form or InviteForm(),
            "waive_form": waive_form or WaiveForm(),
            "may_manage": can(request.user, "manage_panel", rnd),
            "events": timeline(panel),
        },
        status=status,
    )


@staff_only
def panel(request, round_pk):
    rnd = _round_for_officer(request.user, round_pk)
    return _panel_page(request, rnd)


@staff_only
@require_POST
def invite(request, round_pk):
    rnd = _round_for_officer(request.user, round_pk)
    allowed_or_404(request.user, "manage_panel", rnd)
    form = InviteForm(request.POST)
    if not form.is_valid():
        return _panel_page(request, rnd, invite_form=form, status=400)
    try:
        member = services.member_invite(
            rnd,
            name=form.cleaned_data["name"],
            email=form.cleaned_data["email"],
            chair=form.cleaned_data["chair"],
            by=request.user,
        )
    except TransitionRefused as refused:
        form.add_error(None, refused.message)
        return _panel_page(request, rnd, invite_form=form, status=400)
    if member.state == MemberState.INVITED:
        messages.success(
            request, gettext("We have emailed an invitation to %(name)s.") % {"name": member.name}
        )
    else:
        messages.info(request, gettext("%(name)s is already on the panel.") % {"name": member.name})
    return redirect("staff_panel", round_pk=rnd.pk)


@staff_only
@require_POST
def waive(request, round_pk):
    rnd = _round_for_officer(request.user, round_pk)
    allowed_or_404(request.user, "manage_panel", rnd)
    form = WaiveForm(request.POST)
    if not form.is_valid():
        return _panel_page(request, rnd, waive_form=form, status=400)
    try:
        services.minimum_scores_waive(rnd, by=request.user, reason=form.cleaned_data["reason"])
    except TransitionRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, gettext("The vote can now start without the minimum scores."))
    return redirect("staff_panel", round_pk=rnd.pk)


def _member(request, round_pk, member_pk):
    rnd = _round_for_officer(request.user, round_pk)
    member = get_object_or_404(
        PanelMember.objects.select_related("user", "panel"), pk=member_pk, panel__round=rnd
    )
    return rnd, member


def _member_page(request, rnd, member, step_down_form=None, status=200):
    payments = list(member.payments.all())
    declarations = services.declarations_for_officers(member)
    events = list(timeline(member))
    return render(
        request,
        "panels/staff/member.html",
        {
            "round": rnd,
            "member": member,
            "payments": payments,
            "owed": sum((p.amount for p in payments if not p.is_paid), start=0),
            "paid": sum((p.amount for p in payments if p.is_paid), start=0),
            "declarations": declarations,
            "link_count": sum(1 for _app, d in declarations if d is not None and d.is_conflict),
            "unanswered": sum(1 for _app, d in declarations if d is None),
            "corrections": [e for e in events if e.transition == "correct_declaration"],
            "step_down_form": step_down_form or StepDownForm(),
            "may_manage": can(request.user, "manage_panel", rnd),
            "events": events,
        },
        status=status,
    )


@staff_only
def member(request, round_pk, member_pk):
    rnd, member = _member(request, round_pk, member_pk)
    # A resident's email, payments and declared links: the round's officers only (a funder
    # viewer reads dashboards, reports and exports, not residents' details).
    allowed_or_404(request.user, "manage_panel", member)
    return _member_page(request, rnd, member)


@staff_only
@require_POST
def member_step_down(request, round_pk, member_pk):
    rnd, member = _member(request, round_pk, member_pk)
    form = StepDownForm(request.POST)
    if not form.is_valid():
        return _member_page(request, rnd, member, step_down_form=form, status=400)
    try:
        services.member_step_down(member, by=request.user, reason=form.cleaned_data["reason"])
    except TransitionRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request, gettext("%(name)s is no longer on the panel.") % {"name": member.name}
        )
    return redirect("staff_panel_member", round_pk=rnd.pk, member_pk=member.pk)


@staff_only
@require_POST
def member_chair(request, round_pk, member_pk):
    rnd, member = _member(request, round_pk, member_pk)
    try:
        services.member_make_chair(member, by=request.user)
    except PermissionDenied:
        messages.error(request, gettext("Only the round's officers can choose the chair."))
    else:
        messages.success(request, gettext("%(name)s is now the chair.") % {"name": member.name})
    return redirect("staff_panel_member", round_pk=rnd.pk, member_pk=member.pk)


@staff_only
@require_POST
def member_invite_again(request, round_pk, member_pk):
    rnd, member = _member(request, round_pk, member_pk)
    try:
        member = services.member_invite(
            rnd, name=member.name, email=member.user.email, by=request.user
        )
    except (TransitionRefused, PermissionDenied) as refused:
        messages.error(request, getattr(refused, "message", str(refused)))
    else:
        messages.success(
            request,
            gettext("We have emailed the invitation to %(name)s again.") % {"name": member.name},
        )
    return redirect("staff_panel_member", round_pk=rnd.pk, member_pk=member.pk)


@staff_only
def payment(request, round_pk, member_pk, payment_pk=None):
    rnd, member = _member(request, round_pk, member_pk)
    allowed_or_404(request.user, "manage_panel", member)
    existing = None
    if payment_pk is not None:
        existing = get_object_or_404(MemberPayment, pk=payment_pk, member=member)
    form = PaymentForm(request.POST or None, instance=existing)
    if request.method == "POST" and form.is_valid():
        services.payment_record(member, by=request.user, payment=existing, **form.cleaned_data)
        messages.success(request, gettext("Saved the payment."))
        return redirect("staff_panel_member", round_pk=rnd.pk, member_pk=member.pk)
    return render(
        request,
        "panels/staff/payment.html",
        {"round": rnd, "member": member, "form": form, "existing": existing},
        status=400 if request.method == "POST" else 200,
    )


@staff_only
def correct_declaration(request, round_pk, member_pk, app_pk):
    """Change what a member told us about their link to one group, on their behalf."""
    rnd, member = _member(request, round_pk, member_pk)
    # The funder's viewers may not change a resident's answers (and officers of another funder
    # were stopped above, by "not found").
    allowed_or_403(request.user, "manage_panel", member)
    application = get_object_or_404(
        services.panel_applications(rnd).select_related("group"), pk=app_pk
    )
    existing = Declaration.objects.filter(member=member, application=application).first()
    initial = {"link": existing.link, "details": existing.details} if existing else {}
    form = CorrectDeclarationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.declaration_correct(
                member,
                application,
                link=form.cleaned_data["link"],
                details=form.cleaned_data["details"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except services.CorrectionRefused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(
                request,
                gettext("Saved. We have changed what %(name)s told us about %(application)s.")
                % {"name": member.name, "application": application},
            )
            return redirect("staff_panel_member", round_pk=rnd.pk, member_pk=member.pk)
    return render(
        request,
        "panels/staff/declaration.html",
        {
            "round": rnd,
            "member": member,
            "application": application,
            "existing": existing,
            "has_scored": member.score_sheets.filter(application=application).exists(),
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )
