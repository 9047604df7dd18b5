"""Storing extracted quotes: import, re-extraction, actors, the commands and the admin action."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles import import_work, quote_sync
from articles.importing import Upload, articles_import
from articles.models import Actor, Article, Quote
from articles.parsing import body_hash, parse_text_document
from articles.quote_sync import _refresh_batch, actors_for, quotes_refresh, quotes_refresh_many
from articles.quotes import extract_quotes
from tests.conftest import SEED_PATH
from tests.factories import (
    ActorAliasFactory,
    ActorFactory,
    AnnotationFactory,
    ArticleFactory,
    PositionFactory,
    QuoteFactory,
)

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]

BODY = (
    'Harbour master Jane Porter spoke on Monday. "The harbour will reopen in May," she said. '
    '"The ferries will follow." Critics called the plan "reckless".'
)


def import_seed() -> Article:
    articles_import(uploads=[Upload("seed.txt", SEED_PATH.read_bytes())], source="test")
    return Article.objects.get()


def test_it_stores_the_seed_quotes_on_import():
    article = import_seed()
    speech = article.quotes.speech().exclude(kind=Quote.Kind.INDIRECT).select_related("speaker")
    assert [(q.kind, q.speaker.name) for q in speech] == [
        ("direct", "Mark Toner"),
        ("continuation", "Mark Toner"),
        ("partial", "Mark Toner"),
        ("direct", "Maria Zakharova"),
        ("continuation", "Maria Zakharova"),
        ("direct", "Mark Toner"),
    ]
    assert all(q.origin == "extracted" and q.status == "suggested" for q in article.quotes.all())
    for quote in article.quotes.all():
        assert article.body[quote.start : quote.end] == quote.text


def test_it_creates_each_speaker_once_across_imports(tmp_path):
    import_seed()
    other = b'Second article\n\nSomething else.\n\n"We will see," Mark Toner said.'
    articles_import(uploads=[Upload("other.txt", other), Upload("seed.txt", SEED_PATH.read_bytes())], source="t")
    assert Actor.objects.filter(name="Mark Toner").count() == 1
    assert Article.objects.count() == 2
    assert Quote.objects.filter(speaker__name="Mark Toner").count() > 4


def test_it_matches_speakers_by_alias_and_case():
    russia = ActorFactory(name="Russia", kind="country")
    ActorAliasFactory(actor=russia, name="Moscow")
    toner = ActorFactory(name="Mark Toner", kind="person")
    ids = actors_for([("moscow", "country"), ("MARK TONER", "person"), ("Jane Porter", "person")])
    assert ids["moscow"] == russia.pk and ids["mark toner"] == toner.pk
    assert Actor.objects.get(name="Jane Porter").kind == "person"


def test_names_said_together_become_one_group_actor():
    article = ArticleFactory(body='"The trial went well," Jane Porter and Tom Reed said in a statement.')
    quotes_refresh(article=article)
    assert [(q.speaker.name, q.speaker.kind) for q in Quote.objects.filter(article=article)] == [
        ("Jane Porter and Tom Reed", "group")
    ]


def test_it_refreshes_suggestions_and_keeps_editors_work():
    article = ArticleFactory(body=BODY)
    quotes_refresh(article=article)
    first = list(article.quotes.values_list("start", "end", "kind"))
    reopen = article.quotes.get(text__startswith="The harbour")
    reopen.status = Quote.Status.CONFIRMED
    reopen.save()
    follow = article.quotes.get(text__startswith="The ferries")
    follow.status = Quote.Status.REJECTED
    follow.save()
    start = BODY.index("Critics")
    edited = QuoteFactory(article=article, start=start, end=start + 7, origin="editor", kind="direct")
    stale = QuoteFactory(article=article, start=0, end=7, cue="")

    result = quotes_refresh(article=article)

    assert result.kept == 3
    assert not Quote.objects.filter(pk=stale.pk).exists()
    assert set(article.quotes.values_list("pk", flat=True)) >= {reopen.pk, follow.pk, edited.pk}
    reopen.refresh_from_db()
    assert reopen.status == "confirmed"
    spans = list(article.quotes.values_list("start", "end"))
    assert len(spans) == len(set(spans)) == len(first) + 1  # the suggestions again, plus the editor's quote


def test_it_keeps_suggestions_an_editor_has_linked_to_a_disagreement_or_an_annotation():
    """A suggestion used in a disagreement's position or linked from an annotation is editors'
    work even if nobody confirmed it: re-extraction must not drop it (nor the link)."""
    article = ArticleFactory(body=BODY)
    quotes_refresh(article=article)
    reopen = article.quotes.get(text__startswith="The harbour")
    follow = article.quotes.get(text__startswith="The ferries")
    position = PositionFactory(actor=ActorFactory(name="Jane Porter"))
    position.quotes.add(reopen)
    note = AnnotationFactory(article=article, start=follow.start, end=follow.end, quote=follow)

    result = quotes_refresh(article=article)

    assert result.kept == 2
    assert list(position.quotes.all()) == [reopen]
    note.refresh_from_db()
    assert note.quote_id == follow.pk
    spans = list(article.quotes.values_list("start", "end"))
    assert len(spans) == len(set(spans)) == 3


def test_it_refreshes_many_articles_in_worker_processes_as_one_by_one():
    count = quote_sync.PARALLEL_MIN + 20  # enough to go to the worker pool
    articles = [ArticleFactory(body=BODY.replace("Jane Porter", f"Jane Porter{n}")) for n in range(count)]
    confirmed = QuoteFactory(article=articles[7], start=0, end=7, status="confirmed")
    history = Quote.history.count()

    result = quotes_refresh_many([a.pk for a in articles], workers=2)

    assert (result.articles, result.failed, result.kept) == (count, 0, 1)
    assert result.created == 3 * count and result.replaced == 0
    for article in articles:
        expected = [(q.start, q.end, q.kind, q.speaker) for q in extract_quotes(article.body)]
        stored = article.quotes.exclude(pk=confirmed.pk).order_by("start")
        assert [(q.start, q.end, q.kind, q.speaker.name if q.speaker else None) for q in stored] == expected
    again = quotes_refresh_many([a.pk for a in articles], workers=2)
    assert (again.created, again.replaced, again.kept) == (3 * count, 3 * count, 1)
    assert Quote.history.count() == history  # untouched suggestions come and go without history rows


def test_a_body_corrected_after_it_was_read_is_extracted_again_under_the_lock():
    article = ArticleFactory(body=BODY)
    stale = extract_quotes('Old text. "Nothing here," said Tom Reed.')
    result = _refresh_batch([(article.pk, body_hash("Old text."), stale)])
    assert result.created == 3
    assert sorted(article.quotes.values_list("text", flat=True)) == sorted(q.text for q in extract_quotes(BODY))


def test_an_extractor_fault_on_one_article_leaves_its_quotes_and_refreshes_the_others(monkeypatch):
    broken, fine = ArticleFactory(body=BODY + " Broken."), ArticleFactory(body=BODY)
    kept = QuoteFactory(article=broken, start=0, end=7)
    real = import_work.extract_quotes

    def extract(body):
        if body.endswith("Broken."):
            raise ValueError("boom")
        return real(body)

    monkeypatch.setattr(import_work, "extract_quotes", extract)
    result = quotes_refresh_many([broken.pk, fine.pk], workers=1)
    assert (result.articles, result.failed, result.created) == (1, 1, 3)
    assert list(broken.quotes.values_list("pk", flat=True)) == [kept.pk]
    assert fine.quotes.count() == 3


def test_a_batch_refused_at_commit_is_done_again(monkeypatch):
    """PostgreSQL refuses to delete a suggestion an editor linked meanwhile: the batch is rolled
    back and done once more (simulated: the first delete fails)."""
    from django.db import IntegrityError

    from articles import quote_sync

    article = ArticleFactory(body=BODY)
    quotes_refresh(article=article)
    real, calls = quote_sync.delete_ids, []

    def refuse_once(model, ids):
        calls.append(ids)
        if len(calls) == 1:
            raise IntegrityError("a position links one of these quotes")
        return real(model, ids)

    monkeypatch.setattr(quote_sync, "delete_ids", refuse_once)
    result = quotes_refresh(article=article)
    assert len(calls) == 2 and (result.created, result.replaced) == (3, 3)
    assert article.quotes.count() == 3


def test_it_gives_the_same_suggestions_when_run_twice():
    article = ArticleFactory(body=BODY)
    quotes_refresh(article=article)
    before = list(article.quotes.values_list("start", "end", "kind", "speaker__name"))
    quotes_refresh(article=article)
    assert list(article.quotes.values_list("start", "end", "kind", "speaker__name")) == before
    assert Actor.objects.filter(name="Jane Porter").count() == 1


def test_it_re_extracts_with_the_command():
    article = ArticleFactory(body=BODY)
    out = io.StringIO()
    call_command("extract_quotes", "--all", stdout=out, stderr=io.StringIO())
    assert "1 articles: 3 suggestions stored" in out.getvalue()
    call_command("extract_quotes", "--article", str(article.pk), stdout=out, stderr=io.StringIO())
    assert article.quotes.count() == 3


def test_it_refuses_an_unknown_article_id():
    with pytest.raises(Exception, match="No article with id 999"):
        call_command("extract_quotes", "--article", "999", stdout=io.StringIO())


def test_it_prints_the_stdin_json_contract_for_the_seed_body(tmp_path):
    body = parse_text_document(SEED_PATH.read_text(encoding="utf-8")).body
    no_database = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path}/missing/db.sqlite3"}
    done = subprocess.run(
        [sys.executable, "manage.py", "extract_quotes", "--stdin", "--json"],
        input=body.encode("utf-8"),
        capture_output=True,
        cwd=ROOT,
        env=no_database,  # the contract needs no database at all
        check=True,
    )
    rows = [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]
    assert all(set(row) == {"start", "end", "text", "speaker", "kind", "cue"} for row in rows)
    assert all(body[row["start"] : row["end"]] == row["text"] for row in rows)
    direct = [row for row in rows if row["kind"] == "direct"]
    assert direct[0]["speaker"] == "Mark Toner" and direct[0]["cue"] == "said"
    assert [row["text"] for row in rows if row["kind"] == "designation"] == [
        "terrorist",
        "moderate opposition",
        "extremist.",
    ]


def test_it_keeps_stdin_offsets_on_crlf_input():
    body = 'First line.\r\n"Yes," Jane Porter said.'
    done = subprocess.run(
        [sys.executable, "manage.py", "extract_quotes", "--stdin", "--json"],
        input=body.encode("utf-8"),
        capture_output=True,
        cwd=ROOT,
        check=True,
    )
    [row] = [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]
    assert body[row["start"] : row["end"]] == "Yes,"


def test_it_says_so_when_the_corpus_is_absent(tmp_path):
    out = io.StringIO()
    call_command("evaluate_quotes", "--corpus", str(tmp_path / "nowhere"), stdout=out)
    assert "The BBC corpus is not at" in out.getvalue()


@pytest.mark.corpus
def test_it_evaluates_on_the_corpus(corpus):
    out = io.StringIO()
    call_command("evaluate_quotes", "--corpus", str(corpus), stdout=out)
    assert "Articles: blind 30, dev 52, fresh 30, heldout 28, unseen 30" in out.getvalue()


def test_it_re_extracts_from_the_admin_action(staff_client):
    article = ArticleFactory(body=BODY)
    response = staff_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "reextract_quotes", "_selected_action": [article.pk]},
        follow=True,
    )
    assert "Re-extracted quotes of 1 article(s): 3 suggestions" in response.content.decode()
    assert article.quotes.count() == 3


def test_it_filters_quotes_by_speaker_in_the_admin(staff_client):
    article = ArticleFactory(body=BODY)
    quotes_refresh(article=article)
    porter = Actor.objects.get(name="Jane Porter")
    url = reverse("admin:articles_quote_changelist")
    response = staff_client.get(url, {"speaker__id__exact": porter.pk, "kind": "direct", "status": "suggested"})
    assert response.status_code == 200
    assert "The harbour will reopen" in response.content.decode()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_creates_an_actor_once_when_imports_race():
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("needs a database that serves concurrent connections (PostgreSQL)")

    def store(_):
        try:
            return actors_for([("Jane Porter", "person"), ("Harbour Authority", "organisation")])
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(store, range(8)))
    assert Actor.objects.filter(name="Jane Porter").count() == 1
    assert len({tuple(sorted(r.items())) for r in results}) == 1
