from django.contrib import admin

from core.admin import ReadOnlyAdmin

from . import models


# --------------------------------------------------------------------------------------------
# Awards and payments: states change only through the pages (audited transitions).
# --------------------------------------------------------------------------------------------
class PaymentInline(admin.TabularInline):
    model = models.Payment
    extra = 0
    can_delete = False
    readonly_fields = ["state", "amount", "payee", "due_on", "paid_on", "reference", "recorded_by"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(models.Award)
class AwardAdmin(admin.ModelAdmin):
    list_display = ["application", "group", "round", "state", "amount", "offered_at"]
    list_filter = ["state", "funder", "round"]
    search_fields = ["application__reference", "group__name"]
    readonly_fields = ["state", "application", "funder", "round", "group", "amount"]
    inlines = [PaymentInline]

    def has_add_permission(self, request):
        return False


@admin.register(models.Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ["award", "state", "amount", "payee", "due_on", "paid_on", "reference"]
    list_filter = ["state", "payee"]
