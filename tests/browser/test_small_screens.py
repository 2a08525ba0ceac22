"""Every page reads on a 320 px phone without sideways scrolling.

With the demo's data (applications in every state, awards, payments, panels, scores, votes and
reports), each person — a group's member, a supporter, a panel member, an officer and a funder
viewer — starts at their own page and follows the links they see, the way someone finds their
way around. Every page visited must fit 320 px: tables reflow to stacked rows, long emails and
references wrap, and nothing sits off-screen in a scroll box.
"""

import re
from urllib.parse import urljoin, urlparse

import pytest
from django.core.management import call_command
from django.test import Client
from playwright.sync_api import expect

from grants.models import User
from tests.conftest import mark_recently_authenticated
from tests.support.pages import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = 320
# Files, not pages (PDFs, spreadsheets, votes, photos), the ways out of the session, and the
# header's language links (the walk stays in English; tests/browser/test_languages.py does
# Welsh and Urdu).
NOT_A_PAGE = re.compile(
    r"(\.(pdf|csv|xlsx|pb|json|mp3|m4a|ogg|wav|webm|jpg|png)$|/photos/|/recordings?/|"
    r"/logout|/accounts/|/admin/|/your-data/download|/votes\.pb|/feed|/openreferral|/language/)"
)
MOST_PAGES_PER_PERSON = 45


def signed_in_as(context, live_server, email):
    """Put a signed-in session for `email` (staff as if they used their second factor just
    now) into the browser, so the walk spends its time on the pages, not on the sign-in."""
    user = User.objects.get(email=email)
    client = Client()
    client.force_login(user)
    mark_recently_authenticated(client, user)
    cookie = client.cookies["sessionid"]
    context.clear_cookies()
    context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


def sideways_scroll(page):
    """How many pixels of the page are off-screen to the side (0 when it fits): the page wider
    than the screen, or a box inside it (a table in a scroll box) wider than the box."""
    return page.evaluate(
        """() => {
          const page = document.documentElement.scrollWidth - window.innerWidth;
          const boxes = [...document.querySelectorAll("main *")]
            .filter((el) => ["auto", "scroll"].includes(getComputedStyle(el).overflowX))
            .filter((el) => el.tagName !== "TEXTAREA")
            .map((el) => el.scrollWidth - el.clientWidth);
          return Math.max(page, 0, ...boxes);
        }"""
    )


def links_on(page):
    hrefs = page.eval_on_selector_all(
        "header a[href], main a[href]", "links => links.map(a => a.getAttribute('href'))"
    )
    return [h for h in hrefs if h and not h.startswith(("#", "mailto:", "tel:"))]


def walk(page, base_url, start):
    """Visit `start` and the pages its links lead to (same site, breadth first). Returns the
    pages that scroll sideways, each with by how much."""
    queue, seen, too_wide = list(start), set(), {}
    while queue and len(seen) < MOST_PAGES_PER_PERSON:
        url = urljoin(base_url, queue.pop(0)).split("#")[0]
        parts = urlparse(url)
        if parts.netloc != urlparse(base_url).netloc or NOT_A_PAGE.search(parts.path):
            continue
        if url in seen:
            continue
        seen.add(url)
        response = page.goto(url)
        if response is None or "text/html" not in (response.headers.get("content-type") or ""):
            continue
        extra = sideways_scroll(page)
        if extra > 0:
            too_wide[parts.path + (f"?{parts.query}" if parts.query else "")] = extra
        queue.extend(links_on(page))
    return seen, too_wide


PEOPLE = {
    "applicant@seedbed.example": ["/me/", "/applications/", "/reports/", "/groups/new/"],
    "supporter@seedbed.example": ["/me/", "/applications/"],
    "panel@seedbed.example": ["/me/", "/panel/"],
    "officer@seedbed.example": ["/staff/", "/reports/staff/", "/reports/outcomes/"],
    "viewer@seedbed.example": ["/staff/", "/reports/outcomes/"],
}


@pytest.mark.parametrize("email", PEOPLE)
def test_no_page_scrolls_sideways_at_320_px(page, live_server, email):
    call_command("seed_demo")
    page.set_viewport_size({"width": WIDTH, "height": 640})
    signed_in_as(page.context, live_server, email)
    seen, too_wide = walk(page, live_server.url, PEOPLE[email])
    assert len(seen) >= 5, f"{email} saw only {sorted(seen)}"
    assert not too_wide, f"At {WIDTH} px these pages scroll sideways (extra px): {too_wide}"


def test_a_long_email_in_the_done_banner_wraps(page, live_server, applicant):
    """The green "Done" banner after signing in names the email: a long one wraps."""
    long_email = "the.tuesday.lunch.club.organiser.of.riverside@community-groups.example"
    User.objects.filter(pk=applicant.pk).update(email=long_email)
    page.set_viewport_size({"width": WIDTH, "height": 640})
    page.goto("/accounts/login/code/")
    page.get_by_label("Your email address").fill(long_email)
    page.get_by_role("button", name="Send me a code").click()
    page.wait_for_url("**/accounts/login/code/confirm/**")
    assert page.locator(".govuk-notification-banner, .govuk-inset-text, main").first.is_visible()
    assert sideways_scroll(page) == 0


def test_without_javascript_tables_still_fit_at_320_px(_playwright_browser, live_server):
    """Without JavaScript the tables keep their columns, narrowed to the screen."""
    call_command("seed_demo")
    context = _playwright_browser.new_context(
        java_script_enabled=False,
        viewport={"width": WIDTH, "height": 640},
        base_url=live_server.url,
    )
    try:
        page = context.new_page()
        signed_in_as(context, live_server, "officer@seedbed.example")
        seen, too_wide = walk(page, live_server.url, ["/staff/"])
        assert len(seen) >= 5
        assert not too_wide, f"Without JavaScript these pages scroll sideways: {too_wide}"
    finally:
        context.close()


def test_a_stacked_table_names_each_line(page, live_server):
    """On a phone the panel's "Scores so far" rows stack, each line named by its column, and the
    page stays accessible."""
    call_command("seed_demo")
    page.set_viewport_size({"width": WIDTH, "height": 640})
    signed_in_as(page.context, live_server, "panel@seedbed.example")
    page.goto("/panel/")
    panels = [h for h in links_on(page) if re.fullmatch(r"/panel/\d+/", h)]
    for panel in panels:
        page.goto(panel)
        scores = page.get_by_role("link", name="See the scores so far")
        if scores.count():
            scores.click()
            break
    expect(page.get_by_role("heading", level=1)).to_contain_text("Scores so far")
    first_row = page.locator("main .govuk-table tbody tr[id^='result-']").first
    expect(first_row.locator("td").nth(2)).to_have_attribute("data-label", "Asks for")
    box = first_row.locator("td").nth(6).bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTH  # on screen, not off to the side
    assert sideways_scroll(page) == 0
    assert_accessible(page)
