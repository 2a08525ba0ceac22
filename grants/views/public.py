"""Pages anyone can see."""

from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from core.page_cache import cached_page
from core.permissions import can

from ..models import Round, RoundState


def home(request):
    rounds = (
        Round.objects.filter(state=RoundState.OPEN, closes_at__gt=timezone.now())
        .select_related("funder")
        .order_by("closes_at")
    )
    return render(request, "grants/home.html", {"open_rounds": rounds})


def about(request):
    return render(request, "grants/about.html")


def accessibility(request):
    return render(request, "grants/accessibility.html")


@cached_page
def round_page(request, slug):
    """What a round is for, who can apply, how much, by when and what happens next."""
    rnd = get_object_or_404(
        Round.objects.select_related("funder").exclude(state=RoundState.DRAFT), slug=slug
    )
    may_help = request.user.is_authenticated and can(request.user, "apply_with_any_group", rnd)
    return render(request, "grants/round_public.html", {"round": rnd, "may_help": may_help})
