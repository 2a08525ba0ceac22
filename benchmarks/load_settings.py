"""Settings for the load script's gunicorn (benchmarks/load.py): production's, served over plain
HTTP on loopback. Only what plain HTTP on 127.0.0.1 needs is changed: no redirect to HTTPS, no
Secure-only cookies, no HSTS, static files from the source folders (no collectstatic), and
emails kept in memory. Everything that costs time per page stays as in production: DEBUG off,
the cached template loader, kept database connections, the database cache.
"""

from config.settings.production import *  # noqa: F403

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
