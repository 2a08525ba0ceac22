"""The admin site shows votes, voting rights and who has voted, but never what anyone voted:
ballots are listed by their random id only, and the count shows only once the vote has closed."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import Ballot, ExtraAllocation, Vote, Voter, VoterParticipation


@admin.register(Vote)
class VoteAdmin(ReadOnlyAdmin):
    list_display = ("round", "method", "rule", "state", "opened_at", "closed_at")
    list_filter = ("state", "method", "rule")
    exclude = ("outcome", "secret")
    readonly_fields = ("outcome_when_closed",)

    @admin.display(description="Outcome")
    def outcome_when_closed(self, obj):
        if obj is None or not obj.is_closed:
            return "Shown once the vote has closed."
        return obj.outcome.get("summary") or f"{len(obj.outcome.get('selected', []))} funded"


@admin.register(Ballot)
class BallotAdmin(ReadOnlyAdmin):
    """Ballots: the id and the vote only. Contents are never shown here."""

    list_display = ("short_id", "vote")
    fields = ("short_id", "vote")
    readonly_fields = ("short_id", "vote")

    @admin.display(description="Ballot")
    def short_id(self, obj):
        return obj.id[:8] + "…"


@admin.register(Voter)
class VoterAdmin(ReadOnlyAdmin):
    list_display = ("vote", "kind", "user", "label")
    list_filter = ("kind",)
    exclude = ("code_hash",)


@admin.register(VoterParticipation)
class VoterParticipationAdmin(ReadOnlyAdmin):
    list_display = ("vote", "voter", "voted_at")


@admin.register(ExtraAllocation)
class ExtraAllocationAdmin(ReadOnlyAdmin):
    list_display = ("vote", "application", "amount", "by", "at")
