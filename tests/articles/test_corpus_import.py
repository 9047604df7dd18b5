"""The whole BBC corpus: real files, real repeats. Skipped when ../shared/corpus is absent."""

import pytest

from articles.importing import articles_import, uploads_from_paths
from articles.models import Article

pytestmark = [pytest.mark.django_db, pytest.mark.corpus]

BBC_FILES = 2225
BBC_DISTINCT_BODIES = 2092


def source_body(raw: bytes) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")
    return text.split("\n", 1)[1].strip()


def test_it_imports_the_bbc_corpus_with_every_repeat_reported(corpus):
    batch = articles_import(uploads=uploads_from_paths([corpus]), source=str(corpus))
    assert batch.failed_count == 0, [entry for entry in batch.report if entry["status"] == "failed"][:3]
    assert batch.created_count == BBC_DISTINCT_BODIES
    assert batch.created_count + batch.duplicate_count == BBC_FILES
    assert Article.objects.count() == BBC_DISTINCT_BODIES

    latin1 = next(entry for entry in batch.report if entry["name"] == "bbc/sport/199.txt")
    assert "Windows-1252" in " ".join(latin1.get("notes", []))

    bodies = dict(Article.objects.values_list("id", "body"))
    for entry in batch.report:
        if entry["status"] == "created":
            expected = source_body((corpus.parent / entry["name"]).read_bytes())
            assert bodies[entry["article_id"]] == expected, entry["name"]
    assert not Article.objects.exclude(cleanup_log=[]).exists()

    again = articles_import(uploads=uploads_from_paths([corpus]), source=str(corpus))
    assert again.created_count == 0 and again.duplicate_count == BBC_FILES
