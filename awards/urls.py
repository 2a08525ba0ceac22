"""Award pages: the group's (its offer, letter, accepting, asking for a change) and the staff's
(offers, payments, changes, cancelling, the register, payments due, open data), and the
funder's published open data (public, no sign-in)."""

from django.urls import path

from .views import group, open_data, staff

urlpatterns = [
    path("awards/<int:pk>/", group.award_detail, name="award_detail"),
    path("awards/<int:pk>/letter.pdf", group.award_letter, name="award_letter"),
    path("awards/<int:pk>/accept/", group.award_accept, name="award_accept"),
    path("awards/<int:pk>/decline/", group.award_decline, name="award_decline"),
    path("awards/<int:pk>/ask-for-a-change/", group.award_ask_change, name="award_ask_change"),
    path("awards/<int:pk>/agree-the-change/", group.award_agree_change, name="award_agree_change"),
    path(
        "awards/<int:pk>/changes/<int:change_pk>/letter.pdf",
        group.award_change_letter,
        name="award_change_letter",
    ),
    path(
        "staff/applications/<int:application_pk>/offer/",
        staff.make_offer,
        name="staff_make_offer",
    ),
    path("staff/awards/<int:pk>/", staff.staff_award, name="staff_award"),
    path("staff/awards/<int:pk>/payments/new/", staff.record_payment, name="staff_award_pay"),
    path("staff/awards/<int:pk>/change/", staff.award_vary, name="staff_award_vary"),
    path(
        "staff/awards/<int:pk>/change/agreed/",
        staff.award_variation_agreed,
        name="staff_award_variation_agreed",
    ),
    path(
        "staff/awards/<int:pk>/change/turned-down/",
        staff.award_variation_declined,
        name="staff_award_variation_declined",
    ),
    path("staff/awards/<int:pk>/cancel/", staff.award_cancel, name="staff_award_cancel"),
    path("staff/payments/<int:pk>/sent/", staff.payment_sent, name="staff_payment_sent"),
    path(
        "staff/recoveries/<int:pk>/received/",
        staff.recovery_received,
        name="staff_recovery_received",
    ),
    path("staff/payments/<int:pk>/cancel/", staff.payment_cancel, name="staff_payment_cancel"),
    path("staff/funders/<slug:slug>/awards/", staff.award_register, name="award_register"),
    path("staff/funders/<slug:slug>/payments-due/", staff.payments_due, name="payments_due"),
    path(
        "staff/funders/<slug:slug>/payments-due.csv",
        staff.payments_due_csv,
        name="payments_due_csv",
    ),
    path(
        "staff/funders/<slug:slug>/open-data.<str:fmt>",
        staff.open_data_export,
        name="open_data_export",
    ),
    path(
        "staff/funders/<slug:slug>/open-data/",
        open_data.publishing_settings,
        name="open_data_settings",
    ),
    # The stable public address of a funder's 360Giving file (for 360Giving's registry).
    path(
        "open-data/<slug:slug>/grants.<str:fmt>",
        open_data.published_grants,
        name="open_data_public",
    ),
]
