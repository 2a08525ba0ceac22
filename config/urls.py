from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    path("admin/", admin.site.urls),
    # Everyone signs in with an emailed code: the password page leads to the code page.
    path(
        "accounts/login/",
        RedirectView.as_view(pattern_name="account_request_login_code", query_string=True),
    ),
    path("accounts/", include("allauth.urls")),
    path("panel/", include("panels.urls")),
    path("staff/rounds/<int:round_pk>/panel/", include("panels.staff_urls")),
    path("reports/", include("reports.urls")),
    path("vote/", include("voting.urls")),
    path("staff/rounds/<int:round_pk>/vote/", include("voting.staff_urls")),
    path("", include("awards.urls")),
    path("", include("grants.urls")),
]

# 403 and 404 use templates/403.html and 404.html (the site's layout); 500 needs no database.
handler500 = "core.errors.server_error"
