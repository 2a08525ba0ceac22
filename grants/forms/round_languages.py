"""The officer's page for one language of a round: a box for the translation of every piece of
the round's English (`grants.round_texts`)."""

from django import forms

from core.forms import PlainForm, plain_text_field

from ..languages import text_direction


class RoundTranslationForm(PlainForm):
    """One optional box per text (named by `RoundText.key`), and beside each a hidden
    fingerprint of the English it was shown with, so a change to the English made meanwhile is
    caught (`services.round_languages`). Boxes start with the translations kept now."""

    use_required_attribute = False

    def __init__(self, data=None, *args, texts=(), language, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.texts = list(texts)
        self.language = language
        for text in self.texts:
            field = plain_text_field(
                text.label,
                max_length=text.max_length,
                required=False,
                textarea=text.long,
                rows=5 if text.long else 2,
                hint=text.shows_as,  # shown as the box's hint (the page lays it out)
            )
            field.widget.attrs.update({"lang": language, "dir": text_direction(language)})
            self.fields[text.key] = field
            self.fields[f"seen-{text.key}"] = forms.CharField(
                required=False, widget=forms.HiddenInput
            )
            self.initial.setdefault(text.key, text.translation(language))
            self.initial.setdefault(f"seen-{text.key}", text.fingerprint)

    def typed(self):
        return {text.key: self.cleaned_data.get(text.key) or "" for text in self.texts}

    def seen(self):
        return {text.key: self.cleaned_data.get(f"seen-{text.key}") or None for text in self.texts}

    def rows(self):
        """(text, its box, the translation kept before the English changed) for the page."""
        for text in self.texts:
            yield text, self[text.key], text.earlier_translation(self.language)

    def hidden(self):
        return [self[f"seen-{text.key}"] for text in self.texts]
