"""Signing in: a code sent by email for everyone; staff add a second factor (TOTP or a passkey)."""

from allauth.account.adapter import DefaultAccountAdapter, get_adapter
from allauth.account.forms import RequestLoginCodeForm
from allauth.account.internal.flows.login_by_code import LoginCodeVerificationProcess
from allauth.account.internal.userkit import user_id_to_str
from allauth.account.models import EmailAddress
from allauth.mfa.utils import is_mfa_enabled
from django import forms
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from core.forms import PlainFormMixin
from core.guards import is_staff_member
from core.notify import send


class SeedbedAccountAdapter(DefaultAccountAdapter):
    # Shown beside the email field when the sign-in limits (ACCOUNT_RATE_LIMITS) are reached.
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": _(
            "You have tried too many times. Wait a few minutes, then try again."
        ),
    }

    def send_mail(self, template_prefix, email, context):
        """Render allauth's email, then send it through a background task (urgent: someone
        is waiting for their sign-in code)."""
        message = self.render_mail(template_prefix, email, context)
        html = ""
        for content, mimetype in getattr(message, "alternatives", []):
            if mimetype == "text/html":
                html = content
        send(list(message.to), message.subject, message.body, html=html, urgent=True)

    def is_open_for_signup(self, request):
        """No sign-up page: someone new signs in by code like everyone else."""
        return False

    def get_login_redirect_url(self, request):
        from django.urls import reverse

        user = request.user
        if is_staff_member(user) and not is_mfa_enabled(user):
            return reverse("staff_second_factor_needed")
        return super().get_login_redirect_url(request)


class SignInForm(PlainFormMixin, RequestLoginCodeForm):
    """Ask for an email address. Known or new, the answer is the same: a code is sent to it.
    Nothing is made on request; someone new gets their account once they type the code
    (`CodeForKnownOrNewAddress.finish`), which proves the mailbox is theirs."""

    email = forms.EmailField(
        label=_("Your email address"),
        max_length=254,
        help_text=_("We will send you a code to type in. You do not need a password."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": _("Enter your email address"),
            "invalid": _("Enter an email address like name@example.com"),
            "max_length": _("Your email address is too long: it must be 254 characters or fewer"),
        },
    )

    def clean_email(self):
        self.cleaned_data["email"] = self.cleaned_data.get("email", "").strip().lower()
        return super().clean_email()


class CodeForKnownOrNewAddress(LoginCodeVerificationProcess):
    """allauth's sign-in by code, with one change: an address with no account gets the same
    email (a code) as one with an account, and the account is made only when that code is
    typed in. Installed in place of allauth's process by `GrantsConfig.ready`."""

    def send_by_email(self, email, skip_enumeration_mails=False):
        if self.user is not None:
            return super().send_by_email(email, skip_enumeration_mails)
        code = self.generate_code()
        get_adapter().send_mail(
            "account/email/login_code", email, {"request": self.request, "code": code}
        )
        self.add_sent_message({"email": email, "recipient": email})

    def finish(self, redirect_url):
        if self.user is None:
            user = ensure_account(self.state["email"], verified=True)
            self._user = user
            self.state["user_id"] = user_id_to_str(user)
            self.stage.login.user = user
        return super().finish(redirect_url)


def ensure_account(email, *, verified=False):
    """The account for `email`, made if it does not exist yet. Made only by staff (inviting a
    panel member) or once someone has typed the code sent to `email` (`verified`)."""
    User = get_user_model()
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        try:
            with transaction.atomic():
                user = User.objects.create_user(email=email)
                EmailAddress.objects.create(user=user, email=email, primary=True, verified=verified)
        except IntegrityError:
            user = User.objects.get(email__iexact=email)
    elif not EmailAddress.objects.filter(user=user, email__iexact=email).exists():
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=verified)
    return user


def install_sign_in_by_code():
    """Use `CodeForKnownOrNewAddress` wherever allauth runs its sign-in by code (its views and
    its login stage look the class up on this module each time)."""
    from allauth.account.internal.flows import login_by_code

    login_by_code.LoginCodeVerificationProcess = CodeForKnownOrNewAddress
