"""Round set-up: a question for applicants, a scoring criterion, moving them up or down."""

from django import forms

from core.forms import (
    PlainForm,
    PlainModelForm,
    WholeNumberField,
    plain_text_field,
)

from ..models import Criterion, Question


class QuestionForm(PlainModelForm):
    text = plain_text_field("Question", max_length=300, hint="Ask one thing, in plain words.")
    help_text = plain_text_field(
        "Hint", max_length=500, required=False, hint="A short tip shown under the question."
    )
    word_limit = WholeNumberField(label="Word limit", low=10, high=1000, required=True)
    required = forms.BooleanField(label="Applicants must answer this question", required=False)

    class Meta:
        model = Question
        fields = ["text", "help_text", "word_limit", "required"]


class CriterionForm(PlainModelForm):
    title = plain_text_field(
        "Criterion", max_length=120, hint="A few words, like Helps people feel well."
    )
    guidance = plain_text_field(
        "Guidance for the panel", max_length=1000, required=False, textarea=True, rows=3
    )

    class Meta:
        model = Criterion
        fields = ["title", "guidance"]

    def __init__(self, *args, score_max, **kwargs):
        super().__init__(*args, **kwargs)
        self.score_max = score_max
        existing = list(self.instance.descriptors or [])
        for point in range(1, score_max + 1):
            hint = " (lowest)" if point == 1 else " (highest)" if point == score_max else ""
            name = f"descriptor_{point}"
            self.fields[name] = plain_text_field(
                f"What a score of {point} means{hint}", max_length=300
            )
            self.fields[name].error_messages["required"] = f"Write what a score of {point} means"
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
