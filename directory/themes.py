"""The directory's themes, and the published taxonomy they map to.

Each theme maps to one code of the Charity Commission for England and Wales's "What"
classification (what an organisation does: codes 101 to 117), as published in the Charity
Commission's register of charities data. Why this one (see docs/directory.md): it is public,
UK-wide, stable and free to use; funders already see it in charity data and in 360Giving grants
data, so a listing's theme lines up with its grants; and it covers every kind of group Seedbed
funds (lunch clubs, walking groups, fridges), where activity lists cover only sport.
"""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

TAXONOMY_NAME = "Charity Commission classification: What"
TAXONOMY_DESCRIPTION = (
    "What an organisation does, from the Charity Commission for England and Wales's "
    "classification of charities (codes 101 to 117)."
)
TAXONOMY_URI = (
    "https://register-of-charities.charitycommission.gov.uk/register/full-register-download"
)
TAXONOMY_VERSION = "2024"
TAXONOMY_ID = str(uuid.uuid5(uuid.NAMESPACE_URL, TAXONOMY_URI))


class Theme(models.TextChoices):
    HEALTH = "health", _("Health and wellbeing")
    FOOD = "food", _("Food and money worries")
    ARTS = "arts", _("Arts, crafts and heritage")
    SPORT = "sport", _("Sport and exercise")
    NATURE = "nature", _("Gardens, nature and green spaces")
    COMMUNITY = "community", _("Neighbours and community")
    LEARNING = "learning", _("Learning and skills")
    DISABILITY = "disability", _("Disability")
    EQUALITY = "equality", _("Equality and including everyone")
    SOCIAL = "social", _("Hobbies and meeting people")
    OTHER = "other", _("Something else")


# theme -> (Charity Commission code, the classification's own words)
CLASSIFICATION = {
    Theme.HEALTH: ("103", "The Advancement Of Health Or Saving Of Lives"),
    Theme.FOOD: ("105", "The Prevention Or Relief Of Poverty"),
    Theme.ARTS: ("109", "Arts/culture/heritage/science"),
    Theme.SPORT: ("110", "Amateur Sport"),
    Theme.NATURE: ("112", "Environment/conservation/heritage"),
    Theme.COMMUNITY: ("113", "Economic/community Development/employment"),
    Theme.LEARNING: ("102", "Education/training"),
    Theme.DISABILITY: ("104", "Disability"),
    Theme.EQUALITY: ("115", "Human Rights/religious Or Racial Harmony/equality Or Diversity"),
    Theme.SOCIAL: ("116", "Recreation"),
    Theme.OTHER: ("117", "Other Charitable Purposes"),
}

# Words in an application's free-text theme that suggest a directory theme (offered, not forced).
HINTS = [
    ("health", Theme.HEALTH), ("wellbeing", Theme.HEALTH), ("mental", Theme.HEALTH),
    ("food", Theme.FOOD), ("lunch", Theme.FOOD), ("poverty", Theme.FOOD),
    ("art", Theme.ARTS), ("craft", Theme.ARTS), ("music", Theme.ARTS), ("heritage", Theme.ARTS),
    ("sport", Theme.SPORT), ("walk", Theme.SPORT), ("exercise", Theme.SPORT),
    ("garden", Theme.NATURE), ("nature", Theme.NATURE), ("green", Theme.NATURE),
    ("learn", Theme.LEARNING), ("skill", Theme.LEARNING),
    ("disab", Theme.DISABILITY), ("equal", Theme.EQUALITY), ("inclu", Theme.EQUALITY),
    ("hobby", Theme.SOCIAL), ("lonel", Theme.SOCIAL), ("social", Theme.SOCIAL),
    ("community", Theme.COMMUNITY), ("neighbour", Theme.COMMUNITY),
]  # fmt: skip


def theme_from_words(words):
    """The directory theme an application's own theme words suggest, or ""."""
    lower = (words or "").lower()
    return next((theme for hint, theme in HINTS if hint in lower), "")


def term_id(theme):
    """The stable UUID of a theme's taxonomy term in the feed."""
    code, _ = CLASSIFICATION[Theme(theme)]
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{TAXONOMY_URI}#{code}"))


def theme_for_term_id(value):
    return next((t for t in Theme if term_id(t) == value), None)
