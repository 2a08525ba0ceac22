"""The directory of funded groups: a listing a group chose to publish, when it meets, and the
postcode points used to find listings near someone.

A `Listing` belongs to one group (never made by default: the group asks, from its page, once
it has an accepted grant). Its life (every change through `core.transitions.perform`, so
permission-checked and audited):

    draft | changes_requested | listed | hidden → awaiting_check   (the group sends it)
    awaiting_check → listed                                       (an officer checks it)
    awaiting_check → changes_requested                            (with a plain reason)
    listed → hidden                                               (the group or an officer)
    hidden → listed                                               (shown again, unchanged)
    any but withdrawn → withdrawn                                 (taken down for good)
    withdrawn → draft                                             (the group starts again)

Only `listed` listings are public: on the "What's on" pages and in the Open Referral feed.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from core.permissions import transition_permission

from .themes import Theme


class ListingState(models.TextChoices):
    DRAFT = "draft", _("Not sent yet")
    AWAITING_CHECK = "awaiting_check", _("Waiting for a check")
    CHANGES_REQUESTED = "changes_requested", _("Changes asked for")
    LISTED = "listed", _("Listed: people can find it")
    HIDDEN = "hidden", _("Hidden")
    WITHDRAWN = "withdrawn", _("Taken down")


EDITABLE_STATES = [
    ListingState.DRAFT,
    ListingState.CHANGES_REQUESTED,
    ListingState.AWAITING_CHECK,
    ListingState.LISTED,
    ListingState.HIDDEN,
]
SENDABLE_STATES = [
    ListingState.DRAFT,
    ListingState.CHANGES_REQUESTED,
    ListingState.LISTED,
    ListingState.HIDDEN,
]


class Access(models.TextChoices):
    STEP_FREE = "step_free", _("Step-free way in")
    HEARING_LOOP = "hearing_loop", _("Hearing loop")
    ACCESSIBLE_TOILET = "accessible_toilet", _("Accessible toilet")
    SEATING = "seating", _("Seats for resting")
    PARKING = "parking", _("Disabled parking")
    BUS = "bus", _("Near a bus stop")


def listing_is_complete(listing):
    return not listing.missing()


listing_is_complete.explain = lambda listing: listing.missing()


def unchanged_since_check(listing):
    return listing.checked_at is not None and (
        listing.content_changed_at is None or listing.content_changed_at <= listing.checked_at
    )


unchanged_since_check.explain = lambda listing: [
    gettext("You changed your listing since it was checked. Send it for a check instead.")
]


class Listing(ConcurrentTransitionMixin, models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    group = models.OneToOneField(
        "grants.Group", on_delete=models.PROTECT, related_name="directory_listing"
    )
    # The funder whose officers check the listing (from the group's grant).
    funder = models.ForeignKey("grants.Funder", on_delete=models.PROTECT, related_name="+")

    name = models.CharField(_("name people will see"), max_length=150)
    description = models.TextField(
        _("what happens"), max_length=600, help_text=_("A few short sentences. Say what people do.")
    )
    who_for = models.CharField(
        _("who it is for"), max_length=300, help_text=_("For example: anyone over 60, or families.")
    )
    theme = models.CharField(max_length=20, choices=Theme.choices)
    venue = models.CharField(
        _("where you meet"), max_length=150, help_text=_("For example: St Mark's Hall")
    )
    street = models.CharField(_("street address"), max_length=200, blank=True)
    town = models.CharField(_("town or city"), max_length=80, blank=True)
    area = models.CharField(_("area or neighbourhood"), max_length=120, blank=True)
    postcode = models.CharField(max_length=10)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    turn_up = models.BooleanField(_("people can just turn up"), default=True)
    cost = models.CharField(_("cost"), max_length=200, default="Free")
    accessibility = models.JSONField(default=list, blank=True)
    access_notes = models.CharField(_("more about access"), max_length=300, blank=True)
    languages = models.CharField(_("languages spoken"), max_length=200, default="English")
    contact_name = models.CharField(_("contact name"), max_length=120, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    website = models.URLField(_("website or social media page"), blank=True)

    state = FSMField(default=ListingState.DRAFT, choices=ListingState.choices, protected=True)
    feedback = models.TextField("what to change", blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    content_changed_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    # Set when the group's grant is cancelled: the officer decides whether to keep the listing.
    grant_cancelled_at = models.DateTimeField(null=True, blank=True)
    views = models.PositiveIntegerField(default=0)  # a count only: nothing about who
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "pk"]
        indexes = [
            models.Index(fields=["state", "theme"]),
            models.Index(fields=["funder", "state"]),
            models.Index(fields=["state", "updated_at"]),
        ]

    def __str__(self):
        return f"Listing for {self.name}"

    @property
    def is_public(self):
        return self.state == ListingState.LISTED

    @property
    def postcode_district(self):
        return district_of(self.postcode)

    def access_labels(self):
        return [Access(code).label for code in self.accessibility if code in Access.values]

    def missing(self):
        problems = []
        for field, words in [
            ("name", gettext("Add the name people will see.")),
            ("description", gettext("Add what happens.")),
            ("who_for", gettext("Add who it is for.")),
            ("theme", gettext("Add a theme.")),
            ("venue", gettext("Add where you meet.")),
            ("postcode", gettext("Add the postcode of where you meet.")),
        ]:
            if not str(getattr(self, field) or "").strip():
                problems.append(words)
        if not (self.contact_email or self.contact_phone or self.website):
            problems.append(gettext("Add a way to get in touch: an email, a phone or a website."))
        if not self.sessions.exists():
            problems.append(gettext("Add when you meet."))
        return problems

    # -- transitions ------------------------------------------------------------------------
    @transition(
        field=state,
        source=SENDABLE_STATES,
        target=ListingState.AWAITING_CHECK,
        conditions=[listing_is_complete],
        permission=transition_permission("edit_listing"),
    )
    def submit(self, by=None, reason=""):
        self.submitted_at = timezone.now()

    @transition(
        field=state,
        source=ListingState.AWAITING_CHECK,
        target=ListingState.LISTED,
        permission=transition_permission("check_listing"),
    )
    def approve(self, by=None, reason=""):
        self.checked_at = self.confirmed_at = timezone.now()
        self.checked_by = by
        self.feedback = ""

    @transition(
        field=state,
        source=ListingState.AWAITING_CHECK,
        target=ListingState.CHANGES_REQUESTED,
        permission=transition_permission("check_listing"),
    )
    def request_changes(self, by=None, reason=""):
        self.feedback = reason

    @transition(
        field=state,
        source=ListingState.LISTED,
        target=ListingState.HIDDEN,
        permission=transition_permission("hide_listing"),
    )
    def hide(self, by=None, reason=""):
        pass

    @transition(
        field=state,
        source=ListingState.HIDDEN,
        target=ListingState.LISTED,
        conditions=[unchanged_since_check],
        permission=transition_permission("edit_listing"),
    )
    def show_again(self, by=None, reason=""):
        self.confirmed_at = timezone.now()

    @transition(
        field=state,
        source=EDITABLE_STATES,
        target=ListingState.WITHDRAWN,
        permission=transition_permission("hide_listing"),
    )
    def withdraw(self, by=None, reason=""):
        pass

    @transition(
        field=state,
        source=ListingState.WITHDRAWN,
        target=ListingState.DRAFT,
        permission=transition_permission("edit_listing"),
    )
    def start_again(self, by=None, reason=""):
        self.feedback = ""


class Session(models.Model):
    """One regular time the group meets: "every Tuesday, 11am to 1pm"."""

    class Day(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    class Often(models.TextChoices):
        WEEKLY = "weekly", _("Every week")
        FORTNIGHTLY = "fortnightly", _("Every other week")
        FIRST = "first", _("First one of the month")
        SECOND = "second", _("Second one of the month")
        THIRD = "third", _("Third one of the month")
        FOURTH = "fourth", _("Fourth one of the month")
        LAST = "last", _("Last one of the month")

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="sessions")
    day = models.PositiveSmallIntegerField(choices=Day.choices)
    often = models.CharField(_("how often"), max_length=12, choices=Often.choices, default="weekly")
    starts = models.TimeField()
    ends = models.TimeField()

    class Meta:
        ordering = ["day", "starts", "pk"]

    def __str__(self):
        return self.plain()

    def plain(self):
        """Plain words: "Every Tuesday, 11am to 1pm", "First Monday of the month, 6pm to 8pm"."""
        patterns = {
            self.Often.WEEKLY: gettext("Every %(day)s, %(starts)s to %(ends)s"),
            self.Often.FORTNIGHTLY: gettext("Every other %(day)s, %(starts)s to %(ends)s"),
            self.Often.FIRST: gettext("First %(day)s of the month, %(starts)s to %(ends)s"),
            self.Often.SECOND: gettext("Second %(day)s of the month, %(starts)s to %(ends)s"),
            self.Often.THIRD: gettext("Third %(day)s of the month, %(starts)s to %(ends)s"),
            self.Often.FOURTH: gettext("Fourth %(day)s of the month, %(starts)s to %(ends)s"),
            self.Often.LAST: gettext("Last %(day)s of the month, %(starts)s to %(ends)s"),
        }
        return patterns.get(self.often, patterns[self.Often.WEEKLY]) % {
            "day": self.get_day_display(),
            "starts": clock(self.starts),
            "ends": clock(self.ends),
        }


class PostcodePoint(models.Model):
    """Where a postcode is (its centre), from the same ONS postcode lookup as the area data."""

    postcode_key = models.CharField(max_length=8, unique=True, help_text="No spaces, capitals.")
    latitude = models.FloatField()
    longitude = models.FloatField()

    def __str__(self):
        return self.postcode_key


def clock(value):
    """11:00 → "11am", 13:30 → "1:30pm"."""
    hour = value.hour % 12 or 12
    time = f"{hour}" if value.minute == 0 else f"{hour}:{value.minute:02d}"
    if value.hour < 12:
        # Translators: a time in the morning: 11am, 9:30am.
        return gettext("%(time)sam") % {"time": time}
    # Translators: a time from midday on: 1pm, 6:30pm.
    return gettext("%(time)spm") % {"time": time}


def district_of(postcode):
    """The outward code: RV1 2AB → RV1; "" if it does not look like a postcode."""
    key = "".join(ch for ch in (postcode or "") if ch.isalnum()).upper()
    return key[:-3] if len(key) > 4 else ""
