"""The audit trail in the admin site: read-only, like every record of what happened."""

from django.contrib import admin

from . import models


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "object_label", "transition", "from_state", "to_state", "actor_label"]
    list_filter = ["content_type", "transition"]
    search_fields = ["object_label", "actor_label", "reason"]
    date_hierarchy = "at"
