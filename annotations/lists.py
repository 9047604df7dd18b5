"""The editorial lists: annotations, disagreements (list and one disagreement), and the global search."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from annotations.filters import AnnotationFilter, DisagreementFilter
from annotations.list_rows import annotation_rows
from annotations.models import Annotation, Disagreement, Position
from annotations.search import search_annotations
from articles.filters import LONG_LIST, capped_count, is_broad
from articles.listing import paginate_filtered, with_context
from articles.models import HEAVY_SPAN_FIELDS, Article, Quote
from articles.search import article_snippets, parse_query, search_articles

GLOBAL_ROWS = 10


@require_GET
def annotation_list(request):
    annotations = AnnotationFilter(request.GET, queryset=Annotation.objects.all(), request=request)
    page, querystring = paginate_filtered(request, annotations, _annotations_for_list)
    context = {"filter": annotations, "query": annotations.query, "page": page, "querystring_base": querystring}
    context["rows_html"] = annotation_rows(page.object_list)
    return render(request, "annotations/annotation_list.html", context)


def _annotations_for_list(ids):
    return Annotation.objects.for_list().filter(pk__in=ids)


def _sides():
    """Positions with their actor and the spans that state them, each with its article's title."""
    spans = Annotation.objects.select_related("tag", "article").defer(*HEAVY_SPAN_FIELDS)
    quotes = with_context(Quote.objects.select_related("article").defer(*HEAVY_SPAN_FIELDS))
    return Position.objects.select_related("actor").prefetch_related(
        Prefetch("annotations", queryset=spans.order_by("article_id", "start")),
        Prefetch("quotes", queryset=quotes.order_by("article_id", "start")),
    )


@require_GET
def disagreement_list(request):
    disagreements = DisagreementFilter(
        request.GET,
        queryset=Disagreement.objects.prefetch_related(Prefetch("positions", queryset=_sides())),
        request=request,
    )
    page, querystring = paginate_filtered(request, disagreements)
    context = {"filter": disagreements, "query": disagreements.query, "page": page, "querystring_base": querystring}
    return render(request, "annotations/disagreement_list.html", context)


@require_GET
def disagreement_detail(request, pk):
    disagreement = get_object_or_404(
        Disagreement.objects.select_related("created_by").prefetch_related(Prefetch("positions", queryset=_sides())),
        pk=pk,
    )
    return render(request, "annotations/disagreement_detail.html", {"disagreement": disagreement})


@require_GET
def global_search(request):
    """Articles and annotations at once; each section links to its full, filterable list."""
    query = parse_query(request.GET.get("q", ""))
    context = {"query": query, "q": request.GET.get("q", "")}
    if query:
        articles = search_articles(Article.objects.for_list(), query)
        article_count = capped_count(articles)
        ranked = bool(query.groups) and not is_broad(article_count)  # as on the article list
        if ranked:
            articles = search_articles(Article.objects.for_list(), query, ranked=True)
        order = ("-search_rank", "-published_on", "-id") if ranked else ("-published_on", "-id")
        top_articles = list(articles.order_by(*order)[:GLOBAL_ROWS])
        annotations = search_annotations(Annotation.objects.all(), query).order_by("-id")
        ids = list(annotations.values_list("pk", flat=True)[:GLOBAL_ROWS])
        loaded = Annotation.objects.for_list().in_bulk(ids)
        snippets = article_snippets([article.pk for article in top_articles], query)
        annotation_count = capped_count(annotations, LONG_LIST)
        context |= {
            "articles": [(article, snippets.get(article.pk)) for article in top_articles],
            "article_count": article_count,
            "articles_broad": is_broad(article_count),
            "annotations": [loaded[pk] for pk in ids],
            "annotation_count": annotation_count,
            "annotations_broad": is_broad(annotation_count, LONG_LIST),
        }
    return render(request, "search.html", context)
