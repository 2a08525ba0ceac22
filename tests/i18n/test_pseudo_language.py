"""Every page, for every role, in a pseudo-language: no word reaches people untranslated.

The pseudo-language (tests/support/pseudo.py) turns each translated string into ⟦àççéñtéð⟧
text. Each page the permission matrix shows (200) to each role is rendered in it; any visible
text outside the brackets that is not data (a value in the database, a number, a date's month)
is a string nobody can translate, and fails the test with the page and role that showed it.
"""

import io

import pytest
from django.conf import settings
from django.conf.locale import LANG_INFO
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from grants.forms.rounds import DEFAULT_WORDS
from grants.languages import ANSWER_LANGUAGES
from grants.models import Application, Round
from grants.round_template import DEFAULT_ELIGIBILITY
from grants.round_texts import with_area
from tests.hardening.matrix import url_for
from tests.hardening.test_permission_matrix import EXPECTED, _project_patterns
from tests.hardening.world import ROLES, build_world, signed_in_client
from tests.support import pseudo


@pytest.fixture(scope="session")
def pseudo_catalog(tmp_path_factory):
    return pseudo.write_catalog(tmp_path_factory.mktemp("pseudo"))


@pytest.fixture
def in_pseudo(settings, pseudo_catalog, monkeypatch):
    info = {"bidi": False, "code": pseudo.CODE, "name": "Pseudo", "name_local": "Pseudo"}
    monkeypatch.setitem(LANG_INFO, pseudo.CODE, info)
    settings.LANGUAGES = [*settings.LANGUAGES, (pseudo.CODE, "Pseudo")]
    settings.LOCALE_PATHS = [pseudo_catalog, *settings.LOCALE_PATHS]


def _get(user, url):
    client = signed_in_client(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = pseudo.CODE
    return client.get(url)


def round_words():
    """A round's own words are data, in English (its translations are its officers' to add):
    the starting words of a new round, and its eligibility questions with its area named."""
    words = {text for q in DEFAULT_ELIGIBILITY for text in q.values() if isinstance(text, str)}
    words |= set(DEFAULT_WORDS.values())
    for rnd in Round.objects.all():
        words |= {with_area(rnd, q["question"]) for q in rnd.eligibility_questions}
    words |= {own for _code, _english, own in ANSWER_LANGUAGES}  # each language named in itself
    return {" ".join(str(w).split()) for w in words if w}


def _leftovers(response, values):
    """What a page (HTML, or a PDF such as a letter or the board's summary) shows untranslated."""
    kind = response.get("Content-Type", "")
    if "html" in kind:
        return pseudo.leftover_text(response.content.decode(), values)
    if "pdf" in kind:
        content = b"".join(response.streaming_content) if response.streaming else response.content
        try:
            pages = PdfReader(io.BytesIO(content)).pages
        except PdfReadError:  # a file someone uploaded (the world's are stand-ins): data
            return []
        return pseudo.leftover_text(
            "\n".join(p.extract_text() for p in pages), values, is_html=False
        )
    return []


@pytest.mark.django_db
def test_every_page_for_every_role_is_translated(in_pseudo):
    world = build_world()
    # Letters come in the language the group writes in: here, the pseudo-language.
    Application.objects.update(language=pseudo.CODE)
    values = pseudo.data_values() | round_words()
    found, pages = {}, 0
    for pattern in _project_patterns():
        row = EXPECTED.get(pattern.key)
        if row is None:
            continue
        url = url_for(pattern, world, on=row.on, kw=row.kw)
        for role in ROLES:
            if row.statuses[role] != 200:
                continue
            for text in _leftovers(_get(world.users[role], url), values):
                found.setdefault(text, f"{pattern.key} as {role} ({url})")
            pages += 1
    assert pages > 100
    assert not found, f"{len(found)} untranslated texts:\n" + "\n".join(
        f"  {text!r} on {where}" for text, where in sorted(found.items(), key=lambda i: i[1])
    )


EMAIL_FOLDER = settings.BASE_DIR / "templates" / "emails"


def _email_context(world):
    """What the emails are about, from the world: each template takes the names it uses."""
    names = ("application", "award", "round", "report", "payment", "recovery", "listing", "vote")
    context = {name: getattr(world, name) for name in names}
    url = "https://seedbed.example"
    return {
        **context,
        "group": world.group_a, "funder": world.funder_x, "member": world.membership,
        "user": world.users["panel_member"], "answer": world.answer, "reason": "Data.",
        "why": "Data.", "amount": 500, "agreed_name": "Amina Data", "asked_by": world.users["applicant_a"],
        "variation": world.award, "today": world.award.created_at,
        "things": 2, "items": [world.award],
        **dict.fromkeys(("site_url", "base_url", "url", "award_url", "staff_award_url",
                         "report_url", "letter_url", "staff_url", "staff_home_url", "path"), url),
    }  # fmt: skip


@pytest.mark.django_db
def test_every_email_is_translated(in_pseudo):
    """Each email, rendered in the pseudo-language as its recipient would get it: the subject
    and body have nothing untranslated but data."""
    from core import notify

    world = build_world()
    context = _email_context(world)
    values = pseudo.data_values() | {"https://seedbed.example", "Data."}
    found, emails = {}, sorted(EMAIL_FOLDER.glob("[!_]*.txt"))
    assert len(emails) > 25
    with translation.override(pseudo.CODE):
        for path in emails:
            subject, body = notify.render(path.stem, context)
            for line in pseudo.leftover_text(f"{subject}\n{body}", values, is_html=False):
                found.setdefault(line, path.name)
    assert not found, f"{len(found)} untranslated lines in emails:\n" + "\n".join(
        f"  {text!r} in {name}" for text, name in sorted(found.items(), key=lambda i: i[1])
    )


def _a_change_waiting_and_one_agreed(rnd, group, applicant, officer):
    """An officer's proposed change waiting for the group, and an agreed change (to another
    of its grants) with its letter (PDF)."""
    from awards.services.changes import variation_agree_for_group, variation_propose
    from tests.grants.test_awards import accept, offer

    waiting = accept(offer(rnd, group, applicant, officer), applicant)
    variation_propose(waiting, by=officer, reason="More people come.", amount=800)
    agreed = accept(offer(rnd, group, applicant, officer), applicant)
    Application.objects.update(language=pseudo.CODE)  # the change letter is kept in it
    variation_propose(agreed, by=officer, reason="More people come.", amount=800)
    variation_agree_for_group(agreed, by=applicant, agreed_name="Amina Yusuf")
    change = agreed.variations.get()
    return [
        (applicant, reverse("award_agree_change", args=[waiting.pk])),
        (applicant, reverse("award_change_letter", args=[agreed.pk, change.pk])),
    ]


@pytest.mark.django_db
def test_pages_of_work_in_progress_are_translated(
    in_pseudo, open_round, group_a, applicant, officer, funder
):
    """The pages the permission matrix's world cannot show at 200 (its application is sent,
    its offer answered, its vote closed): a draft's every step and its check page, an offer
    waiting for the group, and an open ballot."""
    from grants.services.applications import steps
    from tests.grants.test_awards import offer
    from tests.voting.helpers import voting_round

    draft = Application.objects.create(
        round=open_round, group=group_a, title="Soup", amount_requested=300, created_by=applicant
    )
    pages = [(applicant, reverse(name, args=[draft.reference]))
             for name in ("application_check", "application_language")]  # fmt: skip
    pages += [(applicant, reverse("application_step", args=[draft.reference, step.slug]))
              for step in steps(draft)]  # fmt: skip
    waiting = offer(open_round, group_a, applicant, officer)
    pages += [
        (applicant, reverse(name, args=[waiting.pk])) for name in ("award_accept", "award_decline")
    ]
    pages += _a_change_waiting_and_one_agreed(open_round, group_a, applicant, officer)
    rnd, _apps, users, _vote = voting_round(funder, 3, members=1)
    pages.append((users[0], reverse("vote_ballot", args=[rnd.pk])))
    Application.objects.update(language=pseudo.CODE)
    values = pseudo.data_values() | round_words()
    found = {}
    for user, url in pages:
        response = _get(user, url)
        assert response.status_code == 200, url
        for text in _leftovers(response, values):
            found.setdefault(text, url)
    assert not found, f"{len(found)} untranslated texts:\n" + "\n".join(
        f"  {text!r} on {url}" for text, url in found.items()
    )
