"""Panel members' pages, under /panel/."""

from django.urls import path

from .views import member as views

urlpatterns = [
    path("", views.my_panels, name="panel_list"),
    path("guide/", views.guide, name="panel_guide"),
    path("join/<str:token>/", views.invitation, name="panel_invitation"),
    path("<int:round_pk>/", views.panel_home, name="panel_home"),
    path("<int:round_pk>/declare/", views.declare, name="panel_declare"),
    path("<int:round_pk>/leave/", views.step_down, name="panel_step_down"),
    path(
        "<int:round_pk>/applications/<int:app_pk>/",
        views.read_application,
        name="panel_application",
    ),
    path(
        "<int:round_pk>/applications/<int:app_pk>/score/",
        views.score_application,
        name="panel_score",
    ),
    path(
        "<int:round_pk>/applications/<int:app_pk>/answers/<int:answer_pk>/recording/",
        views.recording,
        name="panel_recording",
    ),
    path("<int:round_pk>/results/", views.results, name="panel_results"),
    path("<int:round_pk>/meeting/", views.meeting, name="panel_meeting"),
    path(
        "<int:round_pk>/meeting/<int:app_pk>/note/", views.meeting_note, name="panel_meeting_note"
    ),
]
