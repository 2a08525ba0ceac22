from django.urls import path

from . import views

urlpatterns = [
    path("", views.my_reports, name="my_reports"),
    path("<int:pk>/", views.report_detail, name="report_detail"),
    path(
        "<int:pk>/photos/<int:photo_pk>/remove/",
        views.report_photo_remove,
        name="report_photo_remove",
    ),
    path("photos/<int:pk>/", views.report_photo, name="report_photo"),
    path("staff/", views.staff_reports, name="staff_reports"),
    path("staff/<int:pk>/", views.staff_report, name="staff_report"),
    path("staff/<int:pk>/accept/", views.staff_report_accept, name="staff_report_accept"),
    path("staff/<int:pk>/changes/", views.staff_report_changes, name="staff_report_changes"),
    path("staff/<int:pk>/phone/", views.staff_report_phone, name="staff_report_phone"),
    path("staff/rounds/<int:pk>/", views.round_reporting, name="round_reporting"),
    path("outcomes/", views.outcomes_dashboard, name="outcomes"),
    path("outcomes/grants.csv", views.outcomes_csv, name="outcomes_csv"),
    path("outcomes/outcomes.xlsx", views.outcomes_download_xlsx, name="outcomes_xlsx"),
    path("outcomes/pdf/", views.outcomes_pdf_start, name="outcomes_pdf_start"),
    path("outcomes/pdf/<int:pk>/", views.outcomes_pdf_status, name="outcomes_pdf_status"),
    path(
        "outcomes/pdf/<int:pk>/download/", views.outcomes_pdf_download, name="outcomes_pdf_download"
    ),
]
