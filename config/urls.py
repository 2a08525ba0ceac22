from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView

from core.views import choose_language

TO_CODE_SIGN_IN = RedirectView.as_view(pattern_name="account_request_login_code")

urlpatterns = [
    path("admin/", admin.site.urls),
    # Everyone signs in with an emailed code: the password page leads to the code page.
    path(
        "accounts/login/",
        RedirectView.as_view(pattern_name="account_request_login_code", query_string=True),
    ),
    # No passwords and no separate sign-up: the password pages (reset, change, set), the sign-up
    # page and the password "confirm it's you" page all lead to the code page, doing nothing.
    # Someone new signs in by code; their account is made once the code is confirmed.
    path(
        "accounts/",
        include(
            [
                path("signup/", TO_CODE_SIGN_IN, name="no_signup"),
                path("reauthenticate/", TO_CODE_SIGN_IN, name="no_password_reauthenticate"),
                re_path(r"^password/", TO_CODE_SIGN_IN, name="no_passwords"),
            ]
        ),
    ),
    path("accounts/", include("allauth.urls")),
    # The header's language links: /language/cy/?next=/me/ (no JavaScript needed).
    path("language/<str:code>/", choose_language, name="choose_language"),
    path("panel/", include("panels.urls")),
    path("staff/rounds/<int:round_pk>/panel/", include("panels.staff_urls")),
    path("reports/", include("reports.urls")),
    path("vote/", include("voting.urls")),
    path("staff/rounds/<int:round_pk>/vote/", include("voting.staff_urls")),
    path("", include("directory.urls")),
    path("", include("awards.urls")),
    path("", include("grants.urls")),
]

# 403 and 404 use templates/403.html and 404.html (the site's layout); 500 needs no database.
handler500 = "core.errors.server_error"
