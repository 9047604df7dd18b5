"""Filters of the corpus lists (django-filter); the state lives in the URL, so a view can be bookmarked.

The article filters reach the editorial layer (tags, annotations, disagreements) by relation
names and ``apps.get_model``: articles never imports annotations.
"""

import django_filters
from django import forms
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connections
from django.db.models import Count, Exists, OuterRef, Q

from articles.filter_forms import filter_form_html
from articles.listing import QueryFilter, filter_form_helper, words_filter
from articles.models import Actor, Article, Outlet, Quote, SubqueryCount
from articles.search import count_articles, parse_query, ranked_article_ids, search_articles, search_quotes

# A list or search finding more rows than this is broad: counted no further, and a broad article
# search is listed newest first unless relevance is asked for.
BROAD_SEARCH = 5_000
# Lists of the big tables (annotations, quotes) are counted no further than this: counting 5,000
# rows that match filters no index covers meant scanning a million annotations (50 ms).
LONG_LIST = 1_000


def _annotation_model():
    return apps.get_model("annotations", "Annotation")


def _tags(request):
    return apps.get_model("annotations", "Tag").objects.all()


def _annotators(request):
    authors = _annotation_model().objects.filter(author=OuterRef("pk"))
    return get_user_model().objects.filter(Exists(authors)).order_by("username")


def annotation_count():
    """The number of annotations of each article, as an expression (for sorting by it)."""
    return SubqueryCount(_annotation_model().objects.filter(article=OuterRef("pk")))


class SearchFilterSet(django_filters.FilterSet):
    """A FilterSet with a ``q`` search box and a ``sort`` choice, applied after the other filters.

    ``query`` (the parsed ``q``) is kept for the page's notes and snippets. ``match_count`` is the
    number of rows found, counted up to BROAD_SEARCH + 1 only: beyond that the list is ``broad``
    and says "more than 5,000"; counting a million filtered annotations exactly took 0.1-0.4 s on
    PostgreSQL, more than the rest of the page."""

    orderings: dict[str, tuple] = {}
    default_sort = ""
    count_cap: int | None = None  # BROAD_SEARCH when None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.query = parse_query(self.data.get("q", "") if self.data else "")
        self.match_count: int | None = None
        self.notice = ""

    @property
    def form_html(self):
        """The form, rendered by crispy (cached: see articles/filter_forms.py)."""
        return filter_form_html(self)

    @property
    def broad(self) -> bool:
        return self.match_count is not None and is_broad(self.match_count, self.count_cap)

    def chosen_sort(self) -> str:
        sort = self.form.cleaned_data.get("sort") if hasattr(self.form, "cleaned_data") else ""
        return sort if sort in self.orderings else ""

    def filter_queryset(self, queryset):
        for name, value in self.form.cleaned_data.items():
            if name not in ("q", "sort"):
                queryset = self.filters[name].filter(queryset, value)
        return self.search_and_sort(queryset, self.chosen_sort())

    def search_and_sort(self, queryset, sort: str):
        queryset = self.search(queryset)
        self.match_count = capped_count(queryset, self.count_cap)
        return queryset.order_by(*self.orderings[sort or self.default_sort])

    def search(self, queryset):
        return queryset


def capped_count(queryset, cap: int | None = None) -> int:
    """The number of rows, counting no further than cap + 1 (BROAD_SEARCH + 1 by default)."""
    return queryset.order_by()[: (cap or BROAD_SEARCH) + 1].count()


def is_broad(count: int, cap: int | None = None) -> bool:
    return count > (cap or BROAD_SEARCH)


ARTICLE_SORTS = [
    ("relevance", "Relevance"),
    ("newest", "Newest first"),
    ("oldest", "Oldest first"),
    ("annotations", "Most annotated"),
]


class ArticleFilter(SearchFilterSet):
    q = QueryFilter(label="Search title and text")
    outlet = django_filters.ModelChoiceFilter(queryset=Outlet.objects.all(), empty_label="Any")
    published = django_filters.DateFromToRangeFilter(
        field_name="published_on",
        label="Published between",
        widget=django_filters.widgets.DateRangeWidget(attrs={"type": "date"}),
    )
    tag = django_filters.ModelChoiceFilter(queryset=_tags, method="filter_tag", label="Has tag", empty_label="Any")
    actor = django_filters.ModelChoiceFilter(
        queryset=Actor.objects.all(), method="filter_actor", label="Actor mentioned", empty_label="Any"
    )
    annotated_by = django_filters.ModelChoiceFilter(
        queryset=_annotators, method="filter_annotated_by", label="Annotated by", empty_label="Anyone"
    )
    disagreements = django_filters.ChoiceFilter(
        choices=[("yes", "With disagreements"), ("no", "Without disagreements")],
        method="filter_disagreements",
        label="Disagreements",
        empty_label="Any",
    )
    annotations = django_filters.ChoiceFilter(
        choices=[("none", "Not annotated"), ("some", "Annotated")],
        method="filter_annotations",
        label="Annotations",
        empty_label="Any",
    )
    sort = django_filters.ChoiceFilter(choices=ARTICLE_SORTS, empty_label="Default", label="Sort by")

    orderings = {
        "relevance": ("-search_rank", "-published_on", "-id"),
        "newest": ("-published_on", "-id"),
        "oldest": ("published_on", "id"),
        "annotations": ("-annotation_count", "-published_on", "-id"),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.default_sort = "newest"
        self.form.helper = filter_form_helper(
            ("q",),
            ("outlet", "published", "tag", "actor"),
            ("annotated_by", "disagreements", "annotations", "sort"),
        )

    def search_and_sort(self, queryset, sort):
        """Relevance by default when there are words to rank by and not too many rows to rank.

        On PostgreSQL a ranked list is counted and ranked in one pass: ``ranked_ids`` (the view
        pages through them); ``qs`` stays the same rows in the same order."""
        self.ranked_ids = None
        if sort == "relevance" and not self.query.groups:
            sort = ""  # nothing to rank by
        if self.query.groups and sort in ("", "relevance") and connections[queryset.db].vendor == "postgresql":
            self.ranked_ids = ranked_article_ids(queryset, self.query, BROAD_SEARCH)
            self.match_count = BROAD_SEARCH + 1 if self.ranked_ids is None else len(self.ranked_ids)
        elif self.query:
            self.match_count = count_articles(queryset, self.query, BROAD_SEARCH)
        else:
            self.match_count = capped_count(queryset)
        if not sort and self.query.groups:
            sort = "newest" if self.broad else "relevance"
            if self.broad:
                self.notice = (
                    f"More than {BROAD_SEARCH:,} articles match: they are listed newest first. "
                    "Add words or filters to narrow the search, or sort by relevance (slower)."
                )
        if sort == "relevance":
            found = search_articles(queryset, self.query, ranked=True)
        elif sort == "annotations":
            found = search_articles(queryset, self.query).alias(annotation_count=annotation_count())
        else:
            found = search_articles(queryset, self.query, by_date=True)
        return found.order_by(*self.orderings[sort or self.default_sort])

    def filter_tag(self, queryset, name, tag):
        return queryset.filter(Exists(_annotation_model().objects.filter(article=OuterRef("pk"), tag=tag)))

    def filter_actor(self, queryset, name, actor):
        quoted = Quote.objects.filter(article=OuterRef("pk"), speaker=actor)
        annotated = _annotation_model().objects.filter(article=OuterRef("pk"), actor=actor)
        return queryset.filter(Exists(quoted) | Exists(annotated))

    def filter_annotated_by(self, queryset, name, user):
        return queryset.filter(Exists(_annotation_model().objects.filter(article=OuterRef("pk"), author=user)))

    def filter_disagreements(self, queryset, name, value):
        in_positions = Exists(
            _annotation_model().objects.filter(article=OuterRef("pk"), positions__isnull=False)
        ) | Exists(Quote.objects.filter(article=OuterRef("pk"), positions__isnull=False))
        return queryset.filter(in_positions if value == "yes" else ~in_positions)

    def filter_annotations(self, queryset, name, value):
        annotated = Exists(_annotation_model().objects.filter(article=OuterRef("pk")))
        return queryset.filter(annotated if value == "some" else ~annotated)


class QuoteFilter(SearchFilterSet):
    q = QueryFilter(label="Search quote text")
    speaker = django_filters.ModelChoiceFilter(
        queryset=Actor.objects.filter(Exists(Quote.objects.filter(speaker=OuterRef("pk")))), empty_label="Anyone"
    )
    kind = django_filters.MultipleChoiceFilter(
        choices=Quote.Kind.choices, widget=forms.CheckboxSelectMultiple, distinct=False
    )
    status = django_filters.MultipleChoiceFilter(
        choices=Quote.Status.choices, widget=forms.CheckboxSelectMultiple, distinct=False
    )
    outlet = django_filters.ModelChoiceFilter(
        field_name="article__outlet", queryset=Outlet.objects.all(), empty_label="Any"
    )
    published = django_filters.DateFromToRangeFilter(
        field_name="article__published_on",
        label="Article published between",
        widget=django_filters.widgets.DateRangeWidget(attrs={"type": "date"}),
    )
    article = django_filters.ModelChoiceFilter(queryset=Article.objects.only("id", "title"), widget=forms.HiddenInput)
    sort = django_filters.ChoiceFilter(
        choices=[("newest", "Newest articles first"), ("oldest", "Oldest articles first")],
        empty_label="Default",
        label="Sort by",
    )

    orderings = {
        "newest": ("-article__published_on", "-article_id", "start", "id"),
        "oldest": ("article__published_on", "article_id", "start", "id"),
    }
    default_sort = "newest"
    count_cap = LONG_LIST

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.helper = filter_form_helper(
            ("q",), ("speaker", "outlet", "published", "sort"), ("kind", "status"), ("article",)
        )

    def search(self, queryset):
        return search_quotes(queryset, self.query)


class ActorFilter(SearchFilterSet):
    q = QueryFilter(label="Name or alias")
    kind = django_filters.ChoiceFilter(choices=Actor.Kind.choices, empty_label="Any kind")

    orderings = {"name": ("name", "id")}
    default_sort = "name"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.helper = filter_form_helper(("q", "kind"))

    def search(self, queryset):
        if not self.query:
            return queryset
        matching = Actor.objects.filter(words_filter(self.query, ["name", "aliases__name"]))
        return queryset.filter(pk__in=matching.values("pk"))


class SpeakerFilter(ActorFilter):
    """The speaker index: actors with their number of quotes, most quoted first."""

    orderings = {"quotes": ("-quote_count", "name", "id")}
    default_sort = "quotes"

    def search(self, queryset):
        live = ~Q(quotes__status=Quote.Status.REJECTED)
        queryset = super().search(queryset).annotate(quote_count=Count("quotes", filter=live))
        return queryset.filter(quote_count__gt=0)
