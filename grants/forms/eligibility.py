"""Round set-up: the yes/no eligibility check (1 to 5 questions)."""

import re

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.forms import (
    PlainForm,
    WholeNumberField,
    plain_text_field,
)

from ..services.eligibility import IF_NOT_MAX_LENGTH as ELIGIBILITY_IF_NOT_MAX_LENGTH
from ..services.eligibility import MAX_QUESTIONS as MAX_ELIGIBILITY_QUESTIONS
from ..services.eligibility import QUESTION_MAX_LENGTH as ELIGIBILITY_QUESTION_MAX_LENGTH
from ..services.eligibility import problems as eligibility_problems


class EligibilityQuestionsForm(PlainForm):
    """A round's whole eligibility check on one page.

    One numbered slot per question: the question, which answer lets people carry on, what to
    tell people who cannot apply, its position in the list and (for a saved question) "remove".
    While there is room, one empty slot at the end adds a question; empty slots are left out.
    The slots posted are the whole list, so when something is wrong every slot comes back as
    it was typed. The rules for the list are `services.eligibility.problems`.
    """

    ANSWERS = [("yes", _("Yes")), ("no", _("No"))]
    MOST_SLOTS = 10  # a hand-made post cannot make more fields than this
    _SLOT_KEY = re.compile(r"q(\d{1,3})_(?:question|answer|if_not|position|remove)")
    _FIELD_FOR = {"question": "question", "needed": "answer", "if_not": "if_not"}
    PARTS = ("question", "answer", "if_not", "position", "remove")
    use_required_attribute = False  # the empty slot for a new question may stay empty

    def __init__(self, data=None, *args, questions=(), **kwargs):
        super().__init__(data, *args, **kwargs)
        self.current = list(questions)
        saved = len(self.current)
        if self.is_bound:
            posted = [
                int(match.group(1))
                for key in self.data
                if (match := self._SLOT_KEY.fullmatch(str(key)))
            ]
            count = max((n for n in posted if 1 <= n <= self.MOST_SLOTS), default=1)
        else:
            count = max(saved + 1 if saved < MAX_ELIGIBILITY_QUESTIONS else saved, 1)
        self.numbers = list(range(1, count + 1))
        self.saved_count = saved
        self.questions = []
        highest = max(MAX_ELIGIBILITY_QUESTIONS, count)
        for n in self.numbers:
            self._add_slot(n, highest, saved)

    def _add_slot(self, n, highest, saved):
        """The fields of slot n. Required, except that an empty slot is left out (see clean())."""
        number = {"number": n}
        self.fields[f"q{n}_question"] = plain_text_field(
            gettext("Question %(number)s") % number, max_length=ELIGIBILITY_QUESTION_MAX_LENGTH
        )
        self.fields[f"q{n}_answer"] = forms.ChoiceField(
            label=gettext("Which answer to question %(number)s lets people carry on?") % number,
            choices=self.ANSWERS,
            widget=forms.RadioSelect,
            error_messages={
                "required": gettext(
                    "Choose which answer to question %(number)s lets people carry on"
                )
                % number,
                "invalid_choice": gettext("Choose yes or no"),
            },
        )
        self.fields[f"q{n}_if_not"] = plain_text_field(
            gettext("What to tell people who cannot apply (question %(number)s)") % number,
            max_length=ELIGIBILITY_IF_NOT_MAX_LENGTH,
            textarea=True,
            rows=3,
            hint=gettext("Why they cannot apply, and where else they could look for money."),
        )
        self.fields[f"q{n}_if_not"].error_messages["required"] = (
            gettext("Write what to tell people who cannot apply because of question %(number)s")
            % number
        )
        self.fields[f"q{n}_position"] = WholeNumberField(
            label=gettext("Position of question %(number)s") % number,
            low=1,
            high=highest,
            hint=gettext("1 is asked first. To move a question, change its number."),
        )
        self.fields[f"q{n}_position"].widget.attrs["class"] = "govuk-input--width-2"
        # A saved question can be removed (and one ticked for removal on the page stays
        # so, even if someone else changed the list meanwhile).
        if n <= saved or (self.is_bound and self.add_prefix(f"q{n}_remove") in self.data):
            self.fields[f"q{n}_remove"] = forms.BooleanField(
                label=gettext("Remove question %(number)s when I save") % number,
                required=False,
            )
        item = self.current[n - 1] if n <= saved else {}
        self.initial.setdefault(f"q{n}_question", item.get("question", ""))
        self.initial.setdefault(f"q{n}_answer", "yes" if item.get("needed", True) else "no")
        self.initial.setdefault(f"q{n}_if_not", item.get("if_not", ""))
        self.initial.setdefault(f"q{n}_position", n)

    def _raw(self, name):
        value = self.data.get(self.add_prefix(name), "")
        return value if isinstance(value, str) else ""

    def _in_use(self, n):
        """A slot is used when its question or its message has words in it."""
        return bool(self._raw(f"q{n}_question").strip() or self._raw(f"q{n}_if_not").strip())

    def clean(self):
        data = super().clean()
        used = []
        for n in self.numbers:
            if data.get(f"q{n}_remove") or not self._in_use(n):
                # Removed or empty: left out, and so is anything wrong with it.
                for part in self.PARTS:
                    self._errors.pop(f"q{n}_{part}", None)
                continue
            answer = data.get(f"q{n}_answer")
            item = {
                "question": data.get(f"q{n}_question") or "",
                "needed": {"yes": True, "no": False}.get(answer),
                "if_not": data.get(f"q{n}_if_not") or "",
            }
            used.append((data.get(f"q{n}_position") or n, n, item))
        used.sort(key=lambda entry: entry[:2])
        numbers = [n for _, n, _ in used]
        self.questions = [item for _, _, item in used]
        for index, key, message in eligibility_problems(self.questions, numbers):
            name = None if index is None else f"q{numbers[index]}_{self._FIELD_FOR[key]}"
            if name is None or name not in self._errors:
                self.add_error(name, message)
        return data

    def slots(self):
        """Each slot's bound fields, for the page."""
        return [
            {
                "number": n,
                "saved": f"q{n}_remove" in self.fields,
                "question": self[f"q{n}_question"],
                "answer": self[f"q{n}_answer"],
                "if_not": self[f"q{n}_if_not"],
                "position": self[f"q{n}_position"],
                "remove": self[f"q{n}_remove"] if f"q{n}_remove" in self.fields else None,
            }
            for n in self.numbers
        ]
