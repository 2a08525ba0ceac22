from django.urls import path

from .views import dashboard, group, staff

urlpatterns = [
    path("", group.my_reports, name="my_reports"),
    path("<int:pk>/", group.report_detail, name="report_detail"),
    path(
        "<int:pk>/photos/<int:photo_pk>/remove/",
        group.report_photo_remove,
        name="report_photo_remove",
    ),
    path("photos/<int:pk>/", group.report_photo, name="report_photo"),
    path("staff/", staff.staff_reports, name="staff_reports"),
    path("staff/<int:pk>/", staff.staff_report, name="staff_report"),
    path("staff/<int:pk>/accept/", staff.staff_report_accept, name="staff_report_accept"),
    path("staff/<int:pk>/changes/", staff.staff_report_changes, name="staff_report_changes"),
    path("staff/<int:pk>/phone/", staff.staff_report_phone, name="staff_report_phone"),
    path("staff/rounds/<int:pk>/", staff.round_reporting, name="round_reporting"),
    path("outcomes/", dashboard.outcomes_dashboard, name="outcomes"),
    path("outcomes/grants.csv", dashboard.outcomes_csv, name="outcomes_csv"),
    path("outcomes/outcomes.xlsx", dashboard.outcomes_download_xlsx, name="outcomes_xlsx"),
    path("outcomes/pdf/", dashboard.outcomes_pdf_start, name="outcomes_pdf_start"),
    path("outcomes/pdf/<int:pk>/", dashboard.outcomes_pdf_status, name="outcomes_pdf_status"),
    path(
        "outcomes/pdf/<int:pk>/download/",
        dashboard.outcomes_pdf_download,
        name="outcomes_pdf_download",
    ),
]
