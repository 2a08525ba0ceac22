"""The directory's addresses: the group's and officers' pages, the public "What's on" pages and
the Open Referral UK feed."""

from django.urls import path

from .views import feed, group, public, staff

urlpatterns = [
    path("directory/", group.my_listings, name="directory_mine"),
    path("directory/groups/<int:group_pk>/list-us/", group.list_us, name="directory_list_us"),
    path("directory/listings/<int:pk>/", group.listing_page, name="directory_listing"),
    path("directory/listings/<int:pk>/edit/", group.listing_edit, name="directory_edit"),
    path(
        "directory/listings/<int:pk>/<slug:action>/",
        group.listing_action,
        name="directory_action",
    ),
    path("staff/directory/", staff.staff_listings, name="directory_staff"),
    path("staff/directory/<int:pk>/", staff.staff_listing, name="directory_staff_listing"),
    path(
        "staff/directory/<int:pk>/list/",
        staff.staff_listing_approve,
        name="directory_staff_approve",
    ),
    path(
        "staff/directory/<int:pk>/changes/",
        staff.staff_listing_changes,
        name="directory_staff_changes",
    ),
    path("staff/directory/<int:pk>/hide/", staff.staff_listing_hide, name="directory_staff_hide"),
    path(
        "staff/directory/<int:pk>/keep/",
        staff.staff_listing_keep,
        name="directory_staff_keep",
    ),
    path(
        "staff/directory/<int:pk>/take-down/",
        staff.staff_listing_take_down,
        name="directory_staff_take_down",
    ),
    path("whats-on/", public.whats_on, name="whats_on"),
    path("whats-on/<uuid:public_id>/", public.whats_on_listing, name="whats_on_listing"),
    path("whats-on/<uuid:public_id>/print/", public.whats_on_print, name="whats_on_print"),
    path("openreferral/", feed.api_info, name="openreferral"),
    path("openreferral/services", feed.services, name="openreferral_services"),
    path(
        "openreferral/services/<uuid:public_id>",
        feed.service_detail,
        name="openreferral_service",
    ),
    path("openreferral/taxonomies", feed.taxonomies, name="openreferral_taxonomies"),
    path(
        "openreferral/taxonomies/<uuid:taxonomy_id>",
        feed.taxonomy_detail,
        name="openreferral_taxonomy",
    ),
    path("openreferral/taxonomy_terms", feed.taxonomy_terms, name="openreferral_terms"),
    path(
        "openreferral/taxonomy_terms/<uuid:term>",
        feed.taxonomy_term_detail,
        name="openreferral_term",
    ),
    path(
        "openreferral/service_at_locations",
        feed.service_at_locations,
        name="openreferral_service_at_locations",
    ),
]
