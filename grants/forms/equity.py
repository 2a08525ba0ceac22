"""The optional equity questions on the group's profile (its own form and page section, apart
from the profile form). See grants.equity for the questions and grants.services.equity."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.forms import PlainForm

from ..equity import POPULATION_GROUPS, PUBLISH_TEXT, questions, translated
from ..models import Reply

ALONE_MESSAGE = _("Choose “%(other)s” on its own, or choose groups of people")


class EquityForm(PlainForm):
    """Each question is one list of boxes: the population groups, then, set apart, "None of
    these" and "Prefer not to say" (each only on its own). Nothing ticked is fine."""

    may_publish = forms.BooleanField(label=PUBLISH_TEXT, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions()
        fields = {}
        for question in self.questions:
            fields[question.field] = forms.MultipleChoiceField(
                label=translated(question.text),
                help_text=translated(question.hint),
                required=False,
                widget=forms.CheckboxSelectMultiple,
                choices=POPULATION_GROUPS
                + [(Reply.NONE_OF_THESE.value, translated(question.none_of_these)),
                   (Reply.PREFER_NOT.value, Reply.PREFER_NOT.label)],
                error_messages={"invalid_choice": gettext("Choose from the list")},
            )  # fmt: skip
        self.fields = {**fields, **self.fields}

    @classmethod
    def from_answers(cls, kept):
        """The form filled in with a group's kept answers (or empty)."""
        if kept is None:
            return cls()
        initial = {"may_publish": kept.may_publish}
        for question in questions():
            reply = getattr(kept, f"{question.field}_reply")
            codes = getattr(kept, question.field)
            initial[question.field] = codes if reply == Reply.CHOSE else [reply] if reply else []
        return cls(initial=initial)

    def _split(self, name):
        chosen = self.cleaned_data.get(name) or []
        others = [c for c in chosen if c in (Reply.NONE_OF_THESE, Reply.PREFER_NOT)]
        if others and len(chosen) > 1:
            label = dict(self.fields[name].choices)[others[0]]
            raise ValidationError(ALONE_MESSAGE % {"other": label})
        return others[0] if others else "", [c for c in chosen if c not in others]

    def clean(self):
        cleaned = super().clean()
        for question in self.questions:
            name = question.field
            if name in self.errors:
                continue
            try:
                other, codes = self._split(name)
            except ValidationError as alone:
                self.add_error(name, alone)
                continue
            cleaned[f"{name}_other"] = other
            cleaned[name] = codes
        return cleaned
