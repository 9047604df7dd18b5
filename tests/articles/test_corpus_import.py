"""The whole BBC corpus: real files, real repeats. Skipped when ../shared/corpus is absent."""

import pytest

from articles.cleaning import REASON_BROKEN_SENTENCE, clean_text
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

    # BBC text is clean: the only fix is the blank line the corpus leaves inside some sentences
    # (where a linked name was stripped: "Promising 60m hurdler\n\nclocked a new UK record").
    bodies = dict(Article.objects.values_list("id", "body"))
    for entry in batch.report:
        if entry["status"] == "created":
            expected = clean_text(source_body((corpus.parent / entry["name"]).read_bytes())).text
            assert bodies[entry["article_id"]] == expected, entry["name"]
    logs = Article.objects.exclude(cleanup_log=[]).values_list("cleanup_log", flat=True)
    assert {fix["reason"] for log in logs for fix in log} == {REASON_BROKEN_SENTENCE}
    assert len(logs) < 50

    again = articles_import(uploads=uploads_from_paths([corpus]), source=str(corpus))
    assert again.created_count == 0 and again.duplicate_count == BBC_FILES
