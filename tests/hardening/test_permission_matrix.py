"""The permission matrix: every URL of the project × every role, the status a GET gets.

Every URL pattern comes from the URL resolver (admin's and allauth's included), so a new page is
in the matrix the moment it is added; a project page with no row below fails
`test_every_project_url_has_an_expectation`, saying which row to add (with what the page does
now, to check and paste).

How to read a row: `E(everyone, role=status, ...)` is the status for everyone, then the
exceptions. Group keys: `non_staff` = both applicants, the supporter and both panel members;
`staff` = both officers, the funder viewer and the admin; `panel` = both panel members. Later
keys win over earlier ones. `on=` names the world object `<pk>`/`<slug>` mean; every other
parameter is filled by its name (see `tests/hardening/matrix.py: BY_NAME`).

The roles (see `tests/hardening/world.py`): anonymous; applicant_a (member of group A, whose
application, award and report these are); applicant_b (another group); supporter (of group A, a
supporter at funder X); panel_member (active on the round's panel, declared no links);
conflicted_member (active, declared a family link to the application read); officer_x and
viewer_x (funder X, whose rounds these are); officer_y (funder Y); admin (superuser).

The statuses: 200 shown; 302 sent elsewhere (sign in first, or the next step); 403 the wrong
kind of person (a staff page for non-staff, a change for a read-only viewer); 404 not theirs,
and not told it exists; 405 a page that only takes POST.

Admin and allauth pages are checked coarsely (see ADMIN and ACCOUNTS below).
"""

import pytest

from directory.themes import TAXONOMY_ID, term_id
from tests.hardening.matrix import project_patterns, status_of, url_for
from tests.hardening.world import ROLES, build_world

NON_STAFF = ("applicant_a", "applicant_b", "supporter", "panel_member", "conflicted_member")
STAFF = ("officer_x", "officer_y", "viewer_x", "admin")
FOOD_TERM = term_id("food")
GROUPS = {"non_staff": NON_STAFF, "staff": STAFF, "panel": ("panel_member", "conflicted_member")}


class E:
    """One row: the expected status for each role, and the objects the URL is about."""

    def __init__(self, everyone, *, on=None, kw=None, **exceptions):
        self.on, self.kw = on, kw
        self.statuses = dict.fromkeys(ROLES, everyone)
        for key, status in exceptions.items():
            for role in GROUPS.get(key, (key,)):
                if role not in self.statuses:
                    raise ValueError(f"Unknown role {role!r}")
                self.statuses[role] = status


# Common shapes ---------------------------------------------------------------------------
def staff_page(on=None, *, viewer_x=200, **more):
    """A staff page about funder X's things: X's officers and viewers, and the admin.
    Non-staff get 403, officers of funder Y 404."""
    return E(403, on=on, anonymous=302, officer_x=200, officer_y=404, viewer_x=viewer_x,
             admin=200, **more)  # fmt: skip


def officer_page(on=None, *, viewer_x=404, **more):
    """A staff page that changes funder X's things: X's officers and the admin only."""
    return staff_page(on, viewer_x=viewer_x, **more)


def staff_post_only(on=None):
    """A staff action taking only POST: staff get 405 on GET, others are stopped before."""
    return E(403, on=on, anonymous=302, staff=405)


def group_a_page(on=None, **more):
    """Group A's own record: the group, its supporter, funder X's staff and the admin."""
    return E(200, on=on, anonymous=302, applicant_b=404, panel=404, officer_y=404, **more)


def signed_in_page(status=200, **more):
    return E(status, anonymous=302, **more)


EXPECTED = {
    # -- Public pages -------------------------------------------------------------------------
    "home": E(200),
    "about": E(200),
    "accessibility": E(200),
    "round_public": E(200, on="open_round"),
    "apply_check": E(200, on="open_round"),
    # Everyone is sent to the eligibility check first (and the anonymous to sign in).
    "apply_start": E(302, on="open_round"),
    "panel_guide": E(200),
    # Choosing a language in the header: anyone, then back to the page (home without `next`).
    "choose_language": E(302, kw={"code": "en-gb"}),
    # -- Anyone signed in: their own lists (empty for people with nothing there) ----------------
    "my_home": signed_in_page(),
    "my_applications": signed_in_page(),
    "my_reports": signed_in_page(),
    "panel_list": signed_in_page(),
    "group_new": signed_in_page(),
    "my_data": signed_in_page(),  # your own data: what the download holds (POST gives it)
    # -- The applicant's journey: group A's application (sent, so its pages send you back) ------
    "application": group_a_page(),
    "application_sent": group_a_page(),
    "application_recording": group_a_page(),
    # It has been sent, so checking and editing send everyone who may see it back to it.
    "application_check": E(302, applicant_b=404, panel=404, officer_y=404),
    "application_step": E(302, applicant_b=404, panel=404, officer_y=404),
    # Which language it is written in: changed like the answers, so sent back once it is sent.
    "application_language": E(302, applicant_b=404, panel=404, officer_y=404),
    # Saving a typed answer as it is typed takes only POST (the JavaScript on the question page).
    "application_autosave": E(405, anonymous=302),
    # The viewer may read it but is sent back with "You cannot take this form back now".
    "application_withdraw": group_a_page(viewer_x=302),
    "group_edit": E(404, on="group_a", anonymous=302, applicant_a=200, supporter=200, admin=200),
    "group_people": E(404, on="group_a", anonymous=302, applicant_a=200, supporter=200, admin=200),
    "group_equity": E(404, on="group_a", anonymous=302, applicant_a=200, supporter=200, admin=200),
    "group_person_remove": E(405, on="group_a", anonymous=302),
    "apply_assisted": E(
        404, on="open_round", anonymous=302, supporter=200, officer_x=200, admin=200
    ),
    # -- Awards: group A's accepted award ---------------------------------------------------
    "award_detail": group_a_page("award"),
    "award_letter": group_a_page("award"),
    # Only the group's members answer an offer; this one is answered, so they are sent back.
    "award_accept": E(404, on="award", anonymous=302, applicant_a=302, admin=302),
    "award_decline": E(404, on="award", anonymous=302, applicant_a=302, admin=302),
    # Asking for a change to the accepted award: the group and its supporter (and the admin);
    # the funder's staff change it on the staff pages instead.
    "award_ask_change": group_a_page("award", officer_x=404, viewer_x=404),
    # Agreeing a change the funder proposed: none waits in the world, so not found for all.
    "award_agree_change": E(404, on="award", anonymous=302),
    # A change letter: only agreed changes have one; a made-up change is not found.
    "award_change_letter": E(404, on="award", kw={"change_pk": "999999"}, anonymous=302),
    # -- Reports: group A's due report and its photo -----------------------------------------
    "report_detail": group_a_page("report"),
    "report_photo": group_a_page("photo"),
    "report_photo_remove": E(405, on="report", anonymous=302),
    # -- Panel members: the round at the voting stage ---------------------------------------
    "panel_invitation": E(403, anonymous=200, panel_member=302),  # the member's own link
    "panel_home": E(404, anonymous=302, panel=200),
    "panel_declare": E(404, anonymous=302, panel=200),
    "panel_step_down": E(404, anonymous=302, panel=200),
    # Without contact details; "not found" for the member with a link to the group.
    "panel_application": E(404, anonymous=302, panel_member=200),
    "panel_recording": E(404, anonymous=302, panel_member=200, admin=200),
    "panel_score": E(405, anonymous=302),
    "panel_results": E(404, anonymous=302, panel=200, officer_x=200, viewer_x=200, admin=200),
    "panel_meeting": E(404, anonymous=302, officer_x=200, admin=200),  # officers and the chair
    "panel_meeting_note": E(405, anonymous=302),
    # -- Voting (the vote is closed and counted, not yet published) ------------------------
    "vote_ballot": E(404, anonymous=302, panel=302),  # closed: the panel goes to the results
    "vote_receipt": E(404, anonymous=302, panel=302),  # no receipt waiting: back to the ballot
    "vote_results": E(404, panel=200, officer_x=200, viewer_x=200, admin=200),
    "vote_export_public": E(404, officer_x=200, viewer_x=200, admin=200),
    # Residents with a one-time code, no account: the code page is for anyone; the ballot and
    # receipt send you to it until a code is typed (the session keeps what it gave, not the code).
    "vote_code": E(200),
    "vote_code_ballot": E(302),
    "vote_code_receipt": E(302),
    # -- Staff: home and rounds -----------------------------------------------------------
    "staff_home": E(403, anonymous=302, staff=200),
    "staff_second_factor_needed": E(302, staff=200),
    "staff_round": staff_page("round"),
    "staff_round_step": staff_post_only("round"),
    "staff_round_create": officer_page(viewer_x=403),
    "staff_round_edit": officer_page("draft_round", viewer_x=403),
    "staff_round_eligibility": officer_page("draft_round", viewer_x=403),
    "staff_round_questions": officer_page("draft_round", viewer_x=403),
    "staff_question_add": officer_page("draft_round", viewer_x=403),
    "staff_question_edit": officer_page("draft_round", viewer_x=403),
    "staff_question_remove": staff_post_only("draft_round"),
    "staff_question_move": staff_post_only("draft_round"),
    "staff_round_criteria": officer_page("draft_round", viewer_x=403),
    "staff_criterion_add": officer_page("draft_round", viewer_x=403),
    "staff_criterion_edit": officer_page("draft_round", viewer_x=403),
    "staff_criterion_remove": staff_post_only("draft_round"),
    "staff_criterion_move": staff_post_only("draft_round"),
    # The round's words in another language: X's officers; the viewer may not change them.
    "staff_round_translation": officer_page("draft_round", viewer_x=403, kw={"language": "cy"}),
    # -- Staff: screening -----------------------------------------------------------------
    "staff_screening": staff_page("open_round"),
    "staff_application": staff_page("application"),
    "staff_application_decide": staff_post_only("application"),
    "staff_answer_recording": staff_page("answer"),
    # Typing what a recording says: X's officers; the viewer may read but not change.
    "staff_answer_written_version": officer_page("answer", viewer_x=403),
    # The English version of an answer in another language: X's officers. This application is
    # written in English, so they are sent back with a message (it needs no English version).
    "staff_answer_english_version": E(
        403, on="answer", anonymous=302, officer_x=302, officer_y=404, admin=302
    ),
    # -- Staff: awards and payments (payments and finance files: officers only) ------------
    "staff_make_offer": officer_page(),
    "staff_award": staff_page("award"),
    "staff_award_pay": officer_page("award"),
    "staff_award_vary": officer_page("award"),
    "staff_award_variation_agreed": staff_post_only("award"),
    # Turning a change down: X's officers; no change is waiting here, so they are sent back.
    "staff_award_variation_declined": E(
        403, on="award", anonymous=302, officer_x=302, officer_y=404, viewer_x=404, admin=302
    ),
    "staff_award_cancel": officer_page("award"),
    "staff_payment_sent": officer_page("payment"),
    "staff_payment_cancel": staff_post_only("payment"),
    "staff_recovery_received": officer_page("recovery"),
    "award_register": staff_page("funder_x"),
    # The funder's contact and letter terms: its officers change them; its viewers may not.
    "funder_contact": officer_page("funder_x", viewer_x=403),
    "payments_due": officer_page("funder_x"),
    "payments_due_csv": officer_page("funder_x"),
    "open_data_export": staff_page("funder_x"),
    # Choosing to publish open data, and the licence: X's officers; the viewer may not.
    "open_data_settings": officer_page("funder_x", viewer_x=403),
    # The public address of X's 360Giving file: X has not chosen to publish, so not found.
    "open_data_public": E(404, on="funder_x"),
    # -- Staff: the panel (a resident's own page, with email and payments: officers only) ----
    "staff_panel": staff_page(),
    "staff_panel_invite": staff_post_only(),
    "staff_panel_waive": staff_post_only(),
    "staff_panel_member": officer_page(),
    "staff_panel_member_step_down": staff_post_only(),
    "staff_panel_chair": staff_post_only(),
    "staff_panel_invite_again": staff_post_only(),
    "staff_panel_payment_new": officer_page(),
    "staff_panel_payment": officer_page(),
    # Changing a member's link to a group, with a reason: the viewer may not change it.
    "staff_panel_declaration": officer_page(viewer_x=403),
    # -- Staff: the vote ------------------------------------------------------------------
    "staff_vote": staff_page(),
    "staff_vote_close": staff_post_only(),
    # Making codes for residents: the round's officers (closed here, so the page says so).
    "staff_vote_codes": officer_page(viewer_x=403),
    "staff_vote_outcome": staff_page(),
    "staff_vote_extra": staff_post_only(),
    "staff_vote_extra_remove": staff_post_only(),
    "staff_vote_confirm": staff_post_only(),
    "staff_vote_publish": staff_post_only(),
    "staff_vote_export": staff_page(),
    "staff_vote_recount": staff_page(),
    # -- Staff: reports and outcomes (each staff member sees their own funder's) -------------
    "staff_reports": E(403, anonymous=302, staff=200),
    "staff_report": staff_page("report"),
    "staff_report_accept": staff_post_only("report"),
    "staff_report_changes": staff_post_only("report"),
    "staff_report_phone": officer_page("report"),
    "round_reporting": officer_page("monitoring_round"),
    "outcomes": E(403, anonymous=302, staff=200),
    "outcomes_csv": E(403, anonymous=302, staff=200),
    "outcomes_xlsx": E(403, anonymous=302, staff=200),
    "outcomes_pdf_start": staff_post_only(),
    "outcomes_pdf_status": staff_page("pdf_job"),
    "outcomes_pdf_download": staff_page("pdf_job"),
    # -- The directory of funded groups --------------------------------------------------------
    "directory_mine": signed_in_page(),
    "directory_list_us": E(405, kw={"group_pk": "group_a"}, anonymous=302),
    "directory_listing": group_a_page("listing"),
    # Writing the listing: the group's people only (the officer checks it, never writes it).
    "directory_edit": group_a_page("listing", officer_x=404, viewer_x=404),
    "directory_action": E(405, on="listing", kw={"action": "hide"}, anonymous=302),
    "directory_staff": E(403, anonymous=302, staff=200),
    "directory_staff_listing": staff_page("listing"),
    "directory_staff_approve": staff_post_only("listing"),
    "directory_staff_changes": staff_post_only("listing"),
    "directory_staff_hide": staff_post_only("listing"),
    "directory_staff_keep": staff_post_only("listing"),
    "directory_staff_take_down": staff_post_only("listing"),
    # Public: What's on and the Open Referral UK feed (no sign-in, no key).
    "whats_on": E(200),
    "whats_on_listing": E(200, kw={"public_id": "listing_public_id"}),
    "whats_on_print": E(200, kw={"public_id": "listing_public_id"}),
    "openreferral": E(200),
    "openreferral_services": E(200),
    "openreferral_service": E(200, kw={"public_id": "listing_public_id"}),
    "openreferral_taxonomies": E(200),
    "openreferral_taxonomy": E(200, kw={"taxonomy_id": TAXONOMY_ID}),
    "openreferral_terms": E(200),
    "openreferral_term": E(200, kw={"term": FOOD_TERM}),
    "openreferral_service_at_locations": E(200),
}


# Admin: everyone but the admin is sent to sign in (the admin's own login page sends everyone to
# the emailed-code sign-in: it has no password form). The admin gets the page, or a
# redirect/403/404/405 (read-only models, no such object, POST only) -- never a server error.
ADMIN_FOR_OTHERS = {"admin:login": 302}
ADMIN_ALLOWED_FOR_ADMIN = {200, 302, 403, 404, 405}

# allauth: every page answers with the page, a redirect, 403 or 404, never a server error; the
# ones below are pinned exactly.
ACCOUNTS_ALLOWED = {200, 302, 403, 404}
ACCOUNTS_PINNED = {
    "account_request_login_code": E(302, anonymous=200),
    # No passwords, no sign-up page: they lead everyone to the code page, doing nothing.
    "no_passwords": E(302),
    "no_signup": E(302),
    "no_password_reauthenticate": E(302),
    # Confirming who you are before a sensitive step: staff by their second factor.
    "mfa_reauthenticate": E(403, anonymous=302, staff=200),
}


def _project_patterns():
    return [p for p in project_patterns() if p.area == "project"]


def _row_in_words(statuses):
    from collections import Counter

    everyone = Counter(statuses.values()).most_common(1)[0][0]
    rest = ", ".join(f"{r}={s}" for r, s in statuses.items() if s != everyone)
    return f"E({everyone}{', ' + rest if rest else ''})"


def test_every_project_url_has_an_expectation():
    patterns = _project_patterns()
    missing = [p for p in patterns if p.key not in EXPECTED]
    stale = sorted(set(EXPECTED) - {p.key for p in patterns})
    problems = [
        f"No expectation for the URL {p.key!r} ({p.route}): add a row for it to EXPECTED in "
        f"tests/hardening/test_permission_matrix.py, saying what each role should get."
        for p in missing
    ] + [f"EXPECTED has a row for {key!r}, which is no longer a URL: remove it." for key in stale]
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_the_project_permission_matrix():
    world = build_world()
    wrong, checked = [], 0
    for pattern in _project_patterns():
        row = EXPECTED.get(pattern.key)
        if row is None:
            continue  # reported by test_every_project_url_has_an_expectation
        url = url_for(pattern, world, on=row.on, kw=row.kw)
        got = {}
        for role in ROLES:
            got[role] = status_of(url, world.users[role])
            checked += 1
        if got != row.statuses:
            cells = ", ".join(
                f"{role}: expected {row.statuses[role]}, got {got[role]}"
                for role in ROLES
                if got[role] != row.statuses[role]
            )
            wrong.append(f"{pattern.key} ({url}) -- {cells}\n    now: {_row_in_words(got)}")
    assert not wrong, f"{len(wrong)} of the matrix's URLs answer differently:\n" + "\n".join(wrong)
    assert checked == len(EXPECTED) * len(ROLES)


@pytest.mark.django_db
def test_admin_pages_are_for_the_admin_only():
    world = build_world()
    wrong = []
    for pattern in project_patterns():
        if pattern.area != "admin":
            continue
        url = url_for(pattern, world)
        for role in ROLES:
            got = status_of(url, world.users[role])
            if role == "admin":
                ok = got in ADMIN_ALLOWED_FOR_ADMIN
                want = sorted(ADMIN_ALLOWED_FOR_ADMIN)
            else:
                want = ADMIN_FOR_OTHERS.get(pattern.key, 302)
                ok = got == want
            if not ok:
                wrong.append(f"{pattern.key} ({url}) as {role}: expected {want}, got {got}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.django_db
def test_account_pages_never_fail_and_the_pinned_ones_hold():
    world = build_world()
    wrong = []
    for pattern in project_patterns():
        if pattern.area != "accounts":
            continue
        url = url_for(pattern, world)
        pinned = ACCOUNTS_PINNED.get(pattern.key)
        for role in ROLES:
            got = status_of(url, world.users[role])
            if pinned is not None and got != pinned.statuses[role]:
                wrong.append(
                    f"{pattern.key} as {role}: expected {pinned.statuses[role]}, got {got}"
                )
            elif got not in ACCOUNTS_ALLOWED:
                wrong.append(f"{pattern.key} ({url}) as {role}: got {got}")
    assert not wrong, "\n".join(wrong)
