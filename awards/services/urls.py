"""Links to award pages, built from SEEDBED_BASE_URL (emails and letters)."""

from django.conf import settings
from django.urls import reverse


def award_url(award):
    return settings.SEEDBED["BASE_URL"].rstrip("/") + reverse("award_detail", args=[award.pk])


def letter_url(award):
    return settings.SEEDBED["BASE_URL"].rstrip("/") + reverse("award_letter", args=[award.pk])


def change_letter_url(variation):
    return settings.SEEDBED["BASE_URL"].rstrip("/") + reverse(
        "award_change_letter", args=[variation.award_id, variation.pk]
    )
