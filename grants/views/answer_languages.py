"""Answers in any language: the group says which language its application is written in, and
the funder's officers add an English version of each answer for the panel (the same written
version a recording has: `services.recordings`)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.guards import person, staff_only

from ..forms.answer_languages import ApplicationLanguageForm, EnglishVersionForm
from ..languages import answer_language_options
from ..services import answer_languages, recordings
from ..services import applications as rules
from .apply import application_for
from .screening import answer_for_officer


# --------------------------------------------------------------------------------------------
# The group: which language the application is written in
# --------------------------------------------------------------------------------------------
@person
@require_http_methods(["GET", "POST"])
def application_language(request, ref):
    app = application_for(request, ref)
    refusal = rules.edit_refusal(app, request.user)
    if refusal:
        messages.error(request, refusal)
        return redirect("application", ref=app.reference)
    posted = request.POST if request.method == "POST" else None
    form = ApplicationLanguageForm(posted, initial={"language": app.language})
    if posted is not None and form.is_valid():
        try:
            answer_languages.application_language_set(
                app, form.cleaned_data["language"], by=request.user
            )
        except answer_languages.LanguageRefused as refused:
            messages.error(request, refused.message)
            return redirect("application", ref=app.reference)
        messages.success(
            request,
            _("Saved: your answers are in %(language)s.") % {"language": app.language_name},
        )
        return redirect("application_check", ref=app.reference)
    return render(
        request,
        "grants/apply/language.html",
        {
            "application": app,
            "round": app.round,
            "form": form,
            "options": answer_language_options(),
        },
    )


# --------------------------------------------------------------------------------------------
# The funder's officers: the English version of an answer
# --------------------------------------------------------------------------------------------
@staff_only
@require_http_methods(["GET", "POST"])
def english_version(request, pk):
    """Add (or change) the English version of an answer in another language."""
    answer, app = answer_for_officer(
        request, pk, _("Only the funder's officers can add an English version.")
    )
    back = reverse("staff_application", args=[app.pk]) + f"#answer-{answer.pk}"
    if app.written_in_english:
        messages.error(
            request, _("This application is written in English, so it needs no English version.")
        )
        return redirect(back)
    posted = request.POST if request.method == "POST" else None
    form = EnglishVersionForm(posted, initial={"written_version": answer.written_version})
    if posted is not None and form.is_valid():
        try:
            recordings.written_version_save(
                answer, form.cleaned_data["written_version"], by=request.user
            )
        except recordings.WrittenVersionRefused as refused:
            form.add_error("written_version", refused.message)
        else:
            messages.success(
                request,
                _("The English version is saved. Panel members read it beside the answer."),
            )
            return redirect(back)
    return render(
        request,
        "grants/staff/screening/english_version.html",
        {"answer": answer, "application": app, "round": app.round, "form": form, "back": back},
    )
