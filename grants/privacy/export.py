"""The subject-access export: everything Seedbed holds about one person."""

import json

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.audit import events_by, record_event
from core.privacy import (
    BALLOT_SECRECY,
    registered_sources,
)

from ..equity import label as equity_label
from ..equity import questions as equity_questions
from ..equity import translated as equity_words
from ..models import (
    Application,
    Group,
    GroupEquityAnswers,
    GroupMember,
    Reply,
    Role,
)
from .retention import DATA_EXPORTED


# --------------------------------------------------------------------------------------------
# Subject-access export
# --------------------------------------------------------------------------------------------
def _when(value):
    return value.isoformat() if value else None


def _equity_details(group):
    """The group's answers to the optional equity questions, beside the words it was asked."""
    try:
        kept = group.equity
    except GroupEquityAnswers.DoesNotExist:
        return None
    answers = []
    for question in equity_questions(kept.questions_version):
        reply = getattr(kept, f"{question.field}_reply")
        if reply == Reply.CHOSE:
            answer = [equity_label(code) for code in getattr(kept, question.field)]
        elif reply == Reply.NONE_OF_THESE:
            answer = equity_words(question.none_of_these)
        else:
            answer = str(Reply(reply).label)
        answers.append({"question": equity_words(question.text), "answer": answer})
    return {
        "questions_version": kept.questions_version,
        "answered": _when(kept.answered_at),
        "answered_by": kept.answered_by.display_name if kept.answered_by else None,
        "answers": answers,
        "may_be_published_as_open_data": kept.may_publish,
    }


def _group_details(group):
    return {
        "name": group.name,
        "kind": group.get_kind_display(),
        "charity_number": group.charity_number,
        "company_number": group.company_number,
        "area": group.area,
        "postcode": group.postcode,
        "income_band": group.get_income_band_display(),
        "what_the_group_does": group.what_you_do,
        "first_contact": {
            "name": group.contact_name,
            "email": group.contact_email,
            "phone": group.contact_phone,
        },
        "second_contact": {
            "name": group.second_contact_name,
            "email": group.second_contact_email,
            "phone": group.second_contact_phone,
        },
        "more_people": [{"name": c.name, "email": c.email} for c in group.more_contacts.all()],
        "how_the_money_reaches_you": group.get_payment_route_display(),
        "name_on_the_bank_account": group.bank_account_name,
        "host_organisation": {
            "name": group.host_name,
            "contact_name": group.host_contact_name,
            "contact_email": group.host_contact_email,
            "charity_or_company_number": group.host_org_id,
        },
        "equity_answers": _equity_details(group),
    }


def _application_details(app, user):
    return {
        "reference": app.reference,
        "round": app.round.title,
        "funder": app.round.funder.name,
        "group": app.group.name,
        "project_name": app.title,
        "amount_asked_for": app.amount_requested,
        "theme": app.theme,
        "where_it_stands": app.get_state_display(),
        "how_it_was_made": app.get_channel_display(),
        "you_started_it": app.created_by_id == user.pk,
        "you_helped_the_group_with_it": app.assisted_by_id == user.pk,
        "message_to_the_group": app.outcome_message,
        "started": _when(app.created_at),
        "sent": _when(app.submitted_at),
        "answers": [
            {
                "question": answer.question.text,
                "answer": answer.text,
                "recording": answer.recording.name.rsplit("/", 1)[-1] if answer.recording else "",
                "written_version_of_the_recording": answer.written_version,
            }
            for answer in app.answers.all()
        ],
        "budget": [
            {"what_for": line.item, "how_much": line.amount} for line in app.budget_lines.all()
        ],
    }


def _account(user):
    """The account itself: email addresses and second factors (never their secrets)."""
    return {
        "email": user.email,
        "name": user.name,
        "phone": user.phone,
        "joined": _when(user.date_joined),
        "last_signed_in": _when(user.last_login),
        "active": user.is_active,
        "can_use_the_admin_site": user.is_staff,
        "email_addresses": [
            {"email": e.email, "verified": e.verified, "primary": e.primary}
            for e in EmailAddress.objects.filter(user=user).order_by("pk")
        ],
        "second_factors": [
            {
                "kind": a.get_type_display(),
                "set_up": _when(a.created_at),
                "last_used": _when(a.last_used_at),
                "note": _("The secret itself is not included."),
            }
            for a in Authenticator.objects.filter(user=user).order_by("pk")
        ],
    }


def _groups(ids):
    return Group.objects.filter(pk__in=ids).select_related("equity", "equity__answered_by")


def export_personal_data(user):
    """Everything Seedbed holds about `user`, as a dict of plain values (JSON-ready)."""
    group_ids = set(GroupMember.objects.filter(user=user).values_list("group_id", flat=True))
    supported_ids = set(Group.objects.filter(supporters=user).values_list("pk", flat=True))
    applications = (
        Application.objects.filter(
            Q(group_id__in=group_ids) | Q(created_by=user) | Q(assisted_by=user)
        )
        .select_related("round__funder", "group")
        .prefetch_related("answers__question", "budget_lines")
        .order_by("created_at", "pk")
    )
    memberships = {
        m.group_id: m.joined_at for m in GroupMember.objects.filter(user=user).only("group_id")
    }
    data = {
        "about_this_file": _(
            "Everything %(site)s holds about you, made on %(date)s. Dates are in ISO 8601 form. "
            "If something is wrong, ask the funder who runs your round to correct it."
        )
        % {
            "site": settings.SEEDBED.get("SITE_NAME", "Seedbed"),
            "date": date_format(timezone.now(), "d F Y"),
        },
        "how_you_voted": BALLOT_SECRECY,
        "made_at": _when(timezone.now()),
        "account": _account(user),
        "roles": [
            {
                "role": role.get_kind_display(),
                "funder": role.funder.name if role.funder else None,
                "round": role.round.title if role.round else None,
                "since": _when(role.granted_at),
            }
            for role in Role.objects.filter(user=user).select_related("funder", "round")
        ],
        "groups_you_belong_to": [
            {**_group_details(g), "you_joined": _when(memberships.get(g.pk))}
            for g in _groups(group_ids).order_by("name", "pk")
        ],
        "groups_you_support": [_group_details(g) for g in _groups(supported_ids).order_by("name")],
        "applications": [_application_details(app, user) for app in applications],
        "things_you_did": [
            {
                "when": _when(event.at),
                "what": event.object_label,
                "step": event.transition,
                "from": event.from_state,
                "to": event.to_state,
                "reason": event.reason,
            }
            for event in events_by(user)
        ],
    }
    for source in registered_sources():
        if source.exporter:
            data[source.name] = source.exporter(user)
    return data


def export_personal_data_json(user, *, indent=2):
    return json.dumps(
        export_personal_data(user), cls=DjangoJSONEncoder, indent=indent, ensure_ascii=False
    )


def record_export(user, *, by=None, reason=""):
    """Leave an audit record that a person's data was exported (not the data itself)."""
    if not reason:
        reason = (
            "The person downloaded their own data."
            if by is not None and by.pk == user.pk
            else "The person's data was exported."
        )
    return record_event(user, DATA_EXPORTED, reason, by=by, label=f"Account #{user.pk}")
