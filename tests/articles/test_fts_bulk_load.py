"""The import fills SQLite's full-text indexes per chunk instead of per row (articles.search_index.fts_bulk_load)."""

import pytest
from django.db import connection

from articles.importing import Upload, articles_import
from articles.models import Article, Quote
from articles.search import ARTICLE_FTS, QUOTE_FTS, parse_query, search_articles
from articles.search_index import fts_bulk_load
from tests.factories import ArticleFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="FTS5 is SQLite's"),
]


def triggers() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        return {name for (name,) in cursor.fetchall()}


def test_it_indexes_imported_articles_and_quotes_and_keeps_the_triggers():
    before = triggers()
    body = '"The ceasefire holds," Maria Lopez, the mayor, said.\n\nMore about the harbour.'
    articles_import(uploads=[Upload("a.txt", f"Harbour news\n\n{body}".encode())], source="test")
    assert triggers() == before
    with connection.cursor() as cursor:
        for index in (ARTICLE_FTS, QUOTE_FTS):
            index.integrity_check(cursor)
    assert [a.title for a in search_articles(Article.objects.all(), parse_query("harbour"))] == ["Harbour news"]
    assert Quote.objects.filter(text__contains="ceasefire holds").exists()
    # Rows written later, one at a time, still go through the trigger.
    ArticleFactory(title="Later harbour story", body="A harbour again.")
    assert search_articles(Article.objects.all(), parse_query("harbour")).count() == 2


def test_it_restores_the_trigger_when_the_load_fails():
    before = triggers()
    with pytest.raises(RuntimeError), fts_bulk_load([ARTICLE_FTS]):
        assert f"{ARTICLE_FTS.name}_insert" not in triggers()
        raise RuntimeError("a failing chunk")
    assert triggers() == before
