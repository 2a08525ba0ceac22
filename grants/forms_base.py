"""Forms that look and behave the same everywhere: GOV.UK classes, hints and errors tied to
their fields for screen readers, and what was typed always kept."""

from django import forms

WIDGET_CLASSES = {
    forms.Textarea: "govuk-textarea",
    forms.Select: "govuk-select",
    forms.ClearableFileInput: "govuk-file-upload",
    forms.FileInput: "govuk-file-upload",
    forms.CheckboxInput: "govuk-checkboxes__input",
    forms.RadioSelect: "govuk-radios__input",
    forms.CheckboxSelectMultiple: "govuk-checkboxes__input",
}


class PlainFormMixin:
    """Mix into any Form or ModelForm."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = field.widget
            css = next(
                (c for w, c in WIDGET_CLASSES.items() if isinstance(widget, w)), "govuk-input"
            )
            widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()
            if field.help_text:
                widget.attrs["aria-describedby"] = f"id_{self.add_prefix(name)}-hint"

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name not in self.fields:
                continue
            widget = self.fields[name].widget
            classes = widget.attrs.get("class", "")
            base = classes.split()[0] if classes else "govuk-input"
            if "--error" not in classes and not base.startswith("govuk-checkboxes"):
                widget.attrs["class"] = f"{classes} {base}--error"
            described = widget.attrs.get("aria-describedby", "")
            error_id = f"id_{self.add_prefix(name)}-error"
            if error_id not in described:
                widget.attrs["aria-describedby"] = f"{described} {error_id}".strip()
            widget.attrs["aria-invalid"] = "true"


class PlainForm(PlainFormMixin, forms.Form):
    pass


class PlainModelForm(PlainFormMixin, forms.ModelForm):
    pass
