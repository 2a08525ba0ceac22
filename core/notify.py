"""Emails to people, in plain words, rendered from templates and sent by a background task.

Each email is kept as a row (`core.outbox`) in the same transaction as the work that causes it,
then sent by a task that retries until the mail server takes it; see docs/security.md.

Emails are plain text, so their templates are rendered by an engine that never escapes for
HTML: "Brixton Knit & Natter" stays as typed, never "Brixton Knit &amp; Natter".
"""

from functools import cache

from django.conf import settings
from django.contrib.auth import get_user_model
from django.template.backends.django import DjangoTemplates
from django.utils import translation

from . import outbox
from .languages import spoken_for
from .tasks import queue

# Where an email's funder is found, in the order tried (core knows no app: it looks by name).
FUNDER_HOLDERS = ("funder", "award", "report", "round", "application")


def funder_reply_to(context):
    """The funder's contact address, when an email is about a funder's award, report, round or
    application, so that "reply to this email" reaches someone at the funder (else None)."""
    for key in FUNDER_HOLDERS:
        holder = context.get(key)
        if holder is None:
            continue
        funder = holder if key == "funder" else getattr(holder, "funder", None)
        if funder is None:
            funder = getattr(getattr(holder, "round", None), "funder", None)
        address = getattr(funder, "contact_email", "")
        if address:
            return [address]
    return None


@cache
def plain_text_templates():
    """The project's templates (same folders, same tag libraries), without HTML escaping."""
    site = next(t for t in settings.TEMPLATES if t["BACKEND"].endswith("django.DjangoTemplates"))
    options = {
        key: value
        for key, value in site.get("OPTIONS", {}).items()
        if key not in ("context_processors", "autoescape")
    }
    return DjangoTemplates(
        {
            "NAME": "plain_text",
            "DIRS": site.get("DIRS", []),
            "APP_DIRS": site.get("APP_DIRS", False),
            "OPTIONS": {**options, "autoescape": False},
        }
    )


def render_text(template_name, context):
    """A plain-text template rendered with `context`, nothing escaped."""
    return plain_text_templates().get_template(template_name).render(context)


def render(template, context):
    """The (subject, body) of templates/emails/<template>.txt; its first line is the subject."""
    context = {"site_url": settings.SEEDBED["BASE_URL"], **context}
    text = render_text(f"emails/{template}.txt", context).strip()
    subject, _, body = text.partition("\n")
    return f"Seedbed: {subject.strip()}", body.strip() + "\n"


def send(to, subject, body, *, html="", reply_to=None, key=None, urgent=False):
    """Keep an email to send and queue its sending. `key` names the message: queued again
    with the same key, it is not made or sent again. `urgent` ones (sign-in codes) go before
    other background work. Returns its `OutgoingEmail` row (None when there is nobody to
    send to)."""
    recipients = [to] if isinstance(to, str) else list(to)
    recipients = [r for r in recipients if r]
    if not recipients:
        return None
    row, new = outbox.record(
        recipients, subject, body, html=html, reply_to=reply_to, key=key, urgent=urgent
    )
    if new:
        queue(row.pk, urgent=urgent)
    return row


def written_in(context):
    """The language of the application an email is about (when Seedbed speaks it), for people
    who chose none: a group that applied in Welsh hears in Welsh. Else the site's language."""
    for key in ("application", "award", "report"):
        holder = context.get(key)
        application = holder if key == "application" else getattr(holder, "application", None)
        if application is not None:
            return spoken_for(getattr(application, "language", ""))
    return settings.LANGUAGE_CODE


def languages_of(recipients, default=None):
    """{language: [addresses]}: each address in the language its person chose on their account
    (people with no account, or no choice, in `default`, else the site's language)."""
    chosen = dict(
        get_user_model()
        .objects.filter(email__in=[r.lower() for r in recipients])
        .exclude(language="")
        .values_list("email", "language")
    )
    by_language = {}
    for address in recipients:
        language = chosen.get(address.lower()) or default or settings.LANGUAGE_CODE
        by_language.setdefault(language, []).append(address)
    return by_language


def email(to, template, context, *, reply_to=None, key=None):
    """Render templates/emails/<template>.txt (first line is the subject) and queue it, in
    each recipient's own language (one email per language).

    Replies go to `reply_to` (a list of addresses), or by default to the contact address of
    the funder the email is about (see `funder_reply_to`). `key`, if given, names the message
    so that it is sent once however often it is queued (see `send`). Returns the first
    language's `OutgoingEmail` row."""
    recipients = [r for r in ([to] if isinstance(to, str) else list(to)) if r]
    if not recipients:
        return None
    by_language = languages_of(recipients, written_in(context))
    reply_to = reply_to or funder_reply_to(context)
    rows = []
    for language, addresses in by_language.items():
        with translation.override(language):
            subject, body = render(template, context)
        named = f"{key}:{language}" if key and len(by_language) > 1 else key
        rows.append(send(addresses, subject, body, reply_to=reply_to, key=named))
    return rows[0]
