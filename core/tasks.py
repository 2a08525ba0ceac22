"""Background work for grants. Emails always go through a task, so a slow mail server never
holds up a page, and in production a `db_worker` process sends them."""

from django.core.mail import EmailMultiAlternatives
from django.tasks import task


@task
def send_email(
    to: list[str], subject: str, body: str, html: str = "", reply_to: list[str] | None = None
) -> None:
    message = EmailMultiAlternatives(subject=subject, body=body, to=to, reply_to=reply_to or None)
    if html:
        message.attach_alternative(html, "text/html")
    message.send()
