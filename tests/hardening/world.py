"""One of everything: a small world with an object of every kind and a person in every role.

`build_world()` (needs the database) returns a `World`. The permission matrix visits every page
of the project with it; the fuzzing tests may reuse it to find a page's objects and a person
allowed to post to it. `signed_in_client(user)` gives a test client signed in as someone, with
the sign-in recorded just now (so pages that ask staff to confirm who they are let them through).

What is in it:

- funder X ("testshire-icb") and funder Y ("elsewhere");
- `open_round` (X, open for applications) with group A's sent application `application` and its
  answer with a recording, `answer`;
- `draft_round` (X, a draft) with its `question` and `criterion`, for the set-up pages;
- `round` (X, at the voting stage; its vote closed and counted) with three eligible applications
  (`panel_app` is the first), its panel: `membership` (the panel member, with a payment
  `member_payment`), the conflicted member (who declared a family link to `panel_app`), and a
  ballot, and left-over money given to the third application (`extra`);
- `monitoring_round` (X, monitoring) with group A's accepted `award`, a planned `payment`, a
  `report` that is due with a `photo`, and a finished outcomes PDF `pdf_job`;
- `y_round` (Y, open), so officers of Y have something of their own.
"""

import io
from dataclasses import dataclass, field
from datetime import timedelta

from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone

from directory.models import Listing, ListingState

ROLES = [
    "anonymous",
    "applicant_a",
    "applicant_b",
    "supporter",
    "panel_member",
    "conflicted_member",
    "officer_x",
    "officer_y",
    "viewer_x",
    "admin",
]


@dataclass
class World:
    users: dict = field(default_factory=dict)  # role -> User (None for anonymous)
    objects: dict = field(default_factory=dict)  # name -> object

    def __getattr__(self, name):
        try:
            return self.__dict__["objects"][name]
        except KeyError:
            raise AttributeError(name) from None


def _jpeg():
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), (10, 120, 40)).save(out, format="JPEG")
    return out.getvalue()


def build_world() -> World:
    from awards.models import Award, AwardState, Payment, Recovery
    from awards.services.offers import reporting_tier_for
    from grants.models import Answer, Application, ApplicationState, Funder, Role, RoundState
    from panels.models import MemberPayment
    from reports import services as report_services
    from reports.models import OutcomesPdf, OutcomesPdfState, ReportPhoto
    from tests.conftest import give_second_factor, make_group, make_round, make_user
    from tests.panels.helpers import active_member, declare_all, scoring_round
    from voting.services.ballots import ballot_cast, vote_for
    from voting.services.decision import vote_close_and_count

    w = World()
    o = w.objects
    funder_x = o["funder_x"] = Funder.objects.create(
        name="NHS Testshire Integrated Care Board", slug="testshire-icb", prefix_360="360G-test"
    )
    funder_y = o["funder_y"] = Funder.objects.create(name="Elsewhere Council", slug="elsewhere")

    # People -------------------------------------------------------------------------------
    u = w.users
    u["anonymous"] = None
    u["applicant_a"] = make_user("amina@example.com", "Amina")
    u["applicant_b"] = make_user("bob@example.com", "Bob")
    u["supporter"] = make_user("sam.supporter@example.com", "Sam")
    Role.objects.create(user=u["supporter"], kind=Role.Kind.SUPPORTER, funder=funder_x)
    u["officer_x"] = give_second_factor(make_user("olu.officer@example.com", "Olu"))
    Role.objects.create(user=u["officer_x"], kind=Role.Kind.OFFICER, funder=funder_x)
    u["officer_y"] = give_second_factor(make_user("yan.officer@example.com", "Yan"))
    Role.objects.create(user=u["officer_y"], kind=Role.Kind.OFFICER, funder=funder_y)
    u["viewer_x"] = give_second_factor(make_user("fran.viewer@example.com", "Fran"))
    Role.objects.create(user=u["viewer_x"], kind=Role.Kind.FUNDER_VIEWER, funder=funder_x)
    u["admin"] = give_second_factor(
        make_user("alex.admin@example.com", "Alex", is_staff=True, is_superuser=True)
    )

    group_a = o["group_a"] = make_group("Tuesday Lunch Club", u["applicant_a"])
    group_a.supporters.add(u["supporter"])
    o["group_b"] = make_group("Millbrook Walkers", u["applicant_b"])
    o["group"] = group_a

    # An open round with group A's sent application ------------------------------------------
    open_round = o["open_round"] = make_round(funder_x)
    app = o["application"] = Application.objects.create(
        round=open_round,
        group=group_a,
        title="Tuesday lunches",
        amount_requested=800,
        created_by=u["applicant_a"],
        submitted_at=timezone.now(),
    )
    Application.objects.filter(pk=app.pk).update(state=ApplicationState.SUBMITTED)
    app.refresh_from_db()
    answer = Answer(application=app, question=open_round.questions.first(), text="We cook.")
    answer.recording.save("answer.mp3", ContentFile(b"ID3 not really audio"), save=False)
    answer.recording_type = "audio/mpeg"
    answer.save()
    o["answer"] = answer
    o["y_round"] = make_round(funder_y)

    # A draft round, for the set-up pages ----------------------------------------------------
    draft = o["draft_round"] = make_round(funder_x, state=RoundState.DRAFT)
    o["question"] = draft.questions.first()
    o["criterion"] = draft.criteria.first()

    # A round at the voting stage, its panel and its counted vote -------------------------
    rnd, apps = scoring_round(funder_x, 3, state=RoundState.VOTING, budget=1500)
    o["round"], o["panel_app"] = rnd, apps[0]
    o["panel_answer"] = apps[0].answers.first()
    o["panel_answer"].recording.save("panel.mp3", ContentFile(b"ID3 audio"), save=True)
    member = o["membership"] = active_member(rnd, "rose.panel@example.com", "Rose")
    u["panel_member"] = member.user
    declare_all(member, apps)
    conflicted = active_member(rnd, "con.panel@example.com", "Connie")
    u["conflicted_member"] = conflicted.user
    declare_all(conflicted, apps, conflicts=[apps[0]])
    o["conflicted_membership"] = conflicted
    o["member_payment"] = MemberPayment.objects.create(
        member=member, kind="voucher", what_for="Meeting, 3 hours", amount=30
    )
    vote = vote_for(rnd)
    ballot_cast(vote, member.user, {"approve": [apps[0].reference, apps[1].reference]})
    o["vote"] = vote_close_and_count(vote, by=u["officer_x"], reason="Everyone has voted.")
    from voting.services.decision import extra_add

    o["extra"] = extra_add(
        o["vote"], apps[2], amount=50, reason="The panel asked for it.", by=u["officer_x"]
    )

    # A round being monitored: an accepted award, a planned payment, a due report ---------
    mon = o["monitoring_round"] = make_round(
        funder_x, state=RoundState.MONITORING, max_grant=20000, budget=100000
    )
    today = timezone.localdate()
    won = Application.objects.create(
        round=mon, group=group_a, title="Lunch club", amount_requested=900,
        submitted_at=timezone.now(),
    )  # fmt: skip
    Application.objects.filter(pk=won.pk).update(state=ApplicationState.AWARDED)
    award = Award.objects.create(
        application=won,
        funder=funder_x,
        round=mon,
        group=group_a,
        amount=900,
        start_date=today - timedelta(days=100),
        end_date=today + timedelta(days=100),
        reporting_tier=reporting_tier_for(mon, 900),
        accepted_at=timezone.now(),
    )
    Award.objects.filter(pk=award.pk).update(state=AwardState.ACCEPTED)
    o["award"] = Award.objects.get(pk=award.pk)
    o["payment"] = Payment.objects.create(
        award=award, payee="group", amount=400, due_on=today + timedelta(days=7)
    )
    # Money due back (as if from an earlier cancelled award's ledger; only its page is used).
    o["recovery"] = Recovery.objects.create(award=award, amount=100)
    (report,) = report_services.reports_schedule(o["award"])
    from reports.models import Report, ReportState

    Report.objects.filter(pk=report.pk).update(state=ReportState.DUE)
    o["report"] = Report.objects.get(pk=report.pk)
    photo = ReportPhoto(report=report, caption="Lunch", width=8, height=8)
    photo.image.save("photo.jpg", ContentFile(_jpeg()), save=True)
    o["photo"] = photo
    job = OutcomesPdf(
        funder=funder_x, state=OutcomesPdfState.READY, requested_by=u["officer_x"], progress=100
    )
    job.file.save("outcomes.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    o["pdf_job"] = job
    # Group A's listing in the directory, listed (checked by funder X) -----------------------
    listing = o["listing"] = Listing.objects.create(
        group=group_a, funder=funder_x, name="Tuesday Lunch Club", theme="food",
        description="Lunch and a chat.", who_for="Anyone.", venue="St Mark's Hall",
        postcode="RV1 2AB", contact_email="lunch@example.com",
    )  # fmt: skip
    Listing.objects.filter(pk=listing.pk).update(state=ListingState.LISTED)
    o["listing_public_id"] = str(listing.public_id)
    return w


def signed_in_client(user):
    """A test client for `user` (anonymous if None), signed in just now."""
    from tests.conftest import mark_recently_authenticated

    client = Client()
    if user is not None:
        client.force_login(user)
        mark_recently_authenticated(client, user)
    return client
