"""The full-text indexes themselves: FTS5 kept in sync on SQLite, GIN indexes used on PostgreSQL."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from annotations.models import Annotation
from annotations.search import ANNOTATION_FTS, search_annotations
from articles.importing import Upload, articles_import
from articles.models import Article, Quote, body_hash
from articles.search import (
    ARTICLE_FTS,
    QUOTE_FTS,
    parse_query,
    ranked_article_ids,
    search_articles,
    search_quotes,
    titles_matching,
)
from articles.search_index import repair_triggers
from tests.factories import AnnotationFactory, ArticleFactory, QuoteFactory
from tests.search_corpus import make_search_corpus

pytestmark = pytest.mark.django_db

sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="FTS5 is SQLite's")
postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")

INDEXES = [ARTICLE_FTS, QUOTE_FTS, ANNOTATION_FTS]


def check_all_indexes():
    with connection.cursor() as cursor:
        for index in INDEXES:
            index.integrity_check(cursor)


def fts_count(index, expression):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {index.name} WHERE {index.name} MATCH %s", [expression])
        return cursor.fetchone()[0]


def test_it_needs_no_new_migration_on_this_engine():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


@sqlite_only
def test_it_keeps_fts5_in_step_through_import_edit_and_delete(seed_bytes):
    articles_import(uploads=[Upload("seed.txt", seed_bytes)], source="test")
    article = Article.objects.get()
    check_all_indexes()
    assert fts_count(ARTICLE_FTS, '"ceasefire"') == 1

    quote = QuoteFactory(article=article, start=0, end=6)
    annotation = AnnotationFactory(article=article, start=0, end=6, note="the first word")
    check_all_indexes()
    article.body = article.body.replace("ceasefire", "truce").replace("Ceasefire", "Truce")
    article.save()
    annotation.note = "checked by the desk"
    annotation.save()
    quote.status = Quote.Status.CONFIRMED
    quote.save()
    check_all_indexes()
    assert fts_count(ARTICLE_FTS, '"ceasefire"') == 0 and fts_count(ARTICLE_FTS, '"truce"') == 1
    assert fts_count(ANNOTATION_FTS, '"desk"') == 1 and fts_count(ANNOTATION_FTS, '"first"') == 0

    annotation.delete()
    quote.delete()
    check_all_indexes()
    article.delete()
    check_all_indexes()
    assert fts_count(ARTICLE_FTS, '"truce"') == 0


@sqlite_only
def test_it_keeps_fts5_in_step_through_bulk_writes():
    articles = ArticleFactory.build_batch(20, outlet=None)
    for article in articles:
        article.content_hash = body_hash(article.body)
    Article.objects.bulk_create(articles)
    Article.objects.filter(pk__in=Article.objects.values("pk")[:5]).update(title="Bulk renamed")
    Article.objects.filter(pk__in=Article.objects.values("pk")[5:10]).delete()
    check_all_indexes()
    assert search_articles(Article.objects.all(), parse_query('"bulk renamed"')).count() == 5


@sqlite_only
def test_it_puts_back_triggers_that_a_table_rebuild_dropped():
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TRIGGER {ARTICLE_FTS.name}_insert")
    ArticleFactory(title="Written while the trigger was missing")
    assert repair_triggers(connection, INDEXES) == [ARTICLE_FTS.name]
    check_all_indexes()
    assert search_articles(Article.objects.all(), parse_query("missing")).count() == 1
    ArticleFactory(title="Written after the repair")
    assert search_articles(Article.objects.all(), parse_query("repair")).count() == 1
    assert repair_triggers(connection, INDEXES) == []


@sqlite_only
def test_it_leaves_the_postgresql_column_empty_on_sqlite():
    ArticleFactory()
    assert Article.objects.values_list("search_vector", flat=True).get() is None


@postgres_only
def test_it_stores_a_weighted_document_on_postgresql():
    ArticleFactory(title="Ceasefire", body="The talks went on.")
    vector = Article.objects.values_list("search_vector", flat=True).get()
    assert "'ceasefir':1A" in vector and "'talk':3B" in vector


def explain(queryset) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny table: make the planner show what it can use
        return queryset.explain()


@postgres_only
def test_it_searches_articles_through_the_gin_index():
    ArticleFactory.create_batch(3)
    plan = explain(search_articles(Article.objects.all(), parse_query("minister -plan"), ranked=True))
    assert "article_search_gin" in plan


@postgres_only
def test_it_searches_quotes_and_annotations_through_their_gin_indexes():
    AnnotationFactory.create_batch(3)
    QuoteFactory.create_batch(3)
    assert "quote_search_gin" in explain(search_quotes(Quote.objects.all(), parse_query("story")))
    plan = explain(search_annotations(Annotation.objects.all(), parse_query("story")))
    assert "annotation_search_gin" in plan, plan
    # the articles whose title matches are read first, through their own index
    assert "article_title_search_gin" in explain(titles_matching(parse_query("story").groups))


@postgres_only
def test_it_ranks_without_changing_the_connections_settings():
    make_search_corpus()
    assert ranked_article_ids(Article.objects.all(), parse_query("ceasefire"), 5000)
    with connection.cursor() as cursor:
        cursor.execute("SHOW enable_seqscan")
        assert cursor.fetchone()[0] == "on"


@postgres_only
def test_it_ranks_all_the_matches_up_to_the_cap_and_none_beyond():
    make_search_corpus()
    articles = Article.objects.all()
    ranked = search_articles(articles, parse_query("bank"), ranked=True)
    ranked = ranked.order_by("-search_rank", "-published_on", "-id")
    assert ranked_article_ids(articles, parse_query("bank"), 3) == list(ranked.values_list("id", flat=True))
    assert ranked_article_ids(articles, parse_query("bank"), 2) is None
    # with a cap of 0 the planner always expects more than twice the cap: counted first
    assert ranked_article_ids(articles, parse_query("bank"), 0) is None
    assert ranked_article_ids(articles, parse_query("zebra"), 0) == []


@postgres_only
def test_article_texts_and_vectors_are_compressed_with_lz4_where_the_server_has_it():
    with connection.cursor() as cursor:
        cursor.execute("SELECT enumvals FROM pg_settings WHERE name = 'default_toast_compression'")
        has_lz4 = "lz4" in (cursor.fetchone()[0] or [])
        cursor.execute(
            "SELECT attname, attcompression FROM pg_attribute WHERE attrelid = 'articles_article'::regclass "
            "AND attname IN ('body', 'raw_text', 'search_vector', 'title')"
        )
        methods = dict(cursor.fetchall())
    expected = "l" if has_lz4 else ""
    assert methods == {"body": expected, "raw_text": expected, "search_vector": expected, "title": ""}


@sqlite_only
def test_fts5_indexes_merge_sixteen_segments_at_a_time():
    with connection.cursor() as cursor:
        for name in ("articles_article_fts", "articles_quote_fts"):
            cursor.execute(f"SELECT v FROM {name}_config WHERE k = 'automerge'")
            assert cursor.fetchone() == (16,)
