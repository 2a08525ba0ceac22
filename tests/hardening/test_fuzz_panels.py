"""Fuzzing the panel's forms: inviting, joining, leaving, declaring links, an officer changing
a member's link, scoring, meeting notes, waiving the minimum scores and paying members."""

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from panels import services
from panels.models import (
    CriterionScore,
    Declaration,
    MeetingNote,
    MemberPayment,
    PanelMember,
    ScoreSheet,
)
from tests.hardening.fuzz_support import FUZZ_SETTINGS, Case, covers, fuzz, rows
from tests.panels.helpers import active_member, declare_all, scoring_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def scoring(funder):
    return scoring_round(funder, 3)


@pytest.fixture
def member(scoring):
    rnd, apps = scoring
    m = active_member(rnd, "rose.member@example.com", "Rose")
    return m


@pytest.fixture
def declared(scoring, member):
    _rnd, apps = scoring
    declare_all(member, apps, conflicts=[apps[0]])
    return member


def panel_picture():
    return (
        rows(PanelMember.objects.all(), "pk", "state", "name", "step_down_reason"),
        rows(Declaration.objects.all(), "pk", "application_id", "link", "details"),
        rows(ScoreSheet.objects.all(), "pk", "comment"),
        rows(CriterionScore.objects.all(), "pk", "criterion_id", "value"),
        rows(MeetingNote.objects.all(), "pk", "text"),
        rows(MemberPayment.objects.all(), "pk", "kind", "what_for", "amount", "paid_on"),
    )


@covers("panels.forms.InviteForm")
@FUZZ_SETTINGS
@given(data=st.data())
def test_fuzz_invite(client_for, officer, scoring, member, data):
    rnd, _apps = scoring
    case = Case(
        form="panels.forms.InviteForm",
        client=client_for(officer),
        url=reverse("staff_panel_invite", args=[rnd.pk]),
        fields={"name": "text", "email": "email", "chair": "bool"},
        base={"name": "Jo Resident", "email": "jo@example.com"},
        snapshot=panel_picture,
    )
    fuzz(case, data)


@covers("panels.forms.AcceptForm")
@FUZZ_SETTINGS
@given(data=st.data())
def test_fuzz_join_panel(client_for, officer, scoring, data):
    rnd, _apps = scoring
    invited = services.member_invite(rnd, name="Jo", email="jo@example.com", by=officer)
    case = Case(
        form="panels.forms.AcceptForm",
        client=client_for(invited.user),
        url=reverse("panel_invitation", args=[invited.token]),
        fields={"read_guide": "bool", "agree_conduct": "bool"},
        base={"read_guide": "on", "agree_conduct": "on"},
        snapshot=panel_picture,
    )
    fuzz(case, data)


@covers("panels.forms.StepDownForm")
@FUZZ_SETTINGS
@given(data=st.data(), by_officer=st.booleans())
def test_fuzz_step_down(client_for, officer, scoring, member, data, by_officer):
    rnd, _apps = scoring
    url = (
        reverse("staff_panel_member_step_down", args=[rnd.pk, member.pk])
        if by_officer
        else reverse("panel_step_down", args=[rnd.pk])
    )
    case = Case(
        form="panels.forms.StepDownForm",
        client=client_for(officer if by_officer else member.user),
        url=url,
        fields={"reason": "text"},
        base={"reason": "Moving away."},
        snapshot=panel_picture,
    )
    fuzz(case, data)


@covers("panels.forms.WaiveForm")
@FUZZ_SETTINGS
@given(data=st.data())
def test_fuzz_waive(client_for, officer, scoring, data):
    from panels.services import panel_for

    rnd, _apps = scoring
    panel_for(rnd)  # the panel page makes the round's panel row when first shown
    case = Case(
        form="panels.forms.WaiveForm",
        client=client_for(officer),
        url=reverse("staff_panel_waive", args=[rnd.pk]),
        fields={"reason": "text"},
        base={"reason": "Two members are ill."},
        snapshot=lambda: rows(type(rnd).objects.filter(pk=rnd.pk), "pk", "state"),
    )
    fuzz(case, data)


@covers("panels.forms.NoteForm")
@FUZZ_SETTINGS
@given(data=st.data())
def test_fuzz_meeting_note(client_for, officer, scoring, declared, data):
    rnd, apps = scoring
    prefix = f"note{apps[1].pk}"
    case = Case(
        form="panels.forms.NoteForm",
        client=client_for(officer),
        url=reverse("panel_meeting_note", args=[rnd.pk, apps[1].pk]),
        fields={f"{prefix}-text": "text", "big": "choice"},
        snapshot=panel_picture,
    )
    fuzz(case, data)


@covers("panels.forms.PaymentForm")
@FUZZ_SETTINGS
@given(data=st.data())
def test_fuzz_member_payment(client_for, officer, scoring, member, data):
    rnd, _apps = scoring
    case = Case(
        form="panels.forms.PaymentForm",
        client=client_for(officer),
        url=reverse("staff_panel_payment_new", args=[rnd.pk, member.pk]),
        fields={"kind": "choice", "what_for": "text", "amount": "money", "paid_on": "date"},
        base={
            "kind": MemberPayment._meta.get_field("kind").choices[0][0],
            "what_for": "Reading and scoring",
            "amount": "25",
        },
        snapshot=panel_picture,
    )
    fuzz(case, data)


@covers("panels.forms.DeclarationForm")
@FUZZ_SETTINGS
@given(data=st.data())
def test_fuzz_declare(client_for, scoring, declared, data):
    """Answers that could be read are saved (by design); an answer with an error leaves what
    was declared before for that application as it was."""
    member = declared
    rnd, apps = scoring
    Declaration.objects.filter(member=member, application=apps[2]).update(
        link=Declaration.Link.OTHER, details="Saved before"
    )
    saved = {d.application_id: (d.link, d.details) for d in Declaration.objects.all()}
    fields, base = {}, {}
    for app in apps:
        fields[f"link_{app.pk}"] = "choice"
        fields[f"details_{app.pk}"] = "text"
        base[f"link_{app.pk}"] = "none"

    def unanswered_kept(response, overrides):
        form = response.context and response.context.get("form")
        if form is None:
            return
        now = {d.application_id: (d.link, d.details) for d in Declaration.objects.all()}
        for app in apps:
            if f"link_{app.pk}" in form.errors or f"details_{app.pk}" in form.errors:
                assert now.get(app.pk) == saved.get(app.pk), f"lost the declaration on {app}"

    case = Case(
        form="panels.forms.DeclarationForm",
        client=client_for(member.user),
        url=reverse("panel_declare", args=[rnd.pk]),
        fields=fields,
        base=base,
        after=unanswered_kept,
        # Answers that could be read are saved (by design); `unanswered_kept` checks the rest.
        may_change_when_refused=("panels.Declaration",),
    )
    fuzz(case, data)


@covers("panels.forms.CorrectDeclarationForm")
@FUZZ_SETTINGS
@given(data=st.data())
def test_fuzz_correct_declaration(client_for, officer, scoring, declared, data):
    """An officer changes a member's answer on one plan, with a reason."""
    rnd, apps = scoring
    case = Case(
        form="panels.forms.CorrectDeclarationForm",
        client=client_for(officer),
        url=reverse("staff_panel_declaration", args=[rnd.pk, declared.pk, apps[1].pk]),
        fields={"link": "choice", "details": "text", "reason": "text"},
        base={"link": "family", "details": "", "reason": "She phoned: her sister runs it."},
        snapshot=panel_picture,
    )
    fuzz(case, data)


@covers("panels.forms.ScoreForm")
@FUZZ_SETTINGS
@given(data=st.data())
def test_fuzz_score(client_for, scoring, declared, data):
    rnd, apps = scoring
    criteria = list(rnd.criteria.all())
    # Scores saved earlier, which a bad post must not lose.
    services.scores_save(
        declared, apps[1], values={c.pk: 2 for c in criteria}, comment="Saved before",
        by=declared.user,
    )  # fmt: skip
    fields = {f"score-criterion_{c.pk}": "choice" for c in criteria}
    fields.update({"score-comment": "text", "go": "choice"})
    case = Case(
        form="panels.forms.ScoreForm",
        client=client_for(declared.user),
        url=reverse("panel_score", args=[rnd.pk, apps[1].pk]),
        fields=fields,
        base={"go": "stay", **{f"score-criterion_{c.pk}": "3" for c in criteria}},
        snapshot=panel_picture,
    )
    fuzz(case, data)
