from django.urls import path

from .views import equity, funder, people, privacy, public, rounds_staff, screening, staff

urlpatterns = [
    path("", public.home, name="home"),
    path("about/", public.about, name="about"),
    path("accessibility/", public.accessibility, name="accessibility"),
    path("rounds/<slug:slug>/", public.round_page, name="round_public"),
    path("me/", people.my_home, name="my_home"),
    path("me/your-data/", privacy.my_data, name="my_data"),
    path("staff/", staff.staff_home, name="staff_home"),
    path("staff/second-factor/", staff.second_factor_needed, name="staff_second_factor_needed"),
    path(
        "staff/funders/<slug:slug>/contact-and-letter-terms/",
        funder.funder_contact,
        name="funder_contact",
    ),
    path("staff/rounds/<int:pk>/", staff.round_detail, name="staff_round"),
    path("staff/rounds/<int:pk>/step/", staff.round_step, name="staff_round_step"),
    # Officers set up rounds (grants/views/rounds_staff.py)
    path(
        "staff/funders/<int:funder_pk>/rounds/new/",
        rounds_staff.round_create,
        name="staff_round_create",
    ),
    path("staff/rounds/<int:pk>/settings/", rounds_staff.round_edit, name="staff_round_edit"),
    path(
        "staff/rounds/<int:pk>/questions/", rounds_staff.question_list, name="staff_round_questions"
    ),
    path(
        "staff/rounds/<int:pk>/questions/new/",
        rounds_staff.question_edit,
        name="staff_question_add",
    ),
    path(
        "staff/rounds/<int:pk>/questions/<int:question_pk>/",
        rounds_staff.question_edit,
        name="staff_question_edit",
    ),
    path(
        "staff/rounds/<int:pk>/questions/<int:question_pk>/remove/",
        rounds_staff.question_remove,
        name="staff_question_remove",
    ),
    path(
        "staff/rounds/<int:pk>/questions/<int:question_pk>/move/",
        rounds_staff.question_move,
        name="staff_question_move",
    ),
    path(
        "staff/rounds/<int:pk>/criteria/", rounds_staff.criterion_list, name="staff_round_criteria"
    ),
    path(
        "staff/rounds/<int:pk>/criteria/new/",
        rounds_staff.criterion_edit,
        name="staff_criterion_add",
    ),
    path(
        "staff/rounds/<int:pk>/criteria/<int:criterion_pk>/",
        rounds_staff.criterion_edit,
        name="staff_criterion_edit",
    ),
    path(
        "staff/rounds/<int:pk>/criteria/<int:criterion_pk>/remove/",
        rounds_staff.criterion_remove,
        name="staff_criterion_remove",
    ),
    path(
        "staff/rounds/<int:pk>/criteria/<int:criterion_pk>/move/",
        rounds_staff.criterion_move,
        name="staff_criterion_move",
    ),
    path(
        "staff/rounds/<int:pk>/eligibility/",
        rounds_staff.eligibility_edit,
        name="staff_round_eligibility",
    ),
    # Screening (grants/views/screening.py)
    path(
        "staff/rounds/<int:pk>/applications/",
        screening.application_list,
        name="staff_screening",
    ),
    path("staff/applications/<int:pk>/", screening.application_detail, name="staff_application"),
    path(
        "staff/applications/<int:pk>/decide/",
        screening.application_decide,
        name="staff_application_decide",
    ),
    path(
        "staff/answers/<int:pk>/recording/",
        screening.answer_recording,
        name="staff_answer_recording",
    ),
    path(
        "staff/answers/<int:pk>/written-version/",
        screening.written_version,
        name="staff_answer_written_version",
    ),
]

# The applicant's journey (grants/views/apply.py, grants/views/apply_groups.py)
from .views import apply, apply_groups, people_of_group  # noqa: E402

urlpatterns += [
    path("rounds/<slug:slug>/check/", apply.eligibility, name="apply_check"),
    path("rounds/<slug:slug>/apply/", apply.start, name="apply_start"),
    path(
        "rounds/<slug:slug>/apply-with-a-group/",
        apply_groups.start_with_group,
        name="apply_assisted",
    ),
    path("groups/new/", apply_groups.group_new, name="group_new"),
    path("groups/<int:pk>/edit/", apply_groups.group_edit, name="group_edit"),
    path("groups/<int:pk>/people/", people_of_group.group_people, name="group_people"),
    path(
        "groups/<int:pk>/people/remove/",
        people_of_group.group_person_remove,
        name="group_person_remove",
    ),
    path("groups/<int:pk>/equity/", equity.group_equity, name="group_equity"),
    path("applications/", apply.my_applications, name="my_applications"),
    path("applications/<str:ref>/", apply.application_detail, name="application"),
    path("applications/<str:ref>/check/", apply.check_answers, name="application_check"),
    path("applications/<str:ref>/sent/", apply.sent, name="application_sent"),
    path("applications/<str:ref>/withdraw/", apply.withdraw, name="application_withdraw"),
    path(
        "applications/<str:ref>/recordings/<int:answer_id>/",
        apply.recording,
        name="application_recording",
    ),
    path(
        "applications/<str:ref>/<slug:step>/autosave/",
        apply.autosave_answer,
        name="application_autosave",
    ),
    path("applications/<str:ref>/<slug:step>/", apply.edit_step, name="application_step"),
]

# A round in several languages (grants/views/round_languages.py); the language an application is
# written in, and English versions of its answers (grants/views/answer_languages.py). First, so
# that "applications/<ref>/language/" is not taken for a page of the form.
from .views import answer_languages, round_languages  # noqa: E402

urlpatterns[:0] = [
    path(
        "staff/rounds/<int:pk>/languages/<str:language>/",
        round_languages.round_translation,
        name="staff_round_translation",
    ),
    path(
        "staff/answers/<int:pk>/english-version/",
        answer_languages.english_version,
        name="staff_answer_english_version",
    ),
    path(
        "applications/<str:ref>/language/",
        answer_languages.application_language,
        name="application_language",
    ),
]
