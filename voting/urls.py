"""Voting pages for the panel, residents with a code and the public, under /vote/."""

from django.urls import path

from .views import ballots as views
from .views import codes as code_views

urlpatterns = [
    # Residents voting with a one-time code (no account needed)
    path("code/", code_views.enter_code, name="vote_code"),
    path("code/ballot/", code_views.code_ballot, name="vote_code_ballot"),
    path("code/receipt/", code_views.code_receipt, name="vote_code_receipt"),
    # The panel
    path("<int:round_pk>/", views.ballot, name="vote_ballot"),
    path("<int:round_pk>/receipt/", views.receipt, name="vote_receipt"),
    path("<int:round_pk>/results/", views.results, name="vote_results"),
    path("<int:round_pk>/votes.pb", views.public_export, name="vote_export_public"),
]
