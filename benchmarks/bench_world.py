"""The benchmarks' world: a funder, its rounds, people in every role and as many applications
as asked for (with answers, panel work, awards, payments and reports), in a throwaway database.
Shared by `bench_pages.py` (pages timed in one process), `profile_pages.py` (where a page's
time goes) and `load.py` (many people at once, through gunicorn).

Import it after `django.setup()`.
"""

import contextlib
import os
import sys
import tempfile
import time
import types
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.http import HttpResponse
from django.urls import clear_url_caches, include, path

THEMES = ["Food", "Exercise", "Loneliness", "Young people", "Mental health"]
AREAS = ["Northfield", "Millbrook", "Eastside", "Riverside", "Westgate"]
KINDS = ["informal", "constituted", "charity", "cic", "faith", "other"]
PANEL_SIZE = 5


# --------------------------------------------------------------------------------------------
# A URL configuration with one extra, bare page
# --------------------------------------------------------------------------------------------
def bare(request):
    return HttpResponse("ok", content_type="text/plain")


def bare_with_user(request):
    """As bare, but asks who is signed in: the session and user look-ups every page makes."""
    answer = "signed in" if request.user.is_authenticated else "anonymous"
    return HttpResponse(answer, content_type="text/plain")


def use_bench_urls():
    module = types.ModuleType("bench_pages_urls")
    module.urlpatterns = [
        path("__bench__/bare/", bare),
        path("__bench__/bare-with-user/", bare_with_user),
        path("", include("config.urls")),
    ]
    sys.modules[module.__name__] = module
    settings.ROOT_URLCONF = module.__name__
    clear_url_caches()


# --------------------------------------------------------------------------------------------
# The world
# --------------------------------------------------------------------------------------------
class World:
    """The people and rounds every batch of data is added to."""

    def __init__(self):
        from allauth.mfa.totp.internal.auth import TOTP
        from django.utils import timezone

        from grants.demo import DEMO_TOTP_SECRET
        from grants.models import Funder, Group, GroupMember, Role, Round, User
        from grants.round_template import apply_template
        from panels.models import MemberState, PanelMember
        from panels.services import panel_for

        now = timezone.now()
        self.funder = Funder.objects.create(name="Bench ICB", slug="bench-icb")

        def user(email, name, *roles, second_factor=False):
            person = User.objects.create_user(email=email, name=name)
            for kind, scope in roles:
                Role.objects.create(user=person, kind=kind, **scope)
            if second_factor:
                TOTP.activate(person, DEMO_TOTP_SECRET)
            return person

        def round_(slug, state, **extra):
            dates = {"opens_at": now - timedelta(days=30), "closes_at": now + timedelta(days=30)}
            rnd = Round.objects.create(
                funder=self.funder, title=f"Bench {slug}", slug=f"bench-{slug}",
                summary="Money for groups that help people feel well.", budget=10_000_000,
                min_grant=300, max_grant=20_000, **{**dates, **extra},
            )  # fmt: skip
            apply_template(rnd)
            Round.objects.filter(pk=rnd.pk).update(state=state)
            rnd.refresh_from_db()
            return rnd

        self.open = round_("open", "open")
        past = {"opens_at": now - timedelta(days=200), "closes_at": now - timedelta(days=150)}
        self.screening = round_("screening", "screening", **past)
        self.scoring = round_("scoring", "scoring", **past)
        self.decided = round_("decided", "monitoring", **past)
        self.old = round_("old", "complete", **past)
        self.rounds = [self.open, self.screening, self.scoring, self.decided, self.old]

        funder = {"funder": self.funder}
        self.officer = user("officer@bench.example", "Olu", ("officer", funder), second_factor=True)
        self.viewer = user(
            "viewer@bench.example", "Fran", ("funder_viewer", funder), second_factor=True
        )
        self.applicant = user("applicant@bench.example", "Amina")
        self.group = Group.objects.create(
            name="Bench Lunch Club", kind="informal", area="Northfield", postcode="RV1 2AB",
            contact_name="Amina", contact_email="applicant@bench.example",
        )  # fmt: skip
        GroupMember.objects.create(group=self.group, user=self.applicant)
        panel = panel_for(self.scoring)
        self.members = []
        for i in range(PANEL_SIZE):
            person = user(
                f"panel{i}@bench.example",
                f"Resident {i}",
                ("panel_member", {"round": self.scoring}),
            )
            member = PanelMember.objects.create(panel=panel, user=person, name=f"Resident {i}")
            self.members.append(member)
        PanelMember.objects.filter(panel=panel).update(state=MemberState.ACTIVE)
        self.panel_user = self.members[0].user
        self.questions = {rnd.pk: list(rnd.questions.all()) for rnd in self.rounds}
        self.criteria = list(self.scoring.criteria.all())
        self.batches = 0
        self.applications = 0

    def add_batch(self, size):
        """Add `size` applications (and their groups, answers, panel work, awards, payments and
        reports) across the rounds, in realistic states."""
        from django.utils import timezone

        from awards.models import Award, Payment
        from grants.models import Answer, Application, BudgetLine, Group
        from panels.models import CriterionScore, Declaration, ScoreSheet
        from reports.models import Report

        b = self.batches
        self.batches += 1
        now = timezone.now()
        today = timezone.localdate()
        groups = Group.objects.bulk_create(
            Group(
                name=f"Group {b}-{i}", kind=KINDS[i % len(KINDS)],
                charity_number="1234567" if KINDS[i % len(KINDS)] == "charity" else "",
                area=AREAS[i % len(AREAS)], postcode=f"RV{i % 9 + 1} {i % 10}AB",
                contact_name="Pat", contact_email=f"g{b}-{i}@example.com",
            )
            for i in range(max(size // 2, 1))
        )  # fmt: skip
        # (round, state, share of the batch)
        plan = [
            (self.open, "draft", 6), (self.open, "submitted", 14),
            (self.screening, "submitted", 10), (self.screening, "eligible", 5),
            (self.screening, "ineligible", 3), (self.screening, "more_info_needed", 2),
            (self.scoring, "eligible", 4),
            (self.decided, "awarded", 15), (self.decided, "not_awarded", 25),
            (self.old, "withdrawn", 6), (self.old, "ineligible", 10),
        ]  # fmt: skip
        apps = []
        n = 0
        for rnd, state, share in plan:
            count = max(size * share // 100, 1)
            for _ in range(count):
                apps.append(
                    Application(
                        round=rnd, group=groups[n % len(groups)], reference=f"BN-{b:02d}{n:06d}",
                        title=f"Project {b}-{n}", amount_requested=500 + (n * 37) % 9000,
                        theme=THEMES[n % len(THEMES)], state=state,
                        submitted_at=None if state == "draft" else now,
                    )
                )  # fmt: skip
                n += 1
        # The applicant's own group: one application in each round, every batch.
        for i, (rnd, state) in enumerate(
            [(self.open, "submitted"), (self.screening, "submitted"), (self.scoring, "eligible"),
             (self.decided, "not_awarded"), (self.old, "withdrawn")]
        ):  # fmt: skip
            apps.append(
                Application(
                    round=rnd, group=self.group, reference=f"BA-{b:02d}{i:06d}",
                    title=f"Our plan {b}-{i}", amount_requested=800, theme="Food", state=state,
                    submitted_at=now,
                )
            )  # fmt: skip
        apps = Application.objects.bulk_create(apps, batch_size=2000)
        self.applications += len(apps)
        if b == 0:
            self.mine = next(a for a in apps if a.group_id == self.group.pk)

        # Answers and budgets where pages read them: the panel's round and the applicant's.
        readable = [a for a in apps if a.round_id == self.scoring.pk or a.group_id == self.group.pk]
        Answer.objects.bulk_create(
            (
                Answer(application=a, question=q, text="We meet every week for lunch. " * 6)
                for a in readable
                for q in self.questions[a.round_id]
            ),
            batch_size=2000,
        )
        BudgetLine.objects.bulk_create(
            BudgetLine(application=a, order=0, item="Hall hire", amount=a.amount_requested)
            for a in readable
        )

        # The panel: every member declares on every application; most score it.
        panel_apps = [a for a in apps if a.round_id == self.scoring.pk]
        if b == 0:
            self.panel_app = panel_apps[1]  # member 0 has a link to the first one
        Declaration.objects.bulk_create(
            (
                Declaration(member=m, application=a, link="family" if (j + k) % 23 == 0 else "none")
                for j, m in enumerate(self.members)
                for k, a in enumerate(panel_apps)
            ),
            batch_size=2000,
        )
        sheets = ScoreSheet.objects.bulk_create(
            (
                ScoreSheet(member=m, application=a, comment="A good plan.", is_complete=True)
                for j, m in enumerate(self.members)
                for k, a in enumerate(panel_apps)
                if (j + k) % 23 and j  # member 0 (the one measured) has scored nothing yet
            ),
            batch_size=2000,
        )
        CriterionScore.objects.bulk_create(
            (
                CriterionScore(sheet=s, criterion=c, value=1 + (s.pk + c.pk) % 4)
                for s in sheets
                for c in self.criteria
            ),
            batch_size=2000,
        )

        # Awards, payments and end reports for the funded applications.
        funded = [a for a in apps if a.state == "awarded"]
        awards = Award.objects.bulk_create(
            (
                Award(
                    application=a, funder=self.funder, round=a.round, group=a.group,
                    amount=a.amount_requested, state="paid" if i % 2 else "accepted",
                    start_date=today - timedelta(days=120), end_date=today + timedelta(days=60),
                    accepted_at=now,
                )
                for i, a in enumerate(funded)
            ),
            batch_size=2000,
        )  # fmt: skip
        Payment.objects.bulk_create(
            (
                Payment(award=w, payee="group", amount=w.amount, paid_on=today,
                        state="made" if w.state == "paid" else "scheduled",
                        recorded_by=self.officer)
                for w in awards
            ),
            batch_size=2000,
        )  # fmt: skip
        Report.objects.bulk_create(
            (
                Report(
                    award=w, funder=self.funder, round=w.round, group=w.group, kind="final",
                    opens_on=today - timedelta(days=10), due_on=today + timedelta(days=i % 40 - 20),
                    state=["accepted", "submitted", "due", "scheduled"][i % 4],
                    what_you_did="We met every week.", who_took_part="About 20 people.",
                    difference_made="People feel less alone.", people_count=10 + i % 40,
                )
                for i, w in enumerate(awards)
            ),
            batch_size=2000,
        )  # fmt: skip


# --------------------------------------------------------------------------------------------
# Measuring
# --------------------------------------------------------------------------------------------
def pages(world):
    """(label, who, url): each role's key pages."""
    return [
        ("Public round page", None, f"/rounds/{world.open.slug}/"),
        ("Applicant: your page", world.applicant, "/me/"),
        ("Applicant: an application", world.applicant, f"/applications/{world.mine.reference}/"),
        (
            "Officer: screening list",
            world.officer,
            f"/staff/rounds/{world.screening.pk}/applications/",
        ),
        ("Panel: reading list", world.panel_user, f"/panel/{world.scoring.pk}/"),
        (
            "Panel: reading an application",
            world.panel_user,
            f"/panel/{world.scoring.pk}/applications/{world.panel_app.pk}/",
        ),
        ("Panel: results", world.panel_user, f"/panel/{world.scoring.pk}/results/"),
        ("Officer: award register", world.officer, f"/staff/funders/{world.funder.slug}/awards/"),
        ("Funder viewer: dashboard", world.viewer, "/reports/outcomes/"),
    ]


BARE = "/__bench__/bare/"
BARE_WITH_USER = "/__bench__/bare-with-user/"
LAYOUT = "/accessibility/"


class Clients:
    def __init__(self):
        from django.test import Client

        self.make = Client
        self.by_user = {}

    def __call__(self, user):
        key = user.pk if user else None
        if key not in self.by_user:
            client = self.make()
            if user:
                client.force_login(user)
            self.by_user[key] = client
        return self.by_user[key]


def get(client, url):
    """The page, which must answer 200 (a bar held in every mode)."""
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"Bar missed: {url} answered {response.status_code}, not 200")
    return response


# --------------------------------------------------------------------------------------------
# A throwaway database
# --------------------------------------------------------------------------------------------
@contextlib.contextmanager
def throwaway_database(prefix=None):
    """A new, empty database for the run, dropped afterwards: an SQLite file in a temporary
    folder, or — when DATABASE_URL names a server — a new database named <prefix>_<pid> on it
    (prefix from SEEDBED_BENCH_DB_PREFIX, else seedbed_bench). Never touches db.sqlite3 or the
    database DATABASE_URL names. Yields a sentence saying where it is."""
    prefix = prefix or os.environ.get("SEEDBED_BENCH_DB_PREFIX") or "seedbed_bench"
    database = settings.DATABASES["default"]
    folder = tempfile.TemporaryDirectory(prefix="seedbed-bench-")
    if database["ENGINE"].endswith("sqlite3"):
        database["TEST"]["NAME"] = str(Path(folder.name) / "bench.sqlite3")
        where = "a temporary SQLite file"
    else:
        database["TEST"]["NAME"] = f"{prefix}_{os.getpid()}"
        where = f"{connection.vendor} database {database['TEST']['NAME']} (dropped afterwards)"
    settings.MEDIA_ROOT = Path(folder.name) / "media"
    started = time.perf_counter()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        yield f"{where}; made in {time.perf_counter() - started:.1f} s"
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        folder.cleanup()
