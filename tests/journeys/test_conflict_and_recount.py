"""Story 2, through the pages: during an open vote a panel member declares a link to a group
they have already voted for, another member steps down, the vote closes and the round is
decided; then anyone can recount the votes from the Pabulib file, with the counting core on its
own (`python -m voting.core count`), with `manage.py count_votes` and on the staff's recount
page, and gets the projects the decision funded.

The round has £1,500, shared by Equal Shares; three plans cost £500 (A), £600 (B) and
£600 (C). Four residents vote: Rose for A and B, Dev for A and C, Ann for B and C, Kofi for C.
Counted like that, Equal Shares would fund C and then A (Rose and Dev pay for A).
But Rose is a member of A's group, and says so while the vote is open, so her vote no longer
counts for A; and Dev steps down, so his ballot is taken out. The three ballots left — Rose for
B, Ann for B and C, Kofi for C — give each voter £500: B costs Rose and Ann £300 each, C costs
Ann her last £200 and Kofi £400. B and C are funded; A is not."""

import io
import json
import os
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from awards.models import Award
from grants.models import RoundState
from panels.models import Declaration, MemberState, PanelMember
from tests.journeys.steps import ok, states, vote
from tests.journeys.test_cancelled_award import text_of
from tests.voting.helpers import voting_round
from voting.core import read_pb, write_pb
from voting.models import Ballot

pytestmark = pytest.mark.django_db

REPO = Path(settings.BASE_DIR)
RECEIPT = re.compile(r"\b[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}\b")


def recount_with_the_core(path, rule):
    """`python -m voting.core count FILE --rule RULE --json`, in a fresh process without
    Django, as anyone with the file and the code could run it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO")}
    env["PYTHONPATH"] = str(REPO)
    done = subprocess.run(  # noqa: S603  (our own module, our own file)
        [sys.executable, "-m", "voting.core", "count", str(path), "--rule", rule, "--json"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def recount_with_manage_py(path, rule):
    out = io.StringIO()
    call_command("count_votes", str(path), "--rule", rule, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_a_conflict_mid_vote_a_member_stepping_down_and_a_recount_from_the_pabulib_file(
    funder, officer, client_for, tmp_path, django_capture_on_commit_callbacks, outbox
):
    rnd, (a, b, c), users, _vote = voting_round(
        funder, 3, members=4, amounts=[500, 600, 600], allocation_rule="mes"
    )
    rose, dev, ann, kofi = (client_for(user) for user in users)
    staff = client_for(officer)

    # -- The four vote on their own pages ------------------------------------------------------
    ballot = text_of(rose.get(reverse("vote_ballot", args=[rnd.pk])))
    assert all(app.title in ballot for app in (a, b, c))
    receipts = []
    for client, picks in ((rose, (a, b)), (dev, (a, c)), (ann, (b, c)), (kofi, (c,))):
        page = vote(client, rnd, *picks)
        assert "Your vote is in" in page
        receipts.append(RECEIPT.search(page).group(0))
    assert "4 of 4 panel members" in text_of(staff.get(reverse("staff_vote", args=[rnd.pk])))

    # -- Rose tells the panel she is a member of A's group, while the vote is open -------------
    outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        ok(
            rose.post(
                reverse("panel_declare", args=[rnd.pk]),
                {
                    f"link_{a.pk}": "member",
                    f"details_{a.pk}": "I help run it",
                    f"link_{b.pk}": "none",
                    f"link_{c.pk}": "none",
                },
            )  # fmt: skip
        )
    (told,) = [m for m in outbox if m.to == [users[0].email]]
    assert "your vote no longer counts for their plan" in told.body
    assert a.title not in told.body and b.title not in told.body  # never how she voted
    # Her ballot now offers only what she may vote on, and still holds B.
    ballot = text_of(rose.get(reverse("vote_ballot", args=[rnd.pk])))
    assert a.title not in ballot and b.title in ballot
    assert rose.get(reverse("panel_application", args=[rnd.pk, a.pk])).status_code == 404
    # She cannot quietly take the link back: the answer is locked, what is posted is ignored.
    ok(
        rose.post(
            reverse("panel_declare", args=[rnd.pk]),
            {f"link_{a.pk}": "none", f"link_{b.pk}": "none", f"link_{c.pk}": "none"},
        )
    )
    assert Declaration.objects.get(member__user=users[0], application=a).link == "member"

    # -- Dev steps down, with a reason ---------------------------------------------------------
    with django_capture_on_commit_callbacks(execute=True):
        ok(dev.post(reverse("panel_step_down", args=[rnd.pk]), {"reason": "Moving away"}))
    assert PanelMember.objects.get(user=users[1]).state == MemberState.STEPPED_DOWN
    assert dev.get(reverse("vote_ballot", args=[rnd.pk])).status_code == 404
    assert "You are not on a panel." in text_of(dev.get(reverse("panel_list")))
    # The officer sees who left, and the link Rose declared (the helper names them Voter 0-3).
    panel = text_of(staff.get(reverse("staff_panel", args=[rnd.pk])))
    assert "Voter 1 Stepped down" in panel
    assert f"Voter 0 has a link to {a.reference} {a.title}: I am a member of the group" in panel
    assert Ballot.objects.filter(vote=_vote).count() == 3  # Rose's (B), Ann's, Kofi's
    status = text_of(staff.get(reverse("staff_vote", args=[rnd.pk])))
    assert "3 of 3 panel members" in status
    assert a.title not in status  # still no totals while the vote is open

    # -- The vote closes; the officer reads the outcome and confirms it ------------------------
    ok(staff.post(reverse("staff_vote_close", args=[rnd.pk]), {"sure": "on"}))
    outcome = text_of(staff.get(reverse("staff_vote_outcome", args=[rnd.pk])))
    for words in (
        "Each of the 3 voters had an equal share of the £1,500 budget: £500 each.",
        f"{b.title} Gets £600",
        f"{c.title} Gets £600",
        f"{a.title} No money Asked for £500 Not funded",
        "£1,200 of £1,500 given. £300 left over.",
    ):
        assert words in outcome, words
    ok(staff.post(reverse("staff_vote_confirm", args=[rnd.pk]), {"sure": "on"}))
    rnd.refresh_from_db()
    assert rnd.state == RoundState.DECIDED
    assert states(a, b, c) == ["not_awarded", "awarded", "awarded"]
    decided = {award.application.reference for award in Award.objects.all()}
    assert decided == {b.reference, c.reference}
    results = text_of(rose.get(reverse("vote_results", args=[rnd.pk])))
    assert b.title in results and c.title in results
    # Rose's receipt still finds her ballot (it counts, for B); Dev's finds nothing: his ballot
    # was taken out when he stepped down.
    check = reverse("vote_results", args=[rnd.pk])
    mine = text_of(rose.post(check, {"receipt": receipts[0]}))
    assert "A vote with that receipt code is in the count" in mine
    his = text_of(ann.post(check, {"receipt": receipts[1]}))
    assert "No vote has that receipt code" in his

    # -- Anyone recounts from the Pabulib file and gets the same projects ----------------------
    download = ok(staff.get(reverse("staff_vote_export", args=[rnd.pk])), 200)
    text = download.content.decode()
    assert "currency;GBP" in text and "budget;1500" in text
    for user in users:
        assert user.email not in text and user.display_name not in text
    path = tmp_path / "vote.pb"
    path.write_text(text, encoding="utf-8")
    core = recount_with_the_core(path, "mes")
    command = recount_with_manage_py(path, "mes")
    assert set(core["selected"]) == set(command["selected"]) == decided
    # The staff's recount page reads the same file the same way.
    page = ok(
        staff.post(
            reverse("staff_vote_recount", args=[rnd.pk]),
            {"file": SimpleUploadedFile("vote.pb", text.encode()), "rule": "mes"},
        ),
        200,
    )
    assert page.context["result"] is not None
    recounted = text_of(page)
    for app in (b, c):
        assert app.reference in recounted
    # Counted without Rose's conflict and Dev stepping down, the money would have gone to A.
    would_have = recount_with_the_core(_file_with_all_four(tmp_path, path, a, b, c), "mes")
    assert set(would_have["selected"]) == {a.reference, c.reference}


def _file_with_all_four(tmp_path, path, a, b, c):
    """The exported file with the four ballots as first cast (Rose's support for A and Dev's
    ballot put back), written by the counting core."""
    exported = read_pb(path)
    assert sorted(sorted(ballot) for ballot in exported.approvals) == sorted(
        [[b.reference], sorted([b.reference, c.reference]), [c.reference]]
    )
    first_cast = replace(
        exported,
        approvals=[
            frozenset({a.reference, b.reference}),
            frozenset({a.reference, c.reference}),
            frozenset({b.reference, c.reference}),
            frozenset({c.reference}),
        ],
    )
    out = tmp_path / "as-first-cast.pb"
    write_pb(first_cast, out)
    return out
