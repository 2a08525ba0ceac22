from django.urls import path

from .views import people, public, staff

urlpatterns = [
    path("", public.home, name="home"),
    path("about/", public.about, name="about"),
    path("accessibility/", public.accessibility, name="accessibility"),
    path("rounds/<slug:slug>/", public.round_page, name="round_public"),
    path("me/", people.my_home, name="my_home"),
    path("staff/", staff.staff_home, name="staff_home"),
    path("staff/second-factor/", staff.second_factor_needed, name="staff_second_factor_needed"),
    path("staff/rounds/<int:pk>/", staff.round_detail, name="staff_round"),
    path("staff/rounds/<int:pk>/step/", staff.round_step, name="staff_round_step"),
]
