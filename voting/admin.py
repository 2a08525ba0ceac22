"""The admin site shows votes, voting rights and who has voted, but never what anyone voted.

Ballots are not in the admin site at all: Django's admin lets an address filter a list on any
of its model's own fields (`?contents__icontains=...`), so a ballot list, even one showing only
ids, would give running totals. Who voted is listed with no time, no ordering and no filters,
so it cannot be lined up with anything else. The count shows only once the vote has closed,
taken from the counted result, never from the ballots."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import ExtraAllocation, Vote, Voter, VoterParticipation


class NoLookupsAdmin(ReadOnlyAdmin):
    """A list that ignores whatever the address asks for: no filters, no search, no ordering
    by a column. An address that tries to filter is refused (400), never obeyed."""

    list_filter = ()
    search_fields = ()
    sortable_by = ()
    show_full_result_count = False

    def lookup_allowed(self, lookup, value, request=None):
        return False

    def get_ordering(self, request):
        return ["pk"]

    def get_changelist_instance(self, request):
        request.GET = request.GET.copy()
        request.GET.pop("o", None)
        request.GET.pop("q", None)
        return super().get_changelist_instance(request)


@admin.register(Vote)
class VoteAdmin(ReadOnlyAdmin):
    list_display = ("round", "method", "rule", "state", "opened_at", "closed_at")
    list_filter = ("state", "method", "rule")
    exclude = ("outcome", "secret")
    readonly_fields = ("outcome_when_closed",)

    @admin.display(description="Outcome")
    def outcome_when_closed(self, obj):
        if obj is None or not obj.is_closed or not obj.outcome:
            return "Shown once the vote has closed."
        outcome = obj.outcome
        funded = f"{len(outcome.get('selected', []))} funded"
        counted = outcome.get("ballots")
        if counted is not None:
            funded = f"{counted} ballot{'s' if counted != 1 else ''} counted, {funded}"
        return f"{funded}. {outcome['summary']}" if outcome.get("summary") else funded


@admin.register(Voter)
class VoterAdmin(NoLookupsAdmin):
    list_display = ("vote", "kind", "user", "label")
    exclude = ("code_hash",)


@admin.register(VoterParticipation)
class VoterParticipationAdmin(NoLookupsAdmin):
    """That someone voted, never when (a time could be lined up with other records)."""

    list_display = ("vote", "voter")
    fields = ("vote", "voter")
    readonly_fields = ("vote", "voter")


@admin.register(ExtraAllocation)
class ExtraAllocationAdmin(ReadOnlyAdmin):
    list_display = ("vote", "application", "amount", "by", "at")
