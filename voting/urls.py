"""Voting pages for the panel and the public, under /vote/."""

from django.urls import path

from . import views

urlpatterns = [
    path("<int:round_pk>/", views.ballot, name="vote_ballot"),
    path("<int:round_pk>/receipt/", views.receipt, name="vote_receipt"),
    path("<int:round_pk>/results/", views.results, name="vote_results"),
    path("<int:round_pk>/votes.pb", views.public_export, name="vote_export_public"),
]
