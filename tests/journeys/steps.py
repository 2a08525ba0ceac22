"""Steps the journeys share, each done through the pages as the person would do it, and the
funder's money read back from the pages that show it (the dashboard, the register, the board
PDF and the 360Giving file)."""

import io
import json
import re

from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from grants.models import Application, User
from grants.services import applications as rules
from panels.models import PanelMember
from tests.conftest import make_group, make_user
from tests.journeys.test_cancelled_award import register, text_of
from tests.panels.helpers import score_post

CODE = re.compile(r"\b[ACDEFGHJKLMNPQRTUVWXY34679]{4}-[ACDEFGHJKLMNPQRTUVWXY34679]{4}\b")


def ok(response, status=302):
    """The response had the expected status; if not, say what the person saw."""
    assert response.status_code == status, text_of(response)[:3000]
    return response


def step(staff, rnd, name):
    """The officer presses one of the round's buttons on the round's page."""
    ok(staff.post(reverse("staff_round_step", args=[rnd.pk]), {"step": name}))
    page = text_of(staff.get(reverse("staff_round", args=[rnd.pk])))
    rnd.refresh_from_db()
    return page


def decide(staff, app, decision, reason=""):
    data = {"decision": decision}
    if reason:
        data[f"{decision}-reason"] = reason
    ok(staff.post(reverse("staff_application_decide", args=[app.pk]), data))
    app.refresh_from_db()


def another_application(rnd, name, email, title, amount):
    """A group the story is not about sends a complete form (through the services)."""
    person = make_user(email, name)
    group = make_group(name, person)
    app = rules.application_start(rnd, group, by=person)
    rules.application_save_about(app, {"title": title, "amount_requested": amount})
    for question in rnd.questions.all():
        rules.answer_save(app, question, text=f"What {name} will do, in plain words.")
    rules.budget_save(app, [("Costs", amount)])
    return rules.application_submit(Application.objects.get(pk=app.pk), by=person)


# -- the panel -------------------------------------------------------------------------------
def join_panel(staff, rnd, name, email, outbox, client_for):
    """The officer invites a resident; the resident follows the emailed link, reads the guide,
    agrees to the code of conduct and joins. Returns (their user, a signed-in client)."""
    ok(staff.post(reverse("staff_panel_invite", args=[rnd.pk]), {"name": name, "email": email}))
    (invite,) = [m for m in outbox if m.to == [email]]
    link = re.search(r"/panel/join/[^/\s]+/", invite.body).group(0)
    user = User.objects.get(email=email)  # made with the invitation; signs in by code
    client = client_for(user)
    ok(client.post(link, {"read_guide": "on", "agree_conduct": "on"}))
    assert PanelMember.objects.get(user=user, panel__round=rnd).state == "active"
    return user, client


def declare_no_links(client, rnd, apps):
    data = {f"link_{app.pk}": "none" for app in apps}
    ok(client.post(reverse("panel_declare", args=[rnd.pk]), data))


def score(client, rnd, app, value):
    """Score every criterion of `app` with `value` (1 to 4)."""
    values = [value] * rnd.criteria.count()
    ok(client.post(reverse("panel_score", args=[rnd.pk, app.pk]), score_post(rnd, values)))


def vote(client, rnd, *apps):
    response = ok(
        client.post(reverse("vote_ballot", args=[rnd.pk]), {"approve": [a.reference for a in apps]})
    )
    assert response["Location"] == reverse("vote_receipt", args=[rnd.pk])
    return text_of(client.get(response["Location"]))


def make_codes(staff, rnd, how_many, label):
    page = ok(
        staff.post(
            reverse("staff_vote_codes", args=[rnd.pk]), {"how_many": how_many, "label": label}
        ),
        200,
    )
    made = sorted(set(CODE.findall(page.content.decode())))
    assert len(made) == how_many
    return made


def vote_with_code(code, *apps):
    """A resident with no account types the code from the slip on a phone, and votes."""
    resident = Client()
    response = ok(resident.post(reverse("vote_code"), {"code": code}))
    assert response["Location"] == reverse("vote_code_ballot")
    ballot = text_of(resident.get(reverse("vote_code_ballot")))
    for app in apps:
        assert app.title in ballot
    response = ok(
        resident.post(reverse("vote_code_ballot"), {"approve": [a.reference for a in apps]})
    )
    return text_of(resident.get(response["Location"]))


# -- the money, as each page shows it --------------------------------------------------------
def dashboard_money(client, rnd):
    """The outcomes dashboard's headline and the round's row, as the page shows them."""
    response = ok(client.get(reverse("outcomes")), 200)
    page = text_of(response)
    result = response.context["result"]
    (row,) = [r for r in result.by_round if r["round"] == rnd]
    money = {key: result.headline[key] for key in ("grants", "awarded", "paid")}
    assert {key: row[key] for key in ("awarded", "paid")} == {
        key: money[key] for key in ("awarded", "paid")
    }
    for key in ("awarded", "paid"):
        assert f"£{money[key]:,}" in page, f"the dashboard does not show {key} £{money[key]:,}"
    return money


def register_money(client, funder, rnd):
    """The award register's totals and the round's row."""
    page = text_of(client.get(reverse("award_register", args=[funder.slug])))
    row = re.search(re.escape(rnd.title) + r"((?: £[\d,]+){6})", page)
    pounds = [int(v.replace(",", "")) for v in re.findall(r"£([\d,]+)", row.group(1))]
    figures = register(client, funder, rnd)
    return {"awarded": pounds[2], "paid": figures["total_paid"], "round_paid": pounds[3]}


def board_pdf_money(client, funder):
    """The board PDF, downloaded as the funder's lead does, and read as text."""
    response = ok(client.post(reverse("outcomes_pdf_start"), {"funder": funder.pk}), 200)
    assert response["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    flat = re.sub(r"\s+", " ", text)
    awarded = re.search(r"Money awarded £([\d,]+)", flat)
    paid = re.search(r"Money paid £([\d,]+)", flat)
    assert awarded and paid, flat[:3000]
    return {
        "awarded": int(awarded.group(1).replace(",", "")),
        "paid": int(paid.group(1).replace(",", "")),
        "text": flat,
    }


def open_data_money(client, funder):
    """The 360Giving file, downloaded from the funder's page."""
    response = ok(client.get(reverse("open_data_export", args=[funder.slug, "json"])), 200)
    grants = json.loads(response.content)["grants"]
    return {
        "grants": len(grants),
        "awarded": sum(g["amountAwarded"] for g in grants),
        "paid": sum(g["amountDisbursed"] for g in grants),
        "records": grants,
    }


def states(*apps):
    return [Application.objects.get(pk=a.pk).state for a in apps]
