"""The people who use Seedbed, the funders, and people's roles."""

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.languages import language_choices

NO_PASSWORDS = (
    "Seedbed has no passwords: people sign in with a code sent by email (and staff with a "
    "second factor). Operators make an admin with `manage.py make_admin EMAIL`."
)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An email address is needed.")
        if password:
            raise ValueError(NO_PASSWORDS)
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """Anyone who signs in. What they may do comes from their roles and group memberships."""

    email = models.EmailField("email address", unique=True)
    name = models.CharField("name", max_length=150, blank=True)
    phone = models.CharField("phone number", max_length=40, blank=True)
    is_staff = models.BooleanField(
        "can use the admin site",
        default=False,
        help_text="Only platform operators need the admin site.",
    )
    is_active = models.BooleanField("active", default=True)
    date_joined = models.DateTimeField("joined", default=timezone.now)
    # The language they chose in the header (blank: not chosen; see core.languages).
    language = models.CharField(
        "language", max_length=15, blank=True, default="", choices=language_choices
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        ordering = ["email"]

    def __str__(self):
        return self.name or self.email

    def set_password(self, raw_password):
        """Nobody has a password (see NO_PASSWORDS): refuse to set one."""
        if raw_password is None:
            return self.set_unusable_password()
        raise ValueError(NO_PASSWORDS)

    @property
    def display_name(self):
        return self.name or self.email.split("@")[0]


class OpenDataLicence(models.TextChoices):
    """The open licences a funder may publish its grants data under (360Giving's registry takes
    data under an open licence; these are the ones UK funders use)."""

    CC_BY = (
        "CC-BY-4.0",
        _("Creative Commons Attribution 4.0 (CC BY 4.0): others must say it came from you"),
    )
    CC0 = "CC0-1.0", _("Creative Commons Zero (CC0 1.0): no conditions at all")
    OGL = (
        "OGL-UK-3.0",
        _("Open Government Licence v3.0: for public bodies, others must say it came from you"),
    )


class Funder(models.Model):
    """An organisation that gives money through Seedbed: an ICB, a council, a foundation."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    short_name = models.CharField(max_length=60, blank=True)
    org_id = models.CharField(
        "organisation identifier",
        max_length=80,
        blank=True,
        help_text="Its org-id, for example GB-NHS-QWO. Used in open data.",
    )
    prefix_360 = models.CharField(
        "360Giving prefix",
        max_length=40,
        blank=True,
        help_text="The identifier prefix 360Giving gave this funder, for example abc-123.",
    )
    website = models.URLField(blank=True)
    contact_email = models.EmailField(
        blank=True, help_text="Where groups' replies go (the Reply-To of every email about it)."
    )
    contact_name = models.CharField(
        "contact's name",
        max_length=120,
        blank=True,
        help_text="The named person groups can talk to, shown in letters and emails.",
    )
    contact_phone = models.CharField(
        "contact phone number",
        max_length=40,
        blank=True,
        help_text="A number groups can ring, shown in letters and emails.",
    )
    standard_terms = models.TextField(
        "standard terms of grant",
        max_length=10000,
        blank=True,
        help_text="The terms every grant letter includes (for example safeguarding, insurance, "
        "data protection). One paragraph per blank line. Empty: Seedbed's short standard terms.",
    )
    # Open data: whether the funder's 360Giving file is published at its public address
    # (/open-data/<slug>/grants.json), under which licence, and since when. Changed only through
    # `grants.services.publishing` (officers, audited).
    open_data_published = models.BooleanField("grants published as open data", default=False)
    open_data_licence = models.CharField(
        "open data licence", max_length=20, choices=OpenDataLicence.choices, blank=True
    )
    open_data_published_at = models.DateTimeField(
        "open data first published", null=True, blank=True
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Role(models.Model):
    """A role someone holds, scoped to a funder (staff, supporters) or a round (panel members).

    Applicants are not given a Role: they belong to groups (`GroupMember`).
    """

    class Kind(models.TextChoices):
        OFFICER = "officer", _("Officer")
        FUNDER_VIEWER = "funder_viewer", _("Funder viewer")
        SUPPORTER = "supporter", _("Supporter")
        PANEL_MEMBER = "panel_member", _("Panel member")

    STAFF_KINDS = {Kind.OFFICER, Kind.FUNDER_VIEWER}

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roles"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    funder = models.ForeignKey(
        Funder, on_delete=models.CASCADE, related_name="roles", null=True, blank=True
    )
    round = models.ForeignKey(
        "Round", on_delete=models.CASCADE, related_name="roles", null=True, blank=True
    )
    granted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            # One row per role and scope. Two partial constraints, because a NULL scope never
            # equals another NULL in a plain unique constraint.
            models.UniqueConstraint(
                fields=["user", "kind", "funder"],
                condition=models.Q(round__isnull=True),
                name="one_funder_role",
            ),
            models.UniqueConstraint(
                fields=["user", "kind", "round"],
                condition=models.Q(funder__isnull=True),
                name="one_round_role",
            ),
            models.CheckConstraint(
                condition=models.Q(funder__isnull=False) | models.Q(round__isnull=False),
                name="role_has_a_scope",
            ),
        ]

    def __str__(self):
        scope = self.round or self.funder
        return f"{self.user} — {self.get_kind_display()} ({scope})"
