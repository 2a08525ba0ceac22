"""A fingerprint of the database: every row of every table of the project's apps.

Used to prove that a refused request changed nothing (the acting permission matrix, the fuzz
harness). Sessions, allauth's tables and Django's own are left out: signing in writes there."""

from django.apps import apps

PROJECT_APPS = {"core", "grants", "awards", "panels", "voting", "reports", "directory"}


def fingerprint():
    """Every row of every table of the project's apps (many-to-many tables included)."""
    return {
        model._meta.label: repr(list(model.objects.order_by("pk").values_list()))
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in PROJECT_APPS
    }


def changed_tables(before, after):
    return sorted(label for label in before if before[label] != after[label])
