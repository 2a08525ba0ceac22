"""`manage.py make_admin EMAIL`: make (or promote) a platform admin. Seedbed has no passwords, so
this replaces `createsuperuser`: the admin signs in at /accounts/login/code/ with the code sent
to EMAIL, then sets up an authenticator app or passkey, which the admin site requires."""

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction

from grants.models import User


class Command(BaseCommand):
    help = "Make EMAIL a platform admin (no password: they sign in with an emailed code)."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--name", default="")

    def handle(self, email, name, **options):
        email = email.strip().lower()
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(f"{email!r} is not an email address.") from None
        with transaction.atomic():
            user = User.objects.select_for_update().filter(email__iexact=email).first()
            made = user is None
            if made:
                user = User.objects.create_user(email=email, name=name)
            user.is_staff = user.is_superuser = user.is_active = True
            if name:
                user.name = name
            user.set_unusable_password()
            user.save()
            # The operator vouches for the address; the emailed code proves it at each sign-in.
            EmailAddress.objects.filter(user=user).exclude(email__iexact=email).update(
                primary=False
            )
            address, _ = EmailAddress.objects.get_or_create(
                user=user, email=email, defaults={"primary": True, "verified": True}
            )
            if not (address.primary and address.verified):
                address.primary = address.verified = True
                address.save()
        self.stdout.write(
            f"{'Made' if made else 'Updated'} the admin {email}. They sign in at "
            "/accounts/login/code/ with the code emailed to them, then set up an authenticator "
            "app or passkey: the admin site needs it."
        )
