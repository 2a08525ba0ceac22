"""The officer's page for one language of a round ("Welsh version of this round"): every piece
of the round's English, each with a box for its translation. The rules are
`services.round_languages`; who may come here is as for the round's other set-up pages
(`rounds_staff`): the funder's officers change it, its viewers get 403, other funders' staff
404."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.guards import staff_only

from ..forms.round_languages import RoundTranslationForm
from ..languages import language_name, round_languages, text_direction
from ..models import RoundState
from ..round_texts import missing, progress_in_words, round_texts
from ..services import round_languages as service
from .rounds_staff import _round_for_changing


@staff_only
def round_translation(request, pk, language):
    rnd = _round_for_changing(request, pk)
    if language not in round_languages():
        raise Http404("No such language")
    texts = round_texts(rnd)
    posted = request.POST if request.method == "POST" else None
    form = RoundTranslationForm(posted, texts=texts, language=language)
    if posted is not None and form.is_valid():
        try:
            saved = service.round_translations_save(
                rnd, language, form.typed(), seen=form.seen(), by=request.user
            )
        except service.TranslationRefused as refused:
            # Shown with the form, so nothing typed is lost.
            form.add_error(None, refused.message)
            for key, problem in refused.problems:
                form.add_error(key if key in form.fields else None, problem)
        else:
            name = language_name(language)
            if saved.anything:
                messages.success(
                    request, _("The %(language)s version is saved.") % {"language": name}
                )
            else:
                messages.info(request, _("Nothing changed."))
            return redirect("staff_round_translation", pk=rnd.pk, language=language)
    return render(
        request,
        "grants/staff/rounds/translation.html",
        {
            "round": rnd,
            "form": form,
            "language": language,
            "language_name": language_name(language),
            "direction": text_direction(language),
            "progress": progress_in_words(texts, language),
            "missing_count": len(missing(texts, language)),
            "is_draft": rnd.state == RoundState.DRAFT,
        },
    )
