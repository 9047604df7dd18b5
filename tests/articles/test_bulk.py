"""The import's fast writes (articles/bulk.py): what they store must equal what save() stores."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from articles.bulk import ids_by, insert_many
from articles.models import Actor, ActorAlias, Article, Quote
from articles.parsing import body_hash
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def article_row(n: int, **extra) -> dict:
    body = f"Body number {n}."
    return {"title": f"T{n}", "body": body, "raw_text": body, "content_hash": body_hash(body), **extra}


def test_insert_many_prepares_dates_and_json_and_fills_defaults_and_timestamps():
    log = [{"reason": "x", "at": 3}]
    rows = [
        article_row(1, published_on=datetime.date(2016, 9, 22), cleanup_log=log),
        article_row(2, published_on=None, cleanup_log=[]),
    ]
    insert_many(Article, rows)  # url, outlet, import batch and timestamps absent: defaults
    first, second = Article.objects.order_by("title")
    assert first.published_on == datetime.date(2016, 9, 22) and first.cleanup_log == log
    assert second.published_on is None and second.cleanup_log == [] and second.url == ""
    assert first.created_at is not None and first.created_at == first.updated_at
    assert first.outlet_id is None and first.import_batch_id is None


def test_insert_many_checks_every_span_against_its_article():
    article = ArticleFactory(body="Moscow calls it extremist.")
    good = {"article_id": article.pk, "start": 16, "end": 25, "text": "extremist"}
    insert_many(Quote, [good], bodies={article.pk: article.body})
    assert Quote.objects.get().text == "extremist" and Quote.objects.get().status == Quote.Status.SUGGESTED
    with pytest.raises(ValidationError):
        insert_many(Quote, [{**good, "text": "moderate"}], bodies={article.pk: article.body})
    assert Quote.objects.count() == 1


def test_insert_many_can_skip_rows_a_unique_constraint_refuses():
    Actor.objects.create(name="Mark Toner")
    rows = [
        {"name": "MARK TONER", "name_key": "mark toner"},
        {"name": "Maria Zakharova", "name_key": "maria zakharova"},
    ]
    insert_many(Actor, rows, ignore_conflicts=True)
    assert sorted(Actor.objects.values_list("name", flat=True)) == ["Maria Zakharova", "Mark Toner"]
    assert Actor.objects.get(name_key="maria zakharova").description == ""


def test_ids_by_finds_values_across_its_batches_and_can_return_another_column():
    insert_many(Article, [article_row(n) for n in range(1203)])
    hashes = [body_hash(f"Body number {n}.") for n in range(1203)]
    found = ids_by(Article, "content_hash", [*hashes, "not-there"])
    assert len(found) == 1203 and found == dict(Article.objects.values_list("content_hash", "id"))
    actor = Actor.objects.create(name="Russia")
    ActorAlias.objects.create(actor=actor, name="Moscow")
    assert ids_by(ActorAlias, "key", ["moscow", "kremlin"], column="actor_id") == {"moscow": actor.pk}
    assert ids_by(Actor, "name_key", []) == {}
