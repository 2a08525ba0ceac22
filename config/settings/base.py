"""Settings shared by every environment. Everything that differs comes from the environment."""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = env("SECRET_KEY", "dev-only-not-secret-change-me")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")

INSTALLED_APPS = [
    # Django's admin, signed into by emailed code and second factor like every page (no password).
    "core.admin_apps.SeedbedAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_tasks_db",
    "core",
    "grants",
    "awards",
    "panels",
    "voting",
    "reports",
    "directory",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language: the person's own choice (kept on their account), else the cookie, else the
    # browser's Accept-Language when Seedbed has that language, else English.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.middleware.AccountLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # The first request after a round's closing date closes it (at most one check a minute).
    "grants.middleware.CloseDueRoundsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "grants.context_processors.seedbed",
            ],
        },
    },
]

# SQLite file by default; DATABASE_URL selects PostgreSQL (or anything dj-database-url reads).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(env("DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            # secure_delete: deleted rows are overwritten with zeros (ballots rewritten at
            # close leave no bytes behind; see voting.services.ballot_box).
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA secure_delete=ON;"
            ),
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "grants.User"

# No passwords: nobody is ever authenticated by one (allauth's emailed code is the way in).
AUTHENTICATION_BACKENDS = ["core.auth_backends.NoPasswordBackend"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
# Each language is named in itself, as its speakers look for it in the header.
LANGUAGES = [("en-gb", "English"), ("cy", "Cymraeg"), ("ur", "اردو")]
LANGUAGES_BIDI = ["ur", "ar", "fa", "he"]
# One catalog per part of the project (locale/<catalog>/<language>/LC_MESSAGES/django.po), so
# that people translating one part never edit another's file; see docs/translating.md.
TRANSLATION_CATALOGS = [
    "core", "grants", "applying", "awards", "panels", "voting", "reports", "directory"
]  # fmt: skip
LOCALE_PATHS = [BASE_DIR / "locale" / name for name in TRANSLATION_CATALOGS]
LANGUAGE_COOKIE_NAME = "seedbed_language"
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]

# Uploaded files (audio answers, photos) are private: they live outside the static tree and are
# only ever served through views that check who is asking.
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "private_media")))
MEDIA_URL = "/private-files-are-never-served-directly/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 26_214_400

LOGIN_URL = "account_request_login_code"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# django-allauth: people sign in with a code sent by email. No passwords to remember.
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*"]
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 15 * 60
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_ADAPTER = "grants.accounts.SeedbedAccountAdapter"
ACCOUNT_FORMS = {"request_login_code": "grants.accounts.SignInForm"}
ACCOUNT_RATE_LIMITS = {
    "request_login_code": "20/m/ip,3/m/key",
    "login_failed": "10/m/ip,5/5m/key",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Seedbed: "
ACCOUNT_REAUTHENTICATION_TIMEOUT = 10 * 60
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = False
MFA_TOTP_ISSUER = "Seedbed"
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = False

# Email: Django 6.1 mailers. Dev prints to the console; production reads SMTP from the environment.
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Seedbed <grants@seedbed.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}

# Background work: Django's tasks. Immediate in dev and tests; the database queue in production.
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

# Every email is kept as a row until the mail server takes it (core/outbox.py). A worker may
# hold one it is sending for LEASE_SECONDS (then the sweep takes it back); a failed send is
# tried again after FIRST_RETRY_SECONDS, doubling each time up to LONGEST_WAIT_SECONDS, at most
# MOST_ATTEMPTS times (then an admin can send it again). Sent ones are forgotten after
# KEEP_SENT_DAYS.
SEEDBED_EMAIL = {
    "LEASE_SECONDS": int(env("SEEDBED_EMAIL_LEASE_SECONDS", "300")),
    "FIRST_RETRY_SECONDS": int(env("SEEDBED_EMAIL_FIRST_RETRY_SECONDS", "60")),
    "LONGEST_WAIT_SECONDS": int(env("SEEDBED_EMAIL_LONGEST_WAIT_SECONDS", "3600")),
    "MOST_ATTEMPTS": int(env("SEEDBED_EMAIL_MOST_ATTEMPTS", "30")),
    "KEEP_SENT_DAYS": int(env("SEEDBED_EMAIL_KEEP_SENT_DAYS", "90")),
}

# Content security policy (Django's own): nothing from other sites, no inline script.
from django.utils.csp import CSP  # noqa: E402

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "media-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True

# Only development and test settings may load the demo data (`seed_demo`): it has an admin whose
# authenticator secret is published.
SEEDBED_DEMO_DATA_ALLOWED = False

SEEDBED = {
    "SITE_NAME": "Seedbed",
    "BASE_URL": env("SEEDBED_BASE_URL", "http://127.0.0.1:8000"),
}

# Pages kept ready (core/page_cache.py): a key page's whole answer is given again, without
# running its view, until anything it read in the database changes, and the dashboard's figures
# likewise. Off: every page and figure is made anew.
SEEDBED_PAGE_CACHE = env_bool("SEEDBED_PAGE_CACHE", True)

# Each process's own memory cache (development, tests, one-process sites); production shares one
# in the database. Kept pages need room: Django's default of 300 entries is a few people's pages.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }
}

# Personal data of unsuccessful and withdrawn applications is removed this many days after the
# application ended (see docs/personal-data.md and `manage.py remove_old_personal_data`).
SEEDBED_RETENTION_DAYS = int(env("SEEDBED_RETENTION_DAYS", "365"))

# The folder holding the 360Giving 1.4.3 schema (360-giving-package-schema.json and
# 360-giving-schema.json, published by 360Giving under CC BY 4.0). Seedbed does not carry a copy:
# point this at one to check open-data exports against the schema (`export_360giving
# --validate`). Empty: exports are made, but not checked, and the command says so.
SEEDBED_360GIVING_SCHEMA = env("SEEDBED_360GIVING_SCHEMA", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # One line per background task is noise in a terminal; problems are still shown.
        "django.tasks": {"level": env("TASKS_LOG_LEVEL", "WARNING")},
    },
}
