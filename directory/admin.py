from django.contrib import admin

from .models import Listing, PostcodePoint, Session


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0


@admin.register(Listing)
class ListingAdmin(admin.ModelAdmin):
    list_display = ["name", "group", "funder", "state", "theme", "postcode", "updated_at"]
    list_filter = ["state", "theme", "funder"]
    search_fields = ["name", "group__name", "postcode"]
    readonly_fields = ["public_id", "state", "views", "checked_at", "checked_by"]
    inlines = [SessionInline]


@admin.register(PostcodePoint)
class PostcodePointAdmin(admin.ModelAdmin):
    list_display = ["postcode_key", "latitude", "longitude"]
    search_fields = ["postcode_key"]
