"""Data protection: the retention rule, the subject-access export, deleting a person."""

import json
import os
import re
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from awards.models import Award
from core.models import AuditEvent
from core.privacy import BALLOT_SECRECY, pseudonym_for
from core.transitions import perform
from grants.models import (
    Answer,
    Application,
    ApplicationState,
    BudgetLine,
    Group,
    GroupMember,
    User,
)
from grants.privacy import (
    ACCOUNT_ANONYMISED,
    ACCOUNT_DELETED,
    DATA_EXPORTED,
    REMOVED_FROM_APPLICATION,
    REMOVED_FROM_GROUP,
    applications_due_for_removal,
    delete_user,
    export_personal_data,
    export_personal_data_json,
    remove_old_personal_data,
    retention_days,
)
from panels.models import Declaration, MeetingNote, PanelMember, ScoreSheet
from tests.conftest import make_group
from tests.panels.helpers import active_member, scoring_round
from tests.voting.helpers import approve, voting_round
from voting.models import Ballot

LONG_AGO = timedelta(days=400)


def application(rnd, group, by, *, state, title="Lunch and a chat", amount=800, theme="Food"):
    app = Application.objects.create(
        round=rnd,
        group=group,
        title=title,
        amount_requested=amount,
        theme=theme,
        created_by=by,
        submitted_at=timezone.now() - LONG_AGO,
    )
    for question in rnd.questions.all():
        Answer.objects.create(
            application=app, question=question, text=f"Maureen at 3 Elm Road says {question.pk}"
        )
    BudgetLine.objects.create(application=app, order=0, item="Maureen's taxi", amount=500)
    BudgetLine.objects.create(application=app, order=1, item="Hall hire", amount=300)
    Application.objects.filter(pk=app.pk).update(state=state)
    app.refresh_from_db()
    return app


def ended(app, ago=LONG_AGO, from_state="submitted"):
    """Give the application the audit record of reaching its state, `ago` ago."""
    AuditEvent.objects.create(
        content_type=ContentType.objects.get_for_model(Application),
        object_id=str(app.pk),
        object_label=str(app),
        transition="x",
        from_state=from_state,
        to_state=app.state,
        actor_label="test",
        at=timezone.now() - ago,
    )
    return app


def record(app, with_file=True):
    answer = app.answers.first()
    answer.recording.save("voice.m4a", ContentFile(b"audio"), save=False)
    answer.recording_type = "audio/mp4"
    answer.save()
    return answer


# --------------------------------------------------------------------------------------------
# Retention
# --------------------------------------------------------------------------------------------
def test_the_retention_period_is_a_setting(settings):
    assert retention_days() == 365
    settings.SEEDBED_RETENTION_DAYS = 30
    assert retention_days() == 30


@pytest.mark.parametrize("state", ["ineligible", "not_awarded", "withdrawn"])
def test_old_unsuccessful_and_withdrawn_applications_lose_personal_data_but_keep_figures(
    open_round, group_a, applicant, state
):
    app = ended(application(open_round, group_a, applicant, state=state))
    answer = record(app)
    path = answer.recording.path
    summary = remove_old_personal_data()

    assert summary.applications == 1 and summary.recordings == 1 and summary.groups == 1
    app.refresh_from_db()
    # Figures kept
    assert (app.state, app.amount_requested, app.theme, app.round_id) == (
        state,
        800,
        "Food",
        open_round.pk,
    )
    assert app.submitted_at is not None
    assert app.created_by is None
    # Words, recordings and budget descriptions gone; amounts kept
    assert set(app.answers.values_list("text", flat=True)) == {""}
    assert set(app.answers.values_list("recording", flat=True)) == {""}
    assert not os.path.exists(path)
    assert list(app.budget_lines.values_list("item", "amount")) == [("", 500), ("", 300)]
    # The group had nothing else live: contact details gone, kind/area/postcode district kept
    group = Group.objects.get(pk=group_a.pk)
    assert (group.contact_name, group.contact_email, group.contact_phone) == ("", "", "")
    assert (group.second_contact_name, group.second_contact_email) == ("", "")
    assert group.bank_account_name == ""
    assert (group.kind, group.area, group.postcode) == ("informal", "Northfield", "RV1")
    # Recorded, without the personal data
    event = AuditEvent.objects.get(transition=REMOVED_FROM_APPLICATION, object_id=str(app.pk))
    assert event.from_state == event.to_state == state
    assert "Maureen" not in event.reason and "3 Elm Road" not in event.reason
    assert AuditEvent.objects.filter(transition=REMOVED_FROM_GROUP).count() == 1
    # Done once only
    assert remove_old_personal_data().applications == 0


def test_recent_and_live_applications_are_left_alone(open_round, group_a, group_b, applicant):
    recent = ended(
        application(open_round, group_a, applicant, state="withdrawn"), ago=timedelta(days=100)
    )
    live = [
        ended(application(open_round, group_b, None, state=state))
        for state in ["draft", "submitted", "more_info_needed", "eligible", "awarded"]
    ]
    assert remove_old_personal_data().applications == 0
    for app in [recent, *live]:
        assert "Maureen" in app.answers.first().text
        assert app.budget_lines.first().item == "Maureen's taxi"
    assert Group.objects.get(pk=group_a.pk).contact_email


def test_the_setting_and_the_days_option_change_the_period(
    settings, open_round, group_a, applicant
):
    app = ended(
        application(open_round, group_a, applicant, state="withdrawn"), ago=timedelta(days=40)
    )
    assert not applications_due_for_removal().exists()
    assert list(applications_due_for_removal(days=30)) == [app]
    settings.SEEDBED_RETENTION_DAYS = 30
    assert remove_old_personal_data().applications == 1


def test_when_an_application_ended_comes_from_its_audit_record(open_round, group_a, applicant):
    app = application(open_round, group_a, applicant, state="submitted")
    perform(app, "withdraw", by=applicant, reason="We found other money")
    # Just withdrawn: not due, even though it was sent long ago.
    assert not applications_due_for_removal().exists()
    AuditEvent.objects.filter(object_id=str(app.pk), transition="withdraw").update(
        at=timezone.now() - LONG_AGO
    )
    assert list(applications_due_for_removal()) == [app]


def test_without_an_audit_record_the_last_change_counts(open_round, group_a, applicant):
    app = application(open_round, group_a, applicant, state="ineligible")
    assert not applications_due_for_removal().exists()
    Application.objects.filter(pk=app.pk).update(updated_at=timezone.now() - LONG_AGO)
    assert list(applications_due_for_removal()) == [app]


def test_a_group_with_another_live_application_keeps_its_contact_details(
    open_round, funder, group_a, applicant
):
    from tests.conftest import make_round

    ended(application(open_round, group_a, applicant, state="not_awarded"))
    application(make_round(funder), group_a, applicant, state="submitted")
    summary = remove_old_personal_data()
    assert summary.applications == 1 and summary.groups == 0
    assert Group.objects.get(pk=group_a.pk).contact_email == "contact@tuesdaylunchclub.example"


def test_a_group_with_an_award_keeps_its_contact_details(open_round, funder, group_a, applicant):
    from tests.conftest import make_round

    old = make_round(funder, state="decided")
    funded = application(old, group_a, applicant, state="awarded")
    Award.objects.create(application=funded, funder=funder, round=old, group=group_a, amount=800)
    ended(application(open_round, group_a, applicant, state="withdrawn"))
    assert remove_old_personal_data().groups == 0
    assert Group.objects.get(pk=group_a.pk).contact_name == "Pat Contact"
    assert "Maureen" in funded.answers.first().text


def test_the_panels_words_about_a_removed_application_go_but_scores_stay(funder):
    rnd, apps = scoring_round(funder, 1)
    app = apps[0]
    member = active_member(rnd, "res@example.com", "Res")
    Declaration.objects.create(member=member, application=app, link="family", details="My aunt")
    sheet = ScoreSheet.objects.create(member=member, application=app, comment="Maureen is kind")
    MeetingNote.objects.create(panel=member.panel, application=app, text="Ask Maureen")
    Application.objects.filter(pk=app.pk).update(state=ApplicationState.NOT_AWARDED)
    app.refresh_from_db()
    ended(app, from_state="eligible")

    summary = remove_old_personal_data()
    assert summary.applications == 1 and summary.other_records == 3
    sheet.refresh_from_db()
    assert sheet.comment == "" and ScoreSheet.objects.filter(pk=sheet.pk).exists()
    assert MeetingNote.objects.get().text == ""
    declaration = Declaration.objects.get()
    assert (declaration.link, declaration.details) == ("family", "")


def test_the_command_and_the_task(open_round, group_a, applicant):
    from io import StringIO

    from grants.tasks import remove_old_personal_data_task

    app = ended(application(open_round, group_a, applicant, state="ineligible"))
    out = StringIO()
    call_command("remove_old_personal_data", "--dry-run", stdout=out)
    assert app.reference in out.getvalue() and "Nothing was changed" in out.getvalue()
    assert "Maureen" in app.answers.first().text

    result = remove_old_personal_data_task.enqueue()
    assert result.return_value["applications"] == 1
    assert app.answers.first().text == ""
    out = StringIO()
    call_command("remove_old_personal_data", "--days", "0", stdout=out)
    assert "0 application(s)" in out.getvalue()


def test_the_command_judges_as_of_a_date(open_round, group_a, applicant):
    from io import StringIO

    ended(application(open_round, group_a, applicant, state="withdrawn"), ago=timedelta(days=10))
    later = (timezone.localdate() + timedelta(days=400)).isoformat()
    out = StringIO()
    call_command("remove_old_personal_data", "--today", later, stdout=out)
    assert "1 application(s)" in out.getvalue()


# --------------------------------------------------------------------------------------------
# Subject-access export
# --------------------------------------------------------------------------------------------
def test_the_export_holds_what_seedbed_knows_about_an_applicant(
    open_round, group_a, applicant, officer
):
    app = application(open_round, group_a, applicant, state="submitted")
    perform(app, "ask_for_more_information", by=officer, reason="Which hall?")
    perform(app, "submit", by=applicant)
    data = json.loads(export_personal_data_json(applicant))

    assert data["account"]["email"] == "amina@example.com"
    assert data["account"]["email_addresses"][0]["email"] == "amina@example.com"
    [group] = data["groups_you_belong_to"]
    assert group["name"] == "Tuesday Lunch Club"
    assert group["first_contact"]["email"] == "contact@tuesdaylunchclub.example"
    [exported] = data["applications"]
    assert exported["reference"] == app.reference and exported["you_started_it"]
    assert any("Maureen" in answer["answer"] for answer in exported["answers"])
    assert exported["budget"][0] == {"what_for": "Maureen's taxi", "how_much": 500}
    assert [e["step"] for e in data["things_you_did"]] == ["submit"]  # not the officer's
    assert data["how_you_voted"] == BALLOT_SECRECY
    assert {"panels", "voting", "reports"} <= set(data)
    # Nothing about other people's groups
    assert "Millbrook" not in json.dumps(data)


def test_the_export_for_a_supporter_has_the_groups_they_help(funder, supporter, open_round):
    group = make_group("Eastside Fridge")
    group.supporters.add(supporter)
    app = application(open_round, group, supporter, state="submitted")
    Application.objects.filter(pk=app.pk).update(assisted_by=supporter)
    data = export_personal_data(supporter)
    assert [g["name"] for g in data["groups_you_support"]] == ["Eastside Fridge"]
    assert data["applications"][0]["you_helped_the_group_with_it"] is True
    assert data["roles"][0]["role"] == "Supporter"


def test_the_export_has_panel_work_and_that_someone_voted_but_never_how(funder):
    rnd, apps, users, vote = voting_round(funder, 3, members=3, conflicts={0: [0]})
    voter = users[0]
    ScoreSheet.objects.create(
        member=PanelMember.objects.get(user=voter), application=apps[1], comment="Good plan"
    )
    approve(vote, voter, apps[1], apps[2])
    ballot = Ballot.objects.get()
    data = json.loads(export_personal_data_json(voter))

    panels = data["panels"]
    assert panels["memberships"][0]["name_on_the_panel"] == "Voter 0"
    links = {d["application"]: d["your_link_to_the_group"] for d in panels["declarations"]}
    assert links[apps[0].reference].startswith("Family")
    assert panels["scores_you_gave"][0]["comment"] == "Good plan"
    [votes] = data["voting"]["votes"]
    assert votes["you_voted"] is True and votes["when_you_voted"]
    assert "secret" in data["voting"]["how_you_voted"]
    text = json.dumps(data)
    assert ballot.id not in text and ballot.receipt_hash not in text
    assert "approve" not in text


def test_the_download_page(client, client_for, applicant, group_a, open_round):
    application(open_round, group_a, applicant, state="submitted")
    assert client.get("/me/your-data/").status_code == 302  # sign in first
    me = client_for(applicant)
    page = me.get("/me/your-data/")
    assert page.status_code == 200
    assert b"How you voted" in page.content and b"365 days" in page.content
    assert b'href="/me/your-data/"' in me.get("/me/").content

    response = me.post("/me/your-data/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["account"]["email"] == "amina@example.com"
    event = AuditEvent.objects.get(transition=DATA_EXPORTED)
    assert event.actor == applicant and "Maureen" not in event.reason


def test_the_download_needs_a_post_from_the_page(client_for, applicant):
    me = client_for(applicant)
    assert me.put("/me/your-data/").status_code == 405
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(applicant)
    assert strict.post("/me/your-data/").status_code == 403


def test_the_export_command(tmp_path, applicant, group_a):
    from io import StringIO

    out = StringIO()
    call_command("export_my_data", "AMINA@example.com", stdout=out)
    assert json.loads(out.getvalue())["groups_you_belong_to"][0]["name"] == "Tuesday Lunch Club"
    target = tmp_path / "amina.json"
    call_command("export_my_data", "amina@example.com", "--output", str(target), stderr=StringIO())
    assert json.loads(target.read_text())["account"]["name"] == "Amina"
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Nobody"):
        call_command("export_my_data", "nobody@example.com")


# --------------------------------------------------------------------------------------------
# Deleting a person
# --------------------------------------------------------------------------------------------
def audit_text():
    return " ".join(
        f"{e.object_label} {e.actor_label} {e.reason}" for e in AuditEvent.objects.all()
    )


def test_deleting_an_applicant_keeps_the_applications_and_a_pseudonymous_audit_trail(
    open_round, group_a, applicant, officer
):
    app = application(open_round, group_a, applicant, state="draft")
    perform(app, "submit", by=applicant)
    perform(app, "mark_eligible", by=officer)
    pseudonym = pseudonym_for(applicant)
    assert "amina@example.com" in audit_text()

    assert delete_user(applicant, by=officer) == "deleted"

    assert not User.objects.filter(email="amina@example.com").exists()
    app.refresh_from_db()
    assert app.state == "eligible" and app.created_by is None
    assert Group.objects.filter(pk=group_a.pk).exists()
    assert not GroupMember.objects.filter(group=group_a).exists()
    submit = AuditEvent.objects.get(transition="submit")
    assert submit.actor is None and submit.actor_label == pseudonym
    assert AuditEvent.objects.get(transition="mark_eligible").actor == officer
    assert "amina" not in audit_text().lower()
    gone = AuditEvent.objects.get(transition=ACCOUNT_DELETED)
    assert gone.object_label == pseudonym and gone.actor == officer


def test_deleting_through_the_admin_site_also_pseudonymises(open_round, group_a, applicant):
    app = application(open_round, group_a, applicant, state="draft")
    perform(app, "submit", by=applicant)
    applicant.delete()
    assert AuditEvent.objects.get(transition="submit").actor_label.startswith("Former user #")
    assert "amina" not in audit_text().lower()


def test_pseudonyms_are_stable_and_do_not_show_the_id(applicant, applicant_b):
    assert pseudonym_for(applicant) == pseudonym_for(applicant.pk)
    assert pseudonym_for(applicant) != pseudonym_for(applicant_b)
    assert re.fullmatch(r"Former user #[0-9a-f]{8}", pseudonym_for(applicant))


def test_a_panel_member_who_voted_is_anonymised_not_deleted(funder):
    rnd, apps, users, vote = voting_round(funder, 3, members=3, conflicts={0: [0]})
    voter = users[0]
    Declaration.objects.filter(member__user=voter, link="family").update(details="My sister")
    approve(vote, voter, apps[1])
    member = PanelMember.objects.get(user=voter)
    perform(member, "step_down", by=voter, reason="Moving away")
    pseudonym = pseudonym_for(voter)

    assert delete_user(voter) == "anonymised"

    voter.refresh_from_db()
    assert voter.email.endswith("@removed.invalid") and "voter0" not in voter.email
    assert (voter.name, voter.phone, voter.is_active, voter.has_usable_password()) == (
        "",
        "",
        False,
        False,
    )
    assert not voter.roles.exists() and not voter.emailaddress_set.exists()
    member.refresh_from_db()
    assert member.name == pseudonym
    assert Declaration.objects.filter(member=member).count() == 3
    assert not Declaration.objects.filter(member=member).exclude(details="").exists()
    assert Ballot.objects.count() == 1  # the vote still counts
    assert "Voter 0" not in audit_text() and "voter0" not in audit_text()
    event = AuditEvent.objects.get(transition=ACCOUNT_ANONYMISED)
    assert event.actor is None and event.actor_label == pseudonym


def test_an_anonymised_person_cannot_sign_in(client, funder):
    rnd, apps = scoring_round(funder, 1)
    member = active_member(rnd, "res@example.com", "Res")
    client.force_login(member.user)
    assert delete_user(member.user) == "anonymised"
    response = client.get("/me/")
    assert response.status_code == 302  # the old session no longer works


def test_every_link_to_a_person_is_reviewed():
    """Deleting a person must never delete records other people need. Every foreign key to the
    user model is listed here with what happens on delete; a new one must be added (and
    thought about) or this test fails."""
    from django.apps import apps

    expected = {
        # The person's own things: go with the account.
        "admin.LogEntry.user": "CASCADE",  # delete_user anonymises instead when there are any
        "account.EmailAddress.user": "CASCADE",
        "mfa.Authenticator.user": "CASCADE",
        "grants.User_groups.user": "CASCADE",
        "grants.User_user_permissions.user": "CASCADE",
        "grants.Role.user": "CASCADE",
        "grants.GroupMember.user": "CASCADE",
        "core.OnceToken.user": "CASCADE",
        "grants.Group_supporters.user": "CASCADE",
        # Shared records: kept, the link emptied (and the audit label pseudonymised).
        "core.AuditEvent.actor": "SET_NULL",
        "grants.Application.created_by": "SET_NULL",
        "grants.Application.assisted_by": "SET_NULL",
        "grants.Group.contact_named_by": "SET_NULL",
        "grants.Group.second_contact_named_by": "SET_NULL",
        "grants.GroupMember.added_by": "SET_NULL",
        "grants.Answer.written_version_by": "SET_NULL",
        "grants.GroupEquityAnswers.answered_by": "SET_NULL",
        "awards.Award.offered_by": "SET_NULL",
        "awards.Award.accepted_by": "SET_NULL",
        "awards.Variation.proposed_by": "SET_NULL",
        "awards.Variation.agreed_by": "SET_NULL",
        "awards.Payment.recorded_by": "SET_NULL",
        "awards.Recovery.created_by": "SET_NULL",
        "awards.Recovery.received_by": "SET_NULL",
        "grants.GroupContact.named_by": "SET_NULL",
        "panels.PanelMember.invited_by": "SET_NULL",
        "panels.MemberPayment.recorded_by": "SET_NULL",
        "panels.MeetingNote.updated_by": "SET_NULL",
        "voting.Vote.confirmed_by": "SET_NULL",
        "voting.ExtraAllocation.by": "SET_NULL",
        "reports.Report.entered_by": "SET_NULL",
        "reports.Report.submitted_by": "SET_NULL",
        "reports.Report.reviewed_by": "SET_NULL",
        "reports.ReportPhoto.uploaded_by": "SET_NULL",
        "reports.OutcomesPdf.requested_by": "SET_NULL",
        "directory.Listing.checked_by": "SET_NULL",
        # Records the round needs: the account is anonymised instead of deleted.
        "panels.PanelMember.user": "PROTECT",
        "voting.Voter.user": "PROTECT",
    }
    found = {}
    for model in apps.get_models(include_auto_created=True):
        for f in model._meta.get_fields(include_hidden=True):
            if f.is_relation and f.concrete and f.related_model is User and not f.many_to_many:
                found[f"{model._meta.label}.{f.name}"] = f.remote_field.on_delete.__name__
    assert found == expected


def test_deleting_a_person_leaves_awards_and_payments(funder, open_round, group_a, applicant):
    from awards.models import Payment
    from tests.conftest import make_round

    old = make_round(funder, state="decided")
    funded = application(old, group_a, applicant, state="awarded")
    award = Award.objects.create(
        application=funded, funder=funder, round=old, group=group_a, amount=800,
        accepted_by=applicant, accepted_name="Amina Y", state="accepted",
    )  # fmt: skip
    Payment.objects.create(award=award, payee="group", amount=800)
    assert delete_user(applicant) == "deleted"
    award.refresh_from_db()
    assert award.accepted_by is None and award.payments.count() == 1
