"""`{% your_listings user %}`: a person's groups and their What's on listings, for their page."""

from django import template

from ..selectors import listings_for_person

register = template.Library()


@register.inclusion_tag("directory/includes/your_listings_section.html")
def your_listings(user):
    if not getattr(user, "is_authenticated", False):
        return {"groups": []}
    return {"groups": listings_for_person(user)}
