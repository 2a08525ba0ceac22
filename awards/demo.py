"""Demo awards: offers in several states on last year's demo round (made by `grants.demo`),
accepted by the groups' own people and paid in one or two parts."""

from datetime import timedelta

from django.utils import timezone

from grants.demo.rounds import FINISHED_ROUND
from grants.selectors import awarded_applications, user_by_email

from .models import Award
from .services.offers import offer_accept, offer_make
from .services.payments import payment_record

# group, amount offered, how far it gets
PLANS = [
    ("Tuesday Lunch Club", 800, "accepted"),
    ("Millbrook Walkers", 1500, "paid"),
    ("Eastside Community Fridge", 2000, "offered"),
]


def add_demo_awards(funder, rnd):
    """Idempotent: only awarded applications with no offer yet get one."""
    officer = user_by_email("officer@seedbed.example")
    today = timezone.localdate()
    offered = set(Award.objects.values_list("application_id", flat=True))
    waiting = {
        app.group.name: app for app in awarded_applications(FINISHED_ROUND) if app.pk not in offered
    }
    for name, amount, goal in PLANS:
        app = waiting.get(name)
        if app is None:
            continue
        group = app.group
        award = offer_make(
            app,
            amount=amount,
            by=None,
            conditions="Please say in your posts that the money came from the ICB.",
            start_date=today - timedelta(days=200),
            end_date=today + timedelta(days=165),
            accept_by=today + timedelta(days=21),
            # The demo pays in two halves (see `_pay`); the letter says so.
            second_payment_on=today + timedelta(days=30),
        )
        if goal == "offered":
            continue
        member = group.members.first()
        award = offer_accept(
            award,
            by=member,
            accepted_name=member.name if member else group.contact_name,
            payment_route=group.payment_route or "bank",
            payee_name=(group.host_name if group.payment_route == "host" else "")
            or group.bank_account_name
            or group.name,
            two_people_agree=True,
        )
        _pay(award, officer, amount, paid_in_full=goal == "paid", today=today)


def _pay(award, officer, amount, *, paid_in_full, today):
    payee = "host" if award.payment_route == "host" else "group"
    if paid_in_full:
        payment_record(
            award, by=officer, amount=amount, payee=payee, made=True, reference="DEMO-001"
        )
        return
    half = amount // 2
    payment_record(award, by=officer, amount=half, payee=payee, made=True, reference="DEMO-002")
    payment_record(
        award,
        by=officer,
        amount=amount - half,
        payee=payee,
        made=False,
        due_on=today + timedelta(days=30),
    )
