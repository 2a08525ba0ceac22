"""Building blocks for panel tests: a round at the scoring stage with eligible applications,
and residents already on its panel."""

from grants.models import (
    Answer,
    Application,
    ApplicationState,
    BudgetLine,
    Group,
    RoundState,
)
from grants.services.roles import role_grant
from panels.models import Declaration, MemberState, PanelMember
from panels.services import panel_for
from tests.conftest import make_group, make_round, make_user

# Contact details that must never reach a panel member's screen.
SECRET_CONTACTS = {
    "contact_name": "Zebedee Quartermain",
    "contact_email": "zebedee.q@private.example",
    "contact_phone": "07700 900777",
    "second_contact_name": "Ottoline Fairweather",
    "second_contact_email": "ottoline.f@private.example",
    "second_contact_phone": "07700 900888",
    "postcode": "ZZ9 9ZZ",
    "payment_route": Group.PaymentRoute.HOST,
    "bank_account_name": "Secret Holding Account 42",
    "host_name": "Hidden Host Trust",
    "host_contact_name": "Hortensia Hostperson",
    "host_contact_email": "hortensia@host.example",
    "host_org_id": "HOSTORG-99887",
}


def scoring_round(funder, n=3, *, state=RoundState.SCORING, amounts=None, **extra):
    """A round in `state` with `n` eligible applications, each with answers and a budget."""
    rnd = make_round(funder, state=state, **extra)
    questions = list(rnd.questions.all())
    apps = []
    for i in range(n):
        group = make_group(
            f"Group {i} {rnd.pk}",
            area=f"Ward {i}",
            **{
                key: (f"{i}{value}" if key != "payment_route" else value)
                for key, value in SECRET_CONTACTS.items()
            },
        )
        amount = amounts[i] if amounts else 500 + 100 * i
        app = Application.objects.create(
            round=rnd, group=group, title=f"Plan number {i}", amount_requested=amount
        )
        Answer.objects.bulk_create(
            Answer(application=app, question=q, text=f"Answer {i} to question {q.order}.")
            for q in questions
        )
        BudgetLine.objects.create(application=app, item="Hall hire", amount=amount)
        Application.objects.filter(pk=app.pk).update(state=ApplicationState.ELIGIBLE)
        app.refresh_from_db()
        apps.append(app)
    return rnd, apps


def active_member(rnd, email, name="Resident", *, user=None):
    """A resident already on the round's panel (the invitation steps skipped)."""
    user = user or make_user(email, name)
    member = PanelMember.objects.create(panel=panel_for(rnd), user=user, name=name)
    PanelMember.objects.filter(pk=member.pk).update(state=MemberState.ACTIVE)
    member.refresh_from_db()
    role_grant(user, "panel_member", round=rnd)
    return member


def declare_all(member, apps, conflicts=()):
    for app in apps:
        link = Declaration.Link.FAMILY if app in conflicts else Declaration.Link.NONE
        Declaration.objects.create(member=member, application=app, link=link)


def score_post(rnd, values, comment="", go="stay"):
    """The POST body of the scoring form: `values` is a list, one per criterion (None = blank)."""
    data = {"go": go, "score-comment": comment}
    for criterion, value in zip(rnd.criteria.all(), values, strict=False):
        if value is not None:
            data[f"score-criterion_{criterion.pk}"] = str(value)
    return data
