"""The personal data the directory holds, for `grants.privacy` (export, erasure).

A listing is public data its group chose to publish. The personal data in it is the public
contact the group gave (a name, an email, a phone) — often a host organisation rather than a
person. A subject-access export includes the listings of the person's groups, and any listing
naming the person as its contact. Erasing a person removes them as a listing's contact (the
listing stays; it is the group's, and without a way to get in touch it is hidden until the
group adds one). Hidden and withdrawn listings are never public: they leave the feed at once.
Registered from `DirectoryConfig.ready()`.
"""

from django.db.models import Q

from core.audit import record_event
from core.privacy import register_personal_data
from grants.permissions import group_ids

from .models import Listing, ListingState


def _theirs(user):
    mine = Q(group_id__in=group_ids(user))
    if user.email:
        mine |= Q(contact_email__iexact=user.email)
    return Listing.objects.filter(mine).select_related("group").prefetch_related("sessions")


def export(user):
    return {
        "directory_listings": [
            {
                "group": listing.group.name,
                "name_people_see": listing.name,
                "where_it_stands": listing.get_state_display(),
                "what_happens": listing.description,
                "who_it_is_for": listing.who_for,
                "where": ", ".join(
                    p for p in [listing.venue, listing.street, listing.town, listing.postcode] if p
                ),  # fmt: skip
                "when": [s.plain() for s in listing.sessions.all()],
                "contact_name": listing.contact_name,
                "contact_email": listing.contact_email,
                "contact_phone": listing.contact_phone,
                "times_viewed": listing.views,
            }
            for listing in _theirs(user)
        ]
    }


def erase(user, pseudonym):
    """Remove the person as any listing's public contact; a listed listing left with no way to
    get in touch is hidden (audited)."""
    if not user.email:
        return
    for listing in Listing.objects.filter(contact_email__iexact=user.email):
        listing.contact_email = ""
        if user.name and listing.contact_name == user.name:
            listing.contact_name = ""
        listing.save(update_fields=["contact_email", "contact_name", "updated_at"])
        if listing.state == ListingState.LISTED and not (listing.contact_phone or listing.website):
            Listing.objects.filter(pk=listing.pk).update(state=ListingState.HIDDEN)
            record_event(listing, "hidden", "Its contact's personal data was removed",
                         source=ListingState.LISTED, state=ListingState.HIDDEN)  # fmt: skip


register_personal_data("directory", exporter=export, eraser=erase)
