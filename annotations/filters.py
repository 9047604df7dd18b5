"""Filters for annotation lists and exports (django-filter); the state lives in the URL.

The parameters (tag, actor, verdict, author, created_after/created_before, outlet, article, q) are
shared by the annotation list and the exports; ``AnnotationFilter(data, queryset=...).qs`` gives
the same rows to both.
"""

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef

from annotations.models import Annotation, Disagreement, Position, Tag, Verdict
from annotations.search import search_annotations
from articles.filters import LONG_LIST, SearchFilterSet
from articles.listing import QueryFilter, filter_form_helper, words_filter
from articles.models import Actor, Article, Outlet


def _authors(request):
    authored = Annotation.objects.filter(author=OuterRef("pk"))
    return get_user_model().objects.filter(Exists(authored)).order_by("username")


class AnnotationFilter(SearchFilterSet):
    q = QueryFilter(label="Search annotated text, notes and article titles")
    # distinct=False: no join here can repeat a row, and DISTINCT over every column is costly.
    tag = django_filters.ModelMultipleChoiceFilter(
        queryset=Tag.objects.all(), widget=forms.CheckboxSelectMultiple, distinct=False
    )
    actor = django_filters.ModelChoiceFilter(queryset=Actor.objects.all(), empty_label="Any")
    verdict = django_filters.MultipleChoiceFilter(
        choices=Verdict.choices, widget=forms.CheckboxSelectMultiple, distinct=False
    )
    author = django_filters.ModelChoiceFilter(queryset=_authors, empty_label="Anyone")
    created = django_filters.DateFromToRangeFilter(
        field_name="created_at",
        label="Created between",
        widget=django_filters.widgets.DateRangeWidget(attrs={"type": "date"}),
    )
    outlet = django_filters.ModelChoiceFilter(
        field_name="article__outlet", queryset=Outlet.objects.all(), empty_label="Any", label="Outlet"
    )
    # An id (links from an article's row); a select of every article would not fit on the page.
    article = django_filters.ModelChoiceFilter(queryset=Article.objects.only("id", "title"), widget=forms.HiddenInput)
    sort = django_filters.ChoiceFilter(
        choices=[("newest", "Newest first"), ("oldest", "Oldest first"), ("article", "By article, in text order")],
        empty_label="Default",
        label="Sort by",
    )

    orderings = {
        "newest": ("-id",),  # ids grow with creation time, and the primary key is indexed
        "oldest": ("id",),
        "article": ("-article__published_on", "-article_id", "start", "id"),
    }
    default_sort = "newest"
    count_cap = LONG_LIST

    class Meta:
        model = Annotation
        fields = ["q", "tag", "actor", "verdict", "author", "created", "outlet", "article", "sort"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.helper = filter_form_helper(
            ("q",), ("actor", "author", "outlet", "created", "sort"), ("tag", "verdict"), ("article",)
        )

    def search(self, queryset):
        return search_annotations(queryset, self.query)


class DisagreementFilter(SearchFilterSet):
    q = QueryFilter(label="Search subjects, stances and parties")
    actor = django_filters.ModelChoiceFilter(
        queryset=Actor.objects.filter(Exists(Position.objects.filter(actor=OuterRef("pk")))),
        method="filter_actor",
        label="Party",
        empty_label="Any",
    )
    article = django_filters.ModelChoiceFilter(
        queryset=Article.objects.only("id", "title"), widget=forms.HiddenInput, method="filter_article"
    )

    orderings = {"updated": ("-updated_at", "-id")}
    default_sort = "updated"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.helper = filter_form_helper(("q", "actor"), ("article",))

    def search(self, queryset):
        if not self.query:
            return queryset
        fields = ["subject", "description", "positions__stance", "positions__note", "positions__actor__name"]
        matching = Disagreement.objects.filter(words_filter(self.query, fields))
        return queryset.filter(pk__in=matching.values("pk"))

    def filter_actor(self, queryset, name, actor):
        return queryset.filter(Exists(Position.objects.filter(disagreement=OuterRef("pk"), actor=actor)))

    def filter_article(self, queryset, name, article):
        spans = Position.objects.filter(disagreement=OuterRef("pk"))
        return queryset.filter(
            Exists(spans.filter(annotations__article=article)) | Exists(spans.filter(quotes__article=article))
        )
