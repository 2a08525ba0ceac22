"""Officers' panel pages, under /staff/rounds/<round_pk>/panel/."""

from django.urls import path

from .views import staff as staff_views

urlpatterns = [
    path("", staff_views.panel, name="staff_panel"),
    path("invite/", staff_views.invite, name="staff_panel_invite"),
    path("waive/", staff_views.waive, name="staff_panel_waive"),
    path("members/<int:member_pk>/", staff_views.member, name="staff_panel_member"),
    path(
        "members/<int:member_pk>/step-down/",
        staff_views.member_step_down,
        name="staff_panel_member_step_down",
    ),
    path("members/<int:member_pk>/chair/", staff_views.member_chair, name="staff_panel_chair"),
    path(
        "members/<int:member_pk>/invite-again/",
        staff_views.member_invite_again,
        name="staff_panel_invite_again",
    ),
    path(
        "members/<int:member_pk>/links/<int:app_pk>/",
        staff_views.correct_declaration,
        name="staff_panel_declaration",
    ),
    path(
        "members/<int:member_pk>/payments/new/",
        staff_views.payment,
        name="staff_panel_payment_new",
    ),
    path(
        "members/<int:member_pk>/payments/<int:payment_pk>/",
        staff_views.payment,
        name="staff_panel_payment",
    ),
]
