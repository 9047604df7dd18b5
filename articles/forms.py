from django import forms
from django.conf import settings


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
