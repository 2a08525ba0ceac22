"""The budget page: up to six lines of what the money is for, and the total."""

from django.utils.translation import gettext

from core.forms import PlainForm

from ..services import applications as rules
from .apply import DraftCharField, PoundsField, TextCleaningMixin, plain_length_messages


class BudgetForm(TextCleaningMixin, PlainForm):
    use_required_attribute = False
    LINES = rules.MAX_BUDGET_LINES

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for number in range(1, self.LINES + 1):
            self.fields[f"item_{number}"] = DraftCharField(
                label=gettext("What for"), max_length=rules.MAX_ITEM_CHARACTERS
            )
            self.fields[f"amount_{number}"] = PoundsField(label=gettext("How much"))
            self.fields[f"item_{number}"].widget.attrs["data-line"] = str(number)
            self.fields[f"amount_{number}"].widget.attrs["data-budget-amount"] = str(number)
        plain_length_messages(self)
        for number in range(1, self.LINES + 1):
            self.fields[f"amount_{number}"].error_messages["max_length"] = gettext(
                "Enter the amount in pounds, using numbers, like 500"
            )

    def lines(self):
        """Pairs of (field for 'what for', field for 'how much'), as bound fields."""
        return [
            (number, self[f"item_{number}"], self[f"amount_{number}"])
            for number in range(1, self.LINES + 1)
        ]

    def storable_lines(self):
        """Every line whose parts could be read. A part with an error is kept blank here (it is
        still shown, as typed, on the page)."""
        data = self.cleaned_data
        return [
            (data.get(f"item_{n}", "") or "", data.get(f"amount_{n}"))
            for n in range(1, self.LINES + 1)
        ]

    def typed_total(self):
        """(the total of every amount that could be read, the line numbers whose amount was
        typed but could not be read), for the total beside the lines."""
        data = getattr(self, "cleaned_data", {})
        total, not_counted = 0, []
        for number in range(1, self.LINES + 1):
            name = f"amount_{number}"
            if name in self.errors:
                not_counted.append(number)
            else:
                total += data.get(name) or 0
        return total, not_counted

    @classmethod
    def initial_from(cls, app):
        initial = {}
        for number, line in rules.budget_line_numbers(list(app.budget_lines.all())):
            initial[f"item_{number}"] = line.item
            initial[f"amount_{number}"] = "" if line.amount is None else str(line.amount)
        return initial
