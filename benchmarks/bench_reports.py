"""Benchmark for reports: the outcomes PDF for a 500-grant round (target: under 10 s) and the
outcomes dashboard's query count at 1× and 10× data (must be equal).

Makes its own data in a throwaway in-memory SQLite database (the test settings' test
database) and a temporary folder for files; touches nothing else.

    uv run python benchmarks/bench_reports.py
"""

import os
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

GRANTS_PER_ROUND = 500
THEMES = ["Food", "Exercise", "Loneliness", "Young people", "Mental health"]
AREAS = ["Northfield", "Millbrook", "Eastside", "Riverside", "Westgate"]
KINDS = ["informal", "constituted", "charity", "cic", "faith", "other"]


def make_round(funder, number, officer):
    from django.utils import timezone

    from awards.models import Award, AwardState, Payment, PaymentState
    from grants.models import Application, ApplicationState, Group, Round
    from reports.models import Report, ReportState

    now = timezone.now()
    today = timezone.localdate()
    rnd = Round.objects.create(
        funder=funder, title=f"Bench round {number}", slug=f"bench-{number}",
        summary="Benchmark.", budget=10_000_000, min_grant=300, max_grant=20000,
        opens_at=now - timedelta(days=400), closes_at=now - timedelta(days=300),
    )  # fmt: skip
    groups = Group.objects.bulk_create(
        Group(
            name=f"Group {number}-{i}", kind=KINDS[i % len(KINDS)],
            charity_number="1234567" if KINDS[i % len(KINDS)] == "charity" else "",
            area=AREAS[i % len(AREAS)], postcode=f"RV{i % 9 + 1} {i % 10}AB",
            contact_name="Pat", contact_email=f"g{number}-{i}@example.com",
        )
        for i in range(GRANTS_PER_ROUND)
    )  # fmt: skip
    apps = Application.objects.bulk_create(
        Application(
            round=rnd, group=g, title=f"Project {i}", amount_requested=500 + (i * 37) % 9000,
            theme=THEMES[i % len(THEMES)], state=ApplicationState.AWARDED, submitted_at=now,
        )
        for i, g in enumerate(groups)
    )  # fmt: skip
    awards = Award.objects.bulk_create(
        Award(
            application=a, funder=funder, round=rnd, group=a.group,
            amount=a.amount_requested, state=AwardState.PAID if i % 2 else AwardState.ACCEPTED,
            start_date=today - timedelta(days=300), end_date=today - timedelta(days=30),
            accepted_at=now,
        )
        for i, a in enumerate(apps)
    )  # fmt: skip
    Payment.objects.bulk_create(
        Payment(award=w, payee="group", amount=w.amount, state=PaymentState.MADE, paid_on=today,
                recorded_by=officer)
        for w in awards
    )  # fmt: skip
    states = [ReportState.ACCEPTED, ReportState.SUBMITTED, ReportState.DUE, ReportState.ACCEPTED]
    Report.objects.bulk_create(
        Report(
            award=w, funder=funder, round=rnd, group=w.group, kind="final",
            opens_on=today - timedelta(days=40), due_on=today + timedelta(days=(i % 5) - 2),
            state=states[i % len(states)], asks_numbers=True,
            what_you_did="We met every week and did things together. " * 3,
            who_took_part="About 20 local people.",
            difference_made="People feel less alone and more able to cope. " * 2,
            people_count=10 + i % 40, sessions_count=12, volunteers_count=3, volunteer_hours=50,
            consent_to_share=i % 3 == 0, reviewed_at=now,
        )
        for i, w in enumerate(awards)
    )  # fmt: skip
    return rnd


def main():
    import logging

    for noisy in ("weasyprint", "fontTools", "django.tasks"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    media = tempfile.TemporaryDirectory()
    settings.MEDIA_ROOT = media.name
    try:
        run()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        media.cleanup()


def run():
    from allauth.mfa.totp.internal.auth import TOTP
    from django.test import Client

    from grants.demo import DEMO_TOTP_SECRET
    from grants.models import Funder, Role, User
    from reports.pdf import render_outcomes_pdf

    funder = Funder.objects.create(name="Bench ICB", slug="bench-icb")
    viewer = User.objects.create_user(email="viewer@bench.example", name="Viewer")
    Role.objects.create(user=viewer, kind="funder_viewer", funder=funder)
    Role.objects.create(user=viewer, kind="officer", funder=funder)
    TOTP.activate(viewer, DEMO_TOTP_SECRET)

    started = time.perf_counter()
    first = make_round(funder, 1, viewer)
    print(f"Made a {GRANTS_PER_ROUND}-grant round in {time.perf_counter() - started:.1f} s")

    started = time.perf_counter()
    pdf = render_outcomes_pdf(funder, {"round": first.pk}, rnd=first)
    seconds = time.perf_counter() - started
    verdict = "OK" if seconds < 10 else "SLOWER THAN THE 10 s TARGET"
    print(f"Outcomes PDF for a {GRANTS_PER_ROUND}-grant round: {seconds:.2f} s, "
          f"{len(pdf) / 1024:.0f} KB ({verdict})")  # fmt: skip

    client = Client()
    client.force_login(viewer)

    def dashboard():
        client.get("/reports/outcomes/")  # warm up the session and caches
        with CaptureQueriesContext(connection) as queries:
            t0 = time.perf_counter()
            response = client.get("/reports/outcomes/")
            took = time.perf_counter() - t0
        assert response.status_code == 200, response.status_code
        return len(queries), took

    once, once_s = dashboard()
    for number in range(2, 11):
        make_round(funder, number, viewer)
    ten, ten_s = dashboard()
    print(f"Dashboard queries at 1× ({GRANTS_PER_ROUND} grants): {once} ({once_s * 1000:.0f} ms)")
    print(
        f"Dashboard queries at 10× ({GRANTS_PER_ROUND * 10} grants): {ten} ({ten_s * 1000:.0f} ms)"
    )
    print("Query counts equal:", "yes" if once == ten else "NO")
    if once != ten or seconds >= 10:
        sys.exit(1)


if __name__ == "__main__":
    main()
