from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import Http404

from . import models
from .privacy import delete_user


@admin.register(models.User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "is_superuser", "is_active", "date_joined"]
    search_fields = ["email", "name"]
    fieldsets = [
        (None, {"fields": ["email", "name", "phone"]}),
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"fields": ["email", "name"]})]
    filter_horizontal = []
    list_filter = ["is_superuser", "is_active"]
    actions = ["remove_people"]

    def user_change_password(self, request, id, form_url=""):
        raise Http404("Seedbed has no passwords.")

    @admin.action(description="Remove these people (keeps the audit trail, pseudonymised)")
    def remove_people(self, request, queryset):
        outcomes = [delete_user(user, by=request.user) for user in queryset if user != request.user]
        self.message_user(
            request,
            f"{outcomes.count('deleted')} deleted, {outcomes.count('anonymised')} anonymised "
            "(records other people need still point at their accounts).",
        )


@admin.register(models.Funder)
class FunderAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "org_id", "contact_name", "contact_phone"]
    prepopulated_fields = {"slug": ["name"]}
    # Publishing open data is the funder's officers' choice, made on their page and audited.
    readonly_fields = ["open_data_published", "open_data_licence", "open_data_published_at"]


@admin.register(models.Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "funder", "round"]
    list_filter = ["kind", "funder"]
    autocomplete_fields = ["user"]


class CriterionInline(admin.TabularInline):
    model = models.Criterion
    extra = 0


class QuestionInline(admin.TabularInline):
    model = models.Question
    extra = 0


@admin.register(models.Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ["title", "funder", "state", "budget", "closes_at"]
    list_filter = ["state", "funder"]
    readonly_fields = ["state"]
    inlines = [CriterionInline, QuestionInline]


@admin.register(models.Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "area", "payment_route"]
    list_filter = ["kind"]
    search_fields = ["name"]


class AnswerInline(admin.StackedInline):
    model = models.Answer
    extra = 0
    readonly_fields = ["written_version_by", "written_version_at"]


class BudgetLineInline(admin.TabularInline):
    model = models.BudgetLine
    extra = 0


@admin.register(models.Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["reference", "title", "group", "round", "state", "amount_requested"]
    list_filter = ["state", "round"]
    search_fields = ["reference", "title", "group__name"]
    readonly_fields = ["state", "reference"]
    inlines = [AnswerInline, BudgetLineInline]
