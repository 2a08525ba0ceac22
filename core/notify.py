"""Emails to people, in plain words, rendered from templates and sent by a background task."""

from django.conf import settings
from django.template.loader import render_to_string

from .tasks import send_email


def email(to, template, context):
    """Render templates/emails/<template>.txt (first line is the subject) and queue it."""
    recipients = [to] if isinstance(to, str) else list(to)
    recipients = [r for r in recipients if r]
    if not recipients:
        return
    context = {"site_url": settings.SEEDBED["BASE_URL"], **context}
    text = render_to_string(f"emails/{template}.txt", context).strip()
    subject, _, body = text.partition("\n")
    send_email.enqueue(
        to=recipients, subject=f"Seedbed: {subject.strip()}", body=body.strip() + "\n"
    )
