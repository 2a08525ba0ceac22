"""Signing in: a code sent by email for everyone; staff add a second factor (TOTP or a passkey)."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.forms import RequestLoginCodeForm
from allauth.account.models import EmailAddress
from allauth.mfa.utils import is_mfa_enabled
from django import forms
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from core.forms import PlainFormMixin
from core.guards import is_staff_member
from core.tasks import send_email


class SeedbedAccountAdapter(DefaultAccountAdapter):
    # Shown beside the email field when the sign-in limits (ACCOUNT_RATE_LIMITS) are reached.
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": "You have tried too many times. Wait a few minutes, "
        "then try again.",
    }

    def send_mail(self, template_prefix, email, context):
        """Render allauth's email, then send it through a background task."""
        message = self.render_mail(template_prefix, email, context)
        html = ""
        for content, mimetype in getattr(message, "alternatives", []):
            if mimetype == "text/html":
                html = content
        send_email.enqueue(
            to=list(message.to), subject=message.subject, body=message.body, html=html
        )

    def get_login_redirect_url(self, request):
        from django.urls import reverse

        user = request.user
        if is_staff_member(user) and not is_mfa_enabled(user):
            return reverse("staff_second_factor_needed")
        return super().get_login_redirect_url(request)


class SignInForm(PlainFormMixin, RequestLoginCodeForm):
    """Ask for an email address. Someone new gets an account made for them on the spot, so the
    first visit and every later one are the same: type your email, type the code we send."""

    email = forms.EmailField(
        label="Your email address",
        max_length=254,
        help_text="We will send you a code to type in. You do not need a password.",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address like name@example.com",
            "max_length": "Your email address is too long: it must be 254 characters or fewer",
        },
    )

    def clean_email(self):
        email = self.cleaned_data.get("email", "").strip().lower()
        if email:
            ensure_account(email)
        self.cleaned_data["email"] = email
        return super().clean_email()


def ensure_account(email):
    """The account for `email`, made if it does not exist yet."""
    User = get_user_model()
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        try:
            with transaction.atomic():
                user = User.objects.create_user(email=email)
                EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)
        except IntegrityError:
            user = User.objects.get(email__iexact=email)
    elif not EmailAddress.objects.filter(user=user, email__iexact=email).exists():
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)
    return user
