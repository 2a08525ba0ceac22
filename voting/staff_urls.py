"""Officers' vote pages, under /staff/rounds/<round_pk>/vote/."""

from django.urls import path

from .views import staff as staff_views

urlpatterns = [
    path("", staff_views.vote_status, name="staff_vote"),
    path("close/", staff_views.close_vote, name="staff_vote_close"),
    path("codes/", staff_views.issue_codes, name="staff_vote_codes"),
    path("outcome/", staff_views.outcome, name="staff_vote_outcome"),
    path("outcome/extra/", staff_views.add_extra, name="staff_vote_extra"),
    path(
        "outcome/extra/<int:extra_pk>/remove/",
        staff_views.remove_extra,
        name="staff_vote_extra_remove",
    ),
    path("confirm/", staff_views.confirm, name="staff_vote_confirm"),
    path("publish/", staff_views.publish, name="staff_vote_publish"),
    path("votes.pb", staff_views.export, name="staff_vote_export"),
    path("recount/", staff_views.recount_file, name="staff_vote_recount"),
]
