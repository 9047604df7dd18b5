"""The corpus lists: articles, quotes, the speaker index, actors. Filters: articles/filters.py."""

from functools import cache

from django.apps import apps
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from articles.filters import ActorFilter, ArticleFilter, QuoteFilter, SpeakerFilter
from articles.list_rows import article_rows
from articles.listing import paginate_filtered, with_context
from articles.models import HEAVY_SPAN_FIELDS, Actor, Article, Quote
from articles.search import article_snippets

ACTOR_PAGE_ROWS = 20


@require_GET
def article_list(request):
    articles = ArticleFilter(request.GET, queryset=Article.objects.for_list(), request=request)
    page, querystring = paginate_filtered(request, articles, _articles_for_list)
    snippets = article_snippets([article.pk for article in page.object_list], articles.query)
    rows = [(article, article, snippets.get(article.pk)) for article in page.object_list]  # counts on the row
    context = {"filter": articles, "query": articles.query, "page": page, "rows": rows, "rows_html": article_rows(rows)}
    return render(request, "articles/article_list.html", {**context, "querystring_base": querystring})


def _articles_for_list(ids):
    return _articles_with_counts().filter(pk__in=ids)


@cache
def _articles_with_counts():
    """Built once (a lazy queryset, never evaluated itself): its three count subqueries took 1 ms to
    resolve on every page."""
    return Article.objects.for_list().with_counts().with_disagreement_count()


@require_GET
def quote_list(request):
    found = QuoteFilter(request.GET, queryset=Quote.objects.all(), request=request)
    page, querystring = paginate_filtered(request, found, _quotes_for_list)
    context = {"filter": found, "query": found.query, "page": page, "querystring_base": querystring}
    return render(request, "articles/quote_list.html", context)


def _quotes_for_list(ids):
    quotes = Quote.objects.filter(pk__in=ids).select_related("speaker", "article__outlet")
    return with_context(quotes.defer(*HEAVY_SPAN_FIELDS))


@require_GET
def speaker_index(request):
    speakers = SpeakerFilter(request.GET, queryset=Actor.objects.all(), request=request)
    page, querystring = paginate_filtered(request, speakers)
    context = {"filter": speakers, "query": speakers.query, "page": page, "querystring_base": querystring}
    return render(request, "articles/speaker_index.html", context)


@require_GET
def actor_list(request):
    actors = ActorFilter(request.GET, queryset=Actor.objects.prefetch_related("aliases"), request=request)
    page, querystring = paginate_filtered(request, actors)
    ids = [actor.pk for actor in page.object_list]
    counts = {row.pk: row for row in Actor.objects.filter(pk__in=ids).only("pk").with_counts()}
    rows = [(actor, counts[actor.pk]) for actor in page.object_list]
    context = {"filter": actors, "query": actors.query, "page": page, "rows": rows}
    return render(request, "articles/actor_list.html", {**context, "querystring_base": querystring})


@require_GET
def actor_detail(request, pk):
    actor = get_object_or_404(Actor.objects.prefetch_related("aliases").with_counts(), pk=pk)
    quotes = with_context(actor.quotes.live().select_related("article__outlet").defer(*HEAVY_SPAN_FIELDS))
    claims = actor.annotations.select_related("tag", "author", "article__outlet").defer(*HEAVY_SPAN_FIELDS)
    sides = apps.get_model("annotations", "Position").objects.select_related("actor")
    positions = actor.positions.select_related("disagreement").prefetch_related(
        Prefetch("disagreement__positions", queryset=sides)
    )
    context = {
        "actor": actor,
        "quotes": quotes.order_by("-article__published_on", "-article_id", "start")[:ACTOR_PAGE_ROWS],
        "claims": claims.order_by("-created_at", "-id")[:ACTOR_PAGE_ROWS],
        "positions": positions,
    }
    return render(request, "articles/actor_detail.html", context)
