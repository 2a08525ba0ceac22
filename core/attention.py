"""What a funder's officers should look at: counts that apps register (offers lapsing, payments
due, reports overdue, …), shown on the staff home and sent in the daily officers' digest.

Core knows no app: each app registers its `Concern`s when it is ready. A concern counts, for
many funders at once, in one query (`count` returns {funder id: (how many, pounds or None)}),
so a page that shows every concern for every funder makes one query per concern, whatever the
data size.

    register_concern(Concern(
        key="payments_due", label="Planned payments due",
        count=lambda funder_ids, today: count_by_funder(Payment.objects.filter(...)),
        link=lambda funder: reverse("payments_due", args=[funder.slug]),
        link_action="record_payment",
    ))
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Sum
from django.utils import timezone

from .permissions import can


@dataclass(frozen=True)
class Concern:
    key: str
    label: str  # plain words: "Offers that lapse in the next 7 days"
    count: Callable  # (funder_ids, today) -> {funder_id: (n, pounds or None)}
    link: Callable  # (funder) -> the page where it is dealt with (a path)
    link_action: str = ""  # who may follow the link (a `can` action on the funder); "" anyone
    order: int = 50


@dataclass(frozen=True)
class Item:
    concern: Concern
    count: int
    pounds: int | None
    url: str

    @property
    def words(self):
        money = f" (£{self.pounds:,})" if self.pounds else ""
        return f"{self.concern.label}: {self.count}{money}"


_CONCERNS: dict[str, Concern] = {}


def register_concern(concern: Concern):
    _CONCERNS[concern.key] = concern


def concerns():
    return sorted(_CONCERNS.values(), key=lambda c: (c.order, c.key))


def count_by_funder(queryset, *, funder="funder_id", pounds=None):
    """{funder id: (rows, total of `pounds` or None)} for a queryset, in one query."""
    annotations = {"n": Count("pk")}
    if pounds:
        annotations["money"] = Sum(pounds)
    rows = queryset.order_by().values(funder).annotate(**annotations)
    return {row[funder]: (row["n"], row.get("money")) for row in rows}


def items_for(funders, *, user=None, today=None):
    """{funder id: [Item, …]} — every concern with something to say, per funder. Links are
    left out (empty) where `user` may not follow them; with no user (the digest) all are kept.
    One query per registered concern."""
    funders = list(funders)
    today = today or timezone.localdate()
    ids = [f.pk for f in funders]
    found = {f.pk: [] for f in funders}
    if not ids:
        return found
    for concern in concerns():
        counts = concern.count(ids, today)
        for funder in funders:
            n, pounds = counts.get(funder.pk, (0, None))
            if not n:
                continue
            allowed = user is None or not concern.link_action
            allowed = allowed or can(user, concern.link_action, funder)
            found[funder.pk].append(
                Item(concern, n, pounds, concern.link(funder) if allowed else "")
            )
    return found
