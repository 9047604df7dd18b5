"""Workspace forms (crispy, bootstrap5). They check types and shapes; the services check the rest."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import cached_property

from annotations.models import Tag, Verdict
from annotations.rowsql import by_pk
from articles.models import Actor, Quote

ACTOR_WIDGET = "annotations/fields/actor_combobox.html"


class RowChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField over every row of a model (a hidden id or a radio button): the chosen row is
    read with SQL written once per process, not a query compiled on each save. Anything else (a
    filtered queryset, another key field) is left to ModelChoiceField."""

    def to_python(self, value):
        model = self.queryset.model
        if value in self.empty_values or self.to_field_name or self.queryset.query.where or isinstance(value, model):
            return super().to_python(value)
        self.validate_no_null_characters(value)
        try:
            row = by_pk(model, model._meta.pk.to_python(value))
        except ValidationError:
            row = None
        if row is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value})
        return row


def _helper(*fields) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True  # the page sends the token in a header (hx-headers on <body>)
    helper.layout = Layout(*fields)
    return helper


class _SpanFields(forms.Form):
    """A span of the body: offsets in code points and the text the editor selected."""

    start = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    end = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    exact = forms.CharField(strip=False, widget=forms.HiddenInput, max_length=100_000)

    def clean_exact(self):
        # Form submission turns the selection's line breaks into CRLF; bodies only ever hold LF.
        return self.cleaned_data["exact"].replace("\r\n", "\n")


def combobox(form: forms.Form, name: str, id_field: str, create_field: str) -> None:
    """Make ``name`` an actor autocomplete that fills the hidden ``id_field`` (or sets ``create_field``)."""
    form.fields[name].widget.attrs.update(
        {
            "class": "form-control form-control-sm",
            "role": "combobox",
            "aria-autocomplete": "list",
            "aria-expanded": "false",
            "aria-controls": f"{form.add_prefix(name)}-options",
            "autocomplete": "off",
            "data-id-field": form.add_prefix(id_field),
            "data-create-field": form.add_prefix(create_field),
            "placeholder": "Type a name or an alias",
        }
    )


class _ActorFields(forms.Form):
    actor = RowChoiceField(queryset=Actor.objects.all(), required=False, widget=forms.HiddenInput)
    actor_name = forms.CharField(label="Actor", required=False, max_length=200)
    create_actor = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        combobox(self, "actor_name", "actor", "create_actor")


class AnnotationForm(_SpanFields, _ActorFields):
    """New annotation on a selection; with ``editing`` the span is optional (given only to move it)."""

    tag = RowChoiceField(queryset=Tag.objects.all(), empty_label=None, widget=forms.RadioSelect)
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2, "placeholder": "Why it matters"}))
    verdict = forms.ChoiceField(choices=[("", "—"), *Verdict.choices], required=False)
    quote = RowChoiceField(queryset=Quote.objects.all(), required=False, widget=forms.HiddenInput)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, tags=None, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if tags is not None:  # the page has them already: no query per render
            self.fields["tag"].queryset = Tag.objects.all()
            self.fields["tag"].choices = [(tag.pk, tag.name) for tag in tags]
        self.tags = tags
        self.editing = editing
        if editing:
            for name in ("start", "end", "exact"):
                self.fields[name].required = False
            self.fields["version"].required = True

    @cached_property
    def helper(self) -> FormHelper:  # only forms that are rendered need one: saves skip building it
        return _helper(
            "start",
            "end",
            "exact",
            "quote",
            "version",
            "actor",
            "create_actor",
            Field("tag", template="annotations/fields/tag_chips.html"),
            Field("actor_name", template=ACTOR_WIDGET),
            Div("verdict", css_class="verdict-field"),
            "note",
        )

    def clean(self):
        cleaned = super().clean()
        given = [cleaned.get(name) not in (None, "") for name in ("start", "end", "exact")]
        if self.editing and any(given) and not all(given):
            raise forms.ValidationError("Select the new text again.")
        return cleaned

    @property
    def span_given(self) -> bool:
        return self.cleaned_data.get("exact") not in (None, "")


class QuoteForm(_SpanFields):
    """Correct a quote: speaker, kind, role, cue, and (optionally) its span."""

    speaker = forms.ModelChoiceField(queryset=Actor.objects.all(), required=False, widget=forms.HiddenInput)
    speaker_name = forms.CharField(label="Speaker", required=False, max_length=200)
    create_speaker = forms.BooleanField(required=False, widget=forms.HiddenInput)
    kind = forms.ChoiceField(choices=Quote.Kind.choices)
    role = forms.CharField(required=False, max_length=300, help_text="The speaker's title as the article gives it.")
    cue = forms.CharField(required=False, max_length=100)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("start", "end", "exact"):
            self.fields[name].required = False
        combobox(self, "speaker_name", "speaker", "create_speaker")
        self.helper = _helper(
            "start",
            "end",
            "exact",
            "version",
            "speaker",
            "create_speaker",
            Field("speaker_name", template=ACTOR_WIDGET),
            "kind",
            "role",
            "cue",
        )

    @property
    def span_given(self) -> bool:
        return self.cleaned_data.get("exact") not in (None, "")


class SideForm(_ActorFields):
    """One pinned span in the disagreement form: which side (actor) and stance it supports."""

    item = forms.CharField(widget=forms.HiddenInput)  # "annotation:12" or "quote:7"
    include = forms.BooleanField(required=False, initial=True)
    stance = forms.CharField(required=False, max_length=300)


class DisagreementForm(forms.Form):
    subject = forms.CharField(max_length=300, widget=forms.TextInput(attrs={"placeholder": "Designation of …"}))
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("subject", "description")


SideFormSet = forms.formset_factory(SideForm, extra=0)
