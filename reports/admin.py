from django.contrib import admin

from . import models


class PhotoInline(admin.TabularInline):
    model = models.ReportPhoto
    extra = 0
    fields = ["caption", "width", "height", "uploaded_at"]
    readonly_fields = fields


@admin.register(models.Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["__str__", "group", "round", "kind", "state", "due_on", "channel"]
    list_filter = ["state", "kind", "channel", "funder"]
    search_fields = ["group__name", "award__application__reference"]
    readonly_fields = ["state", "award", "funder", "round", "group", "submitted_at", "reviewed_at"]
    inlines = [PhotoInline]


@admin.register(models.RoundReporting)
class RoundReportingAdmin(admin.ModelAdmin):
    list_display = ["round", "outcome_measure", "ask_wellbeing"]


@admin.register(models.ReportReminder)
class ReportReminderAdmin(admin.ModelAdmin):
    list_display = ["report", "kind", "sent_at"]
    list_filter = ["kind"]


@admin.register(models.PostcodeArea)
class PostcodeAreaAdmin(admin.ModelAdmin):
    list_display = ["postcode", "lsoa_code", "ward_name", "imd_decile"]
    search_fields = ["postcode_key", "lsoa_code", "ward_name"]


@admin.register(models.LsoaDeprivation)
class LsoaDeprivationAdmin(admin.ModelAdmin):
    list_display = ["lsoa_code", "lsoa_name", "imd_decile"]
    search_fields = ["lsoa_code", "lsoa_name"]


@admin.register(models.OutcomesPdf)
class OutcomesPdfAdmin(admin.ModelAdmin):
    list_display = ["pk", "funder", "round", "state", "progress", "requested_at", "seconds"]
    list_filter = ["state"]
