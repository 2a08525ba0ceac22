"""Money in words and money typed: one policy for the whole project.

Seedbed's amounts are whole pounds. `pounds(1500)` is "£1,500"; `parse_pounds("£1,500")` is
1500, and so are "1500", "1,500", "£1 500", "1500.00" and "1500 pounds". Pence, negative
amounts and anything that is not a number are refused with plain words. (The counting core in
voting/core keeps its own formatting: it runs without Django.)
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import forms as plain_forms

LARGEST_AMOUNT_WE_STORE = 100_000_000  # anything bigger is a typing slip, never a real amount


def pounds(value):
    """£1,234: whole pounds with thousands separators ("" for no amount)."""
    if value in (None, ""):
        return ""
    return f"£{int(value):,}"


def parse_pounds(typed):
    """'£1,500' → 1500. None when blank. ValidationError (plain words) when it is not money."""
    text = plain_forms.strip_dangerous(str(typed or "")).strip()
    if not text:
        return None
    cleaned = re.sub(r"[\s,£]", "", text)
    if cleaned.lower().endswith("pounds"):
        cleaned = cleaned[: -len("pounds")]
    if cleaned.startswith("-"):
        raise ValidationError(gettext("The amount cannot be less than £0"), code="negative")
    match = re.fullmatch(r"(\d+)(?:\.(\d{1,2}))?", cleaned)
    if not match:
        raise ValidationError(
            gettext("Enter the amount in pounds, using numbers, like 500"), code="nan"
        )
    whole, pence = match.groups()
    if pence and int(pence):
        raise ValidationError(gettext("Enter whole pounds, with no pence, like 500"), code="pence")
    amount = int(whole)
    if amount > LARGEST_AMOUNT_WE_STORE:
        raise ValidationError(
            gettext("That number is far too big. Check it and try again"), code="huge"
        )
    return amount


class MoneyField(forms.Field):
    """Whole pounds typed as text, read by `parse_pounds` (so "£1,500" is 1500 on every form),
    between `minimum` and `maximum`. `messages` may replace "required", "invalid" (not a whole
    number of pounds), "min_value" and "max_value"; otherwise an amount that is not money gets
    the words from `parse_pounds`."""

    def __init__(self, *, minimum=0, maximum=LARGEST_AMOUNT_WE_STORE, messages=None, **kwargs):
        self.minimum, self.maximum = minimum, maximum
        self.messages = {
            "min_value": plain_forms.interpolate_lazy(
                _("Enter an amount of at least %(amount)s."), {"amount": pounds(minimum)}
            ),
            "max_value": plain_forms.interpolate_lazy(
                _("Enter an amount of no more than %(amount)s."), {"amount": pounds(maximum)}
            ),
            **(messages or {}),
        }
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"})
        )
        super().__init__(**kwargs)
        if "required" in self.messages:
            self.error_messages["required"] = self.messages["required"]

    def to_python(self, value):
        try:
            return parse_pounds(value)
        except ValidationError as problem:
            if problem.code == "negative":
                raise ValidationError(self.messages["min_value"], code="min_value") from None
            if problem.code in ("nan", "pence") and "invalid" in self.messages:
                raise ValidationError(self.messages["invalid"], code="invalid") from None
            raise

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        if value < self.minimum:
            raise ValidationError(self.messages["min_value"], code="min_value")
        if value > self.maximum:
            raise ValidationError(self.messages["max_value"], code="max_value")
