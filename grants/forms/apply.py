"""The applicant's forms: the eligibility check, the group's profile, each page of the form.

Forms check the *format* of what was typed (a number, a postcode, a real sound file). Whether
the whole application is complete (answers given, word limits, amounts inside the round's
limits, a budget that adds up) is a business rule in `services.applications.problems`, so a
page can be saved first and checked after: nothing typed is lost.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.forms import PlainForm, PlainModelForm
from core.money import parse_pounds, pounds
from core.uploads import RECORDING_ACCEPT, RECORDING_KINDS_IN_WORDS, check_recording

from ..models import Application, Group
from ..services import applications as rules
from ..services import groups as group_rules

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def lazy_percent(message, values):
    """A translated message whose placeholders are filled in when it is shown, so a form made
    when the code is loaded still speaks the reader's language."""
    return lazy(lambda: str(message) % values, str)()


def plain_length_messages(form):
    for field in form.fields.values():
        max_length = getattr(field, "max_length", None)
        if max_length:
            # %%(show_value)d is left for Django to fill in with the length typed.
            field.error_messages["max_length"] = gettext(
                "This is too long: it has %%(show_value)d characters. "
                "Use %(limit)s characters or fewer"
            ) % {"limit": f"{max_length:,}"}


class TextCleaningMixin:
    """Strip control characters from every typed text field before it is checked (a stray
    NUL or escape code is removed rather than refused)."""

    def __init__(self, data=None, *args, **kwargs):
        if data is not None:
            data = data.copy()
            for key in list(data.keys()):
                values = data.getlist(key) if hasattr(data, "getlist") else [data[key]]
                cleaned = [rules.strip_control(v) if isinstance(v, str) else v for v in values]
                if hasattr(data, "setlist"):
                    data.setlist(key, cleaned)
                else:
                    data[key] = cleaned[0]
        super().__init__(data, *args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        for name, value in list(cleaned.items()):
            if isinstance(value, str):
                cleaned[name] = rules.clean_text(value)
        return cleaned


# --------------------------------------------------------------------------------------------
# Before signing in: can you apply?
# --------------------------------------------------------------------------------------------
class EligibilityForm(PlainForm):
    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for number, item in enumerate(self.questions, start=1):
            self.fields[f"q{number}"] = forms.ChoiceField(
                label=item.get("question", ""),
                choices=YES_NO,
                widget=forms.RadioSelect,
                error_messages={
                    "required": gettext("Choose yes or no"),
                    "invalid_choice": gettext("Choose yes or no"),
                },
            )

    def reasons_not_eligible(self):
        """The `if_not` words of each question answered the wrong way."""
        reasons = []
        for number, item in enumerate(self.questions, start=1):
            wanted = "yes" if item.get("needed", True) else "no"
            if self.cleaned_data.get(f"q{number}") != wanted:
                reasons.append(
                    {
                        "question": item.get("question", ""),
                        "if_not": item.get("if_not") or gettext("This round is not for you."),
                    }
                )
        return reasons


# --------------------------------------------------------------------------------------------
# The group's profile
# --------------------------------------------------------------------------------------------
GROUP_FIELDS = [
    "name",
    "kind",
    "charity_number",
    "company_number",
    "what_you_do",
    "area",
    "postcode",
    "income_band",
    "contact_name",
    "contact_email",
    "contact_phone",
    "second_contact_name",
    "second_contact_email",
    "second_contact_phone",
    "contacts_unrelated",
    "payment_route",
    "bank_account_name",
    "host_name",
    "host_contact_name",
    "host_contact_email",
    "host_org_id",
]

EMAIL_MESSAGE = _("Enter an email address like name@example.com")


class GroupForm(TextCleaningMixin, PlainModelForm):
    # Demanded only in some cases: never marked "(optional)"; the words say when.
    needed_when = {
        "second_contact_email": _("Give an email or a phone for the second person (or both)."),
        "second_contact_phone": _("Give an email or a phone for the second person (or both)."),
        "bank_account_name": _("Needed if the money goes to your bank account."),
        "host_name": _("Needed if a host group holds the money."),
        "host_contact_name": _("Needed if a host group holds the money."),
        "host_contact_email": _("Needed if a host group holds the money."),
    }

    class Meta:
        model = Group
        fields = GROUP_FIELDS
        labels = {
            "name": _("Group name"),
            "kind": _("What kind of group are you?"),
            "charity_number": _("Charity number"),
            "company_number": _("Company number"),
            "what_you_do": _("What does your group do?"),
            "area": _("Where do you meet or work?"),
            "postcode": _("Postcode"),
            "income_band": _("How much money comes in each year?"),
            "contact_name": _("Full name"),
            "contact_email": _("Email"),
            "contact_phone": _("Phone"),
            "second_contact_name": _("Full name"),
            "second_contact_email": _("Email"),
            "second_contact_phone": _("Phone"),
            "contacts_unrelated": _("These two people are not related and do not live together"),
            "payment_route": _("How will the money get to you?"),
            "bank_account_name": _("Name on the bank account"),
            "host_name": _("Name of the host group"),
            "host_contact_name": _("Name of someone there"),
            "host_contact_email": _("Their email"),
            "host_org_id": _("The host group's charity or company number"),
        }
        help_texts = {
            "charity_number": _("Only if you are a charity."),
            "company_number": _("Only if you are a company."),
            "what_you_do": _("Two or three short lines is fine."),
            "area": _("For example, a town, a street or a part of town."),
            "postcode": _("Where you meet, or where one of you lives. For example, LS1 4AP."),
            "contacts_unrelated": _(
                "Related means family by birth, marriage or partner. "
                "Two people who live at the same address count as related too."
            ),
            "bank_account_name": _("It must be in the group's name, not a person's name."),
            "host_name": _("A group or charity that gets the money and holds it for you."),
            "host_org_id": _("Only if the host group is a charity or a company."),
        }
        widgets = {
            "kind": forms.RadioSelect,
            "income_band": forms.RadioSelect,
            "payment_route": forms.RadioSelect,
            "what_you_do": forms.Textarea(attrs={"rows": 4}),
            "contact_email": forms.EmailInput(
                attrs={"autocomplete": "email", "spellcheck": "false"}
            ),
            "second_contact_email": forms.EmailInput(attrs={"spellcheck": "false"}),
            "host_contact_email": forms.EmailInput(attrs={"spellcheck": "false"}),
            "contact_phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "second_contact_phone": forms.TextInput(attrs={"type": "tel"}),
            "postcode": forms.TextInput(
                attrs={"autocomplete": "postal-code", "class": "govuk-input--width-10"}
            ),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
        }
        error_messages = {
            "name": {"required": _("Enter your group's name")},
            "kind": {"required": _("Choose what kind of group you are")},
            "contact_name": {"required": _("Enter the first person's full name")},
            "contact_email": {
                "required": _("Enter the first person's email"),
                "invalid": EMAIL_MESSAGE,
            },
            "second_contact_email": {"invalid": EMAIL_MESSAGE},
            "host_contact_email": {"invalid": EMAIL_MESSAGE},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plain_length_messages(self)
        for name, when in self.needed_when.items():
            hint = self.fields[name].help_text
            self.fields[name].help_text = f"{when} {hint}".strip() if hint else when
        for name in ("kind", "income_band", "payment_route"):
            field = self.fields[name]
            field.choices = [c for c in field.choices if c[0] != ""]
            field.error_messages["invalid_choice"] = gettext("Choose one of the options")
        self.fields["income_band"].required = True
        self.fields["income_band"].error_messages["required"] = gettext(
            "Choose how much money comes in"
        )
        self.fields["payment_route"].required = True
        self.fields["payment_route"].error_messages["required"] = gettext(
            "Choose how the money will get to you"
        )
        self.fields["second_contact_name"].required = True
        self.fields["second_contact_name"].error_messages["required"] = gettext(
            "Enter the second person's full name"
        )
        self.fields["postcode"].required = True
        self.fields["postcode"].error_messages["required"] = gettext("Enter a postcode")
        # Typed postcodes may carry extra spaces; the tidy one is always 8 or fewer.
        self.fields["postcode"].max_length = 20
        self.fields["postcode"].validators = []
        self.fields["postcode"].widget.attrs["maxlength"] = "20"
        self.fields["contacts_unrelated"].required = True
        self.fields["contacts_unrelated"].error_messages["required"] = gettext(
            "Tick the box to say the two people are not related and do not live together. "
            "If they are, ask someone else to be the second person"
        )

    def clean_postcode(self):
        return group_rules.postcode_normalise(self.cleaned_data.get("postcode", ""))

    def clean_charity_number(self):
        return group_rules.charity_number_normalise(self.cleaned_data.get("charity_number", ""))

    def clean_company_number(self):
        return group_rules.company_number_normalise(self.cleaned_data.get("company_number", ""))

    def clean_contact_phone(self):
        return group_rules.phone_normalise(self.cleaned_data.get("contact_phone", ""))

    def clean_second_contact_phone(self):
        return group_rules.phone_normalise(self.cleaned_data.get("second_contact_phone", ""))

    def clean(self):
        cleaned = super().clean()
        first_email = (cleaned.get("contact_email") or "").lower()
        second_email = (cleaned.get("second_contact_email") or "").lower()
        second_reachable = second_email or cleaned.get("second_contact_phone")
        typed_badly = {"second_contact_email", "second_contact_phone"} & set(self.errors)
        if not second_reachable and not typed_badly:
            self.add_error(
                "second_contact_email", gettext("Enter an email or a phone for the second person")
            )
        if first_email and second_email and first_email == second_email:
            self.add_error(
                "second_contact_email", gettext("The second person needs their own email")
            )
        first_name = (cleaned.get("contact_name") or "").casefold()
        second_name = (cleaned.get("second_contact_name") or "").casefold()
        if first_name and first_name == second_name:
            self.add_error("second_contact_name", gettext("The second person must be someone else"))
        route = cleaned.get("payment_route")
        if route == Group.PaymentRoute.BANK and not cleaned.get("bank_account_name"):
            self.add_error("bank_account_name", gettext("Enter the name on the bank account"))
        if route == Group.PaymentRoute.HOST:
            for name, message in [
                ("host_name", gettext("Enter the name of the host group")),
                ("host_contact_name", gettext("Enter the name of someone at the host group")),
                ("host_contact_email", gettext("Enter an email for someone at the host group")),
            ]:
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, message)
        return cleaned


class ChooseGroupForm(PlainForm):
    NEW = "new"

    group = forms.ChoiceField(
        label=_("Which group is this for?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a group"), "invalid_choice": _("Choose a group")},
    )

    def __init__(self, *args, groups=(), allow_new=True, label=None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(str(g.pk), g.name) for g in groups]
        if allow_new:
            choices.append((self.NEW, gettext("A new group")))
        self.fields["group"].choices = choices
        if label:
            self.fields["group"].label = label


class HelperStartForm(ChooseGroupForm):
    channel = forms.ChoiceField(
        label=_("How did the group give you their answers?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose one"), "invalid_choice": _("Choose one")},
    )

    CHANNEL_WORDS = {
        Application.Channel.ASSISTED: _("I am filling it in with the group"),
        Application.Channel.PHONE: _("They told me by phone"),
        Application.Channel.PAPER: _("They sent it on paper"),
    }

    def __init__(self, *args, channels=(), **kwargs):
        super().__init__(*args, label=gettext("Which group are you helping?"), **kwargs)
        self.fields["channel"].choices = [(c.value, self.CHANNEL_WORDS[c]) for c in channels]
        if len(channels) == 1:
            self.fields["channel"].required = False
            self.fields["channel"].initial = channels[0].value
            self.single_channel = channels[0].value
        else:
            self.single_channel = None

    def clean_channel(self):
        return self.cleaned_data.get("channel") or self.single_channel


# --------------------------------------------------------------------------------------------
# The pages of the form
# --------------------------------------------------------------------------------------------
class NeededLaterMixin:
    """A field that is needed before the form is sent, but may be left blank when a page is
    saved: it is shown as needed (no "(optional)"), and the "is it there?" check is a business
    rule run by `services.applications.problems`."""

    def validate(self, value):
        if value in self.empty_values:
            return
        super().validate(value)


class DraftCharField(NeededLaterMixin, forms.CharField):
    pass


class PoundsField(NeededLaterMixin, forms.CharField):
    """Money typed as text ('£1,500', '1500'), cleaned to whole pounds."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 30)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "spellcheck": "false"})
        self.error_messages["max_length"] = _("Enter the amount in pounds, using numbers, like 500")

    def clean(self, value):
        value = super().clean(value)
        return parse_pounds(value)


class AboutForm(TextCleaningMixin, PlainForm):
    use_required_attribute = False
    title = DraftCharField(
        label=_("What is your project called?"),
        help_text=lazy_percent(
            _("A short name, like Tuesday lunch club. Use up to %(limit)s characters."),
            {"limit": rules.MAX_TITLE_CHARACTERS},
        ),
        max_length=rules.MAX_TITLE_CHARACTERS,
    )
    amount_requested = PoundsField(label=_("How much money do you need?"))

    def __init__(self, *args, round=None, **kwargs):
        super().__init__(*args, **kwargs)
        plain_length_messages(self)
        self.fields["amount_requested"].error_messages["max_length"] = gettext(
            "Enter the amount in pounds, using numbers, like 500"
        )
        if round is not None and round.min_grant and round.max_grant:
            self.fields["amount_requested"].help_text = gettext(
                "From %(least)s to %(most)s. Whole pounds."
            ) % {"least": pounds(round.min_grant), "most": pounds(round.max_grant)}


class AnswerForm(TextCleaningMixin, PlainForm):
    use_required_attribute = False
    text = DraftCharField(
        widget=forms.Textarea(attrs={"rows": 8, "dir": "auto"}),
        max_length=rules.MAX_ANSWER_CHARACTERS,
        strip=False,
    )
    recording = forms.FileField(
        label=_("Or send a sound or video file"),
        required=False,
        help_text=lazy_percent(
            _("Instead of typing, you can record your answer. Use an %(kinds)s file, up to 20 MB."),
            {"kinds": RECORDING_KINDS_IN_WORDS},
        ),
        widget=forms.ClearableFileInput(attrs={"accept": RECORDING_ACCEPT}),
        error_messages={
            "invalid": _("Choose a sound or video file"),
            "empty": _("The file is empty. Choose a sound or video file."),
            "missing": _("Choose a sound or video file"),
        },
    )
    remove_recording = forms.BooleanField(label=_("Remove the file I sent"), required=False)

    def __init__(self, *args, question=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.question = question
        self.recording_type = ""
        self.fields["recording"].widget = forms.FileInput(
            attrs={"accept": RECORDING_ACCEPT, "class": "govuk-file-upload"}
        )
        # %%(show_value)d is left for Django to fill in with the length typed.
        self.fields["text"].error_messages["max_length"] = gettext(
            "Your answer is far too long: it has %%(show_value)d characters, and the most we "
            "can keep is %(limit)s. Make it shorter. What you typed is still in the box"
        ) % {"limit": f"{rules.MAX_ANSWER_CHARACTERS:,}"}
        if question is not None:
            self.fields["text"].label = question.shown_text
            hint = gettext("Use up to %(limit)s words.") % {"limit": question.word_limit}
            if question.shown_help_text:
                hint = f"{question.shown_help_text} {hint}"
            self.fields["text"].help_text = hint
            self.fields["text"].widget.attrs["data-word-limit"] = str(question.word_limit)
            if not question.required:
                self.fields["text"].label = gettext("%(question)s (optional)") % {
                    "question": question.shown_text
                }

    def clean_text(self):
        return rules.clean_text(self.cleaned_data.get("text", ""))

    def clean_recording(self):
        upload = self.cleaned_data.get("recording")
        if upload:
            self.recording_type = check_recording(upload)
        return upload


class WithdrawForm(TextCleaningMixin, PlainForm):
    reason = forms.CharField(
        label=_("Why are you taking it back? (optional)"),
        help_text=_("This helps us. You do not have to say."),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plain_length_messages(self)


def problems_onto(form, found):
    """Show business-rule problems beside their fields (or at the top when not a field). A
    field whose format is wrong already says so: that message stays alone."""
    for problem in found:
        field = problem.field if problem.field in form.fields else None
        if field and form.errors.get(field):
            continue
        form.add_error(field, ValidationError(problem.message))
