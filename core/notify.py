"""Emails to people, in plain words, rendered from templates and sent by a background task."""

from django.conf import settings
from django.template.loader import render_to_string

from .tasks import send_email

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


def email(to, template, context, *, reply_to=None):
    """Render templates/emails/<template>.txt (first line is the subject) and queue it.

    Replies go to `reply_to` (a list of addresses), or by default to the contact address of
    the funder the email is about (see `funder_reply_to`)."""
    recipients = [to] if isinstance(to, str) else list(to)
    recipients = [r for r in recipients if r]
    if not recipients:
        return
    context = {"site_url": settings.SEEDBED["BASE_URL"], **context}
    text = render_to_string(f"emails/{template}.txt", context).strip()
    subject, _, body = text.partition("\n")
    send_email.enqueue(
        to=recipients,
        subject=f"Seedbed: {subject.strip()}",
        body=body.strip() + "\n",
        reply_to=reply_to or funder_reply_to(context),
    )
