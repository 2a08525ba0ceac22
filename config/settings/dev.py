"""Local development: debug pages, email printed in the terminal, tasks run at once."""

from .base import *  # noqa: F403
from .base import env, env_bool

DEBUG = env_bool("DEBUG", True)
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
if env("EMAIL_FILE_PATH"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": env("EMAIL_FILE_PATH")},
        }
    }
# Passkeys need a secure origin; allow the local one for trying them out.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True

# Static files straight from the source folders; no collectstatic needed.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# `seed_demo` may load the demo people and data here (see grants/management/commands/seed_demo.py).
SEEDBED_DEMO_DATA_ALLOWED = True
