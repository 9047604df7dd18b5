from django import forms
from django.conf import settings

from articles.corrections import normalise_body
from articles.models import Article, body_hash


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True}))
        kwargs.setdefault("allow_empty_file", True)  # reported per item by the importer, with the others kept
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single_file_clean = super().clean
        if isinstance(data, list | tuple):
            return [single_file_clean(file, initial) for file in data] or [single_file_clean(None, initial)]
        return [single_file_clean(data, initial)]


class ImportForm(forms.Form):
    files = MultipleFileField(
        label="Files",
        help_text=(
            "One or many files: plain-text articles (.txt: title line, optional date line, body, "
            "optional “Original url:” and the URL), CSV or JSON Lines (title, published_on, url, outlet, body), "
            "or a .zip of them (folders allowed)."
        ),
    )
    outlet = forms.CharField(
        max_length=200,
        required=False,
        help_text="Outlet for articles that name none (otherwise it comes from the article URL's domain).",
    )

    def clean_files(self):
        files = self.cleaned_data["files"]
        total = sum(file.size for file in files)
        if total > settings.NEWSROOM_MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                f"The upload is {total / 1048576:,.1f} MB; at most "
                f"{settings.NEWSROOM_MAX_UPLOAD_BYTES / 1048576:,.0f} MB at once. "
                "Split it, or use manage.py import_articles."
            )
        return files


class ArticleAdminForm(forms.ModelForm):
    """The admin's article form: the body can be corrected; its spans are then re-anchored."""

    class Meta:
        model = Article
        fields = ["title", "published_on", "url", "outlet", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 24, "cols": 100, "class": "vLargeTextField"})}
        help_texts = {
            "body": (
                "Correcting the text re-anchors the article's quotes and annotations by their text and context; "
                "those that cannot be found again are flagged orphaned and listed for review, never deleted."
            )
        }

    def clean_body(self):
        body = normalise_body(self.cleaned_data["body"])
        if not body.strip():
            raise forms.ValidationError("The body cannot be empty.")
        if Article.objects.exclude(pk=self.instance.pk).filter(content_hash=body_hash(body)).exists():
            raise forms.ValidationError("Another article already has exactly this text.")
        return body
