"""The audit trail and the emails on their way, in the admin site: read-only, like every record
of what happened; a failed email can be sent again."""

from django.contrib import admin, messages

from . import models
from .outbox import what_next
from .tasks import resend


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


@admin.register(models.OutgoingEmail)
class OutgoingEmailAdmin(ReadOnlyAdmin):
    """Emails on their way: which failed, why, and when they will be tried again. An email
    that failed can be sent again ("Send again"), recorded in the audit trail. What an email
    says is not shown: it may hold someone's sign-in code."""

    list_display = ["created_at", "to", "subject", "status", "attempts", "what_next", "last_error"]
    list_filter = ["status"]
    search_fields = ["to", "subject"]
    date_hierarchy = "created_at"
    fields = [
        "to",
        "reply_to",
        "subject",
        "status",
        "attempts",
        "what_next",
        "last_error",
        "created_at",
        "last_tried_at",
        "sent_at",
        "key",
    ]
    readonly_fields = fields
    actions = ["send_again"]

    @admin.display(description="What happens next")
    def what_next(self, email):
        return what_next(email)

    def has_resend_permission(self, request):
        return request.user.has_perm("core.change_outgoingemail")

    @admin.action(description="Send again (failed emails only)", permissions=["resend"])
    def send_again(self, request, queryset):
        sent_again, refused = resend(queryset, by=request.user)
        if sent_again:
            self.message_user(request, f"{sent_again} email(s) sent again.", messages.SUCCESS)
        if refused:
            self.message_user(
                request,
                f"{refused} email(s) not sent again: only failed emails can be. The others "
                "are waiting, being sent or already sent.",
                messages.WARNING,
            )
