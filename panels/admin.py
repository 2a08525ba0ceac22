from django.contrib import admin

from .models import (
    CriterionScore,
    Declaration,
    MeetingNote,
    MemberPayment,
    Panel,
    PanelMember,
    ScoreSheet,
)


class MemberInline(admin.TabularInline):
    model = PanelMember
    fields = ("name", "user", "state", "joined_at")
    readonly_fields = ("state", "joined_at")
    extra = 0


@admin.register(Panel)
class PanelAdmin(admin.ModelAdmin):
    list_display = ("round", "chair", "state")
    readonly_fields = ("state",)
    inlines = [MemberInline]


class PaymentInline(admin.TabularInline):
    model = MemberPayment
    extra = 0


@admin.register(PanelMember)
class PanelMemberAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "panel", "state", "joined_at")
    list_filter = ("state",)
    search_fields = ("name", "user__email")
    readonly_fields = ("state", "token", "read_guide_at", "agreed_conduct_at", "joined_at")
    inlines = [PaymentInline]


@admin.register(Declaration)
class DeclarationAdmin(admin.ModelAdmin):
    list_display = ("member", "application", "link", "declared_at")
    list_filter = ("link",)


class CriterionScoreInline(admin.TabularInline):
    model = CriterionScore
    extra = 0


@admin.register(ScoreSheet)
class ScoreSheetAdmin(admin.ModelAdmin):
    list_display = ("member", "application", "is_complete", "updated_at")
    inlines = [CriterionScoreInline]


admin.site.register(MeetingNote)
