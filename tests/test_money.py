"""One money policy: "£1,500" means 1500 on every form that takes whole pounds, and every page
writes money the same way."""

import pytest
from django.core.exceptions import ValidationError

from awards.forms import PaymentForm, VariationForm
from core.forms import pounds_field
from core.money import MoneyField, parse_pounds, pounds
from core.templatetags.seedbed import pounds as pounds_filter
from grants.forms.apply import PoundsField

TYPED = ["£1,500", "1500", "1,500", "£1 500", "1500.00", "1500 pounds", " £1,500 "]


@pytest.mark.parametrize("typed", TYPED)
def test_every_money_field_reads_the_same_amount(typed):
    assert parse_pounds(typed) == 1500
    assert MoneyField(minimum=1, maximum=10_000).clean(typed) == 1500
    assert pounds_field("Budget").clean(typed) == 1500
    assert PoundsField(label="How much").clean(typed) == 1500


@pytest.mark.parametrize("typed", ["12.50", "abc", "-5", "£", "1e3"])
def test_what_is_not_whole_pounds_is_refused_in_words(typed):
    with pytest.raises(ValidationError) as refused:
        MoneyField(minimum=1, maximum=10_000).clean(typed)
    assert refused.value.messages[0].startswith(("Enter", "The amount"))


def test_award_forms_take_pounds_as_people_type_them():
    form = VariationForm(data={"amount": "£1,500", "reason": "More people came"})
    form.is_valid()
    assert form.cleaned_data.get("amount") == 1500
    payment = PaymentForm(data={"amount": "£1,500"})
    payment.is_valid()
    assert payment.cleaned_data.get("amount") == 1500


def test_money_is_written_one_way():
    assert pounds(1500) == "£1,500" == pounds_filter(1500)
    assert pounds(None) == "" == pounds_filter(None)
