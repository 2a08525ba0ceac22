"""The group's profile (made once, reused), and helpers applying *with* a group.

A supporter (community worker) or an officer picks or makes the group, says how the answers
reached them (with the group, by phone, on paper), and fills in the same form. The application
records who helped and how.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from core.guards import allowed_or_404, person
from core.kept_words import keeps_words_while_signed_out, put_back
from core.once import done_before, run_once
from core.permissions import can

from ..forms.apply import GroupForm, HelperStartForm
from ..models import Application, Group
from ..permissions import is_officer
from ..services import applications as rules
from ..services import groups as group_rules
from .apply import closed, is_marked_eligible, posted, public_round, start_for


def _helper_groups(user, rnd):
    """Groups a helper may pick: those they support; officers also past applicants to the
    funder's rounds."""
    groups = list(group_rules.groups_helped_by(user))
    if is_officer(user, rnd.funder_id):
        known = {g.pk for g in groups}
        groups += [
            g
            for g in Group.objects.filter(applications__round__funder_id=rnd.funder_id)
            .distinct()
            .order_by("name")
            if g.pk not in known
        ]
    return groups


@keeps_words_while_signed_out
@person
@require_http_methods(["GET", "POST"])
def group_new(request):
    """Make the group's profile. With ?round=, go on to that round's form afterwards."""
    user = request.user
    rnd = None
    slug = request.GET.get("round", "")
    if slug:
        rnd = public_round(slug)
        if not rnd.is_open_for_applications:
            return closed(request, rnd)
    channel = request.GET.get("channel", "")
    helper = rnd is not None and request.GET.get("helper") == "1"
    if helper:
        allowed_or_404(user, "apply_with_any_group", rnd)
        if channel not in rules.helper_channels(user, rnd):
            channel = Application.Channel.ASSISTED
    elif rnd is not None and not is_marked_eligible(request, rnd):
        return redirect("apply_check", slug=rnd.slug)
    # A second tap (or Back and send again) lands where the first went: one group, one draft.
    first_result = done_before(request) if request.method == "POST" else None
    if first_result:
        return redirect(first_result)
    form = GroupForm(
        posted(request), initial=None if request.method == "POST" else put_back(request)
    )
    if request.method == "POST" and form.is_valid():
        how = {"channel": channel, "assisted_by": user} if helper else {}

        def make_group_and_start():
            group = group_rules.group_create(form.cleaned_data, by=user, as_helper=helper)
            if rnd is None:
                messages.success(
                    request, gettext("We saved the details of %(group)s.") % {"group": group.name}
                )
                return reverse("my_home")
            try:
                app = rules.application_start(rnd, group, by=user, **how)
            except rules.ApplyRefused as refused:
                messages.error(request, refused.message)
                return reverse("my_home")
            return reverse("application_step", args=[app.reference, "about"])

        return redirect(run_once(request, make_group_and_start))
    return render(
        request,
        "grants/apply/group_form.html",
        {"form": form, "round": rnd, "helper": helper, "editing": False},
    )


@keeps_words_while_signed_out
@person
@require_http_methods(["GET", "POST"])
def group_edit(request, pk):
    group = allowed_or_404(request.user, "edit_group", get_object_or_404(Group, pk=pk))
    kept = None if request.method == "POST" else put_back(request)
    form = GroupForm(posted(request), instance=group, initial=kept)
    if request.method == "POST" and form.is_valid():
        group_rules.group_update(group, form.cleaned_data, by=request.user)
        messages.success(
            request, gettext("We saved the details of %(group)s.") % {"group": group.name}
        )
        return redirect("my_home")
    return render(
        request,
        "grants/apply/group_form.html",
        {"form": form, "round": None, "helper": False, "editing": True, "group": group},
    )


@person
@require_http_methods(["GET", "POST"])
def start_with_group(request, slug):
    """A supporter or an officer starts an application with a group."""
    rnd = public_round(slug)
    user = request.user
    allowed_or_404(user, "apply_with_any_group", rnd)
    if not rnd.is_open_for_applications:
        return closed(request, rnd)
    groups = _helper_groups(user, rnd)
    channels = rules.helper_channels(user, rnd)
    form = HelperStartForm(posted(request), groups=groups, channels=channels)
    if request.method == "POST" and form.is_valid():
        channel = form.cleaned_data["channel"]
        choice = form.cleaned_data["group"]
        if choice == HelperStartForm.NEW:
            query = urlencode({"round": rnd.slug, "helper": "1", "channel": channel})
            return redirect(f"{reverse('group_new')}?{query}")
        group = next(g for g in groups if str(g.pk) == choice)
        if not (can(user, "apply_for_group", group) or is_officer(user, rnd.funder_id)):
            return redirect("apply_assisted", slug=rnd.slug)
        return start_for(request, rnd, group, channel=channel, assisted_by=user)
    return render(
        request, "grants/apply/choose_group.html", {"round": rnd, "form": form, "helper": True}
    )
