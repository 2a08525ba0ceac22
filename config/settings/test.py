"""Tests: fast hashing, email kept in memory, tasks run at once."""

import os
from pathlib import Path

from .base import *  # noqa: F403
from .base import BASE_DIR

DEBUG = False
SECRET_KEY = "tests-only-secret-key-of-reasonable-length-0123456789"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
MEDIA_ROOT = BASE_DIR / ".test_media"
ACCOUNT_RATE_LIMITS = False
ALLOWED_HOSTS = ["*"]
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True

# Static files straight from the source folders; no collectstatic needed.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Public standards and data live beside the repository in ../shared, never inside it.
SHARED_DIR = Path(os.environ.get("SEEDBED_SHARED_DIR") or BASE_DIR.parent / "shared")
SEEDBED_360GIVING_SCHEMA = os.environ.get("SEEDBED_360GIVING_SCHEMA") or str(
    SHARED_DIR / "standards" / "360giving"
)

# `seed_demo` may load the demo people and data here (see grants/management/commands/seed_demo.py).
SEEDBED_DEMO_DATA_ALLOWED = True

# The Open Referral feed's throttle: high enough that the permission matrix never meets it
# (the throttle's own test sets a low limit).
SEEDBED_OPENREFERRAL_RATE = 100_000
