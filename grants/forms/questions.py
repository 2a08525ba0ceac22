"""Round set-up: a question for applicants, a scoring criterion, moving them up or down."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.forms import (
    PlainForm,
    PlainModelForm,
    WholeNumberField,
    plain_text_field,
)

from ..models import Criterion, Question


class QuestionForm(PlainModelForm):
    text = plain_text_field(_("Question"), max_length=300, hint=_("Ask one thing, in plain words."))
    help_text = plain_text_field(
        _("Hint"), max_length=500, required=False, hint=_("A short tip shown under the question.")
    )
    word_limit = WholeNumberField(label=_("Word limit"), low=10, high=1000, required=True)
    required = forms.BooleanField(label=_("Applicants must answer this question"), required=False)

    class Meta:
        model = Question
        fields = ["text", "help_text", "word_limit", "required"]


class CriterionForm(PlainModelForm):
    title = plain_text_field(
        _("Criterion"), max_length=120, hint=_("A few words, like Helps people feel well.")
    )
    guidance = plain_text_field(
        _("Guidance for the panel"), max_length=1000, required=False, textarea=True, rows=3
    )

    class Meta:
        model = Criterion
        fields = ["title", "guidance"]

    def __init__(self, *args, score_max, **kwargs):
        super().__init__(*args, **kwargs)
        self.score_max = score_max
        existing = list(self.instance.descriptors or [])
        for point in range(1, score_max + 1):
            if point == 1:
                label = gettext("What a score of %(point)s means (lowest)")
            elif point == score_max:
                label = gettext("What a score of %(point)s means (highest)")
            else:
                label = gettext("What a score of %(point)s means")
            name = f"descriptor_{point}"
            self.fields[name] = plain_text_field(label % {"point": point}, max_length=300)
            self.fields[name].error_messages["required"] = gettext(
                "Write what a score of %(point)s means"
            ) % {"point": point}
            if point <= len(existing):
                self.initial.setdefault(name, existing[point - 1])

    def descriptor_fields(self):
        return [self[f"descriptor_{p}"] for p in range(1, self.score_max + 1)]

    def save(self, commit=True):
        criterion = super().save(commit=False)
        criterion.descriptors = [
            self.cleaned_data[f"descriptor_{p}"] for p in range(1, self.score_max + 1)
        ]
        if commit:
            criterion.save()
        return criterion


class MoveForm(PlainForm):
    direction = forms.ChoiceField(choices=[("up", "Up"), ("down", "Down")])
