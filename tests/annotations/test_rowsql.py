"""Rows read by key and inserted with SQL written once (annotations/rowsql.py): what the ORM would do."""

import pytest

from annotations.models import Annotation, Tag
from annotations.rowsql import by_pk, insert, insert_with_history
from articles.models import Actor, Quote
from tests.factories import ActorFactory, AnnotationFactory, ArticleFactory, QuoteFactory

pytestmark = pytest.mark.django_db

BODY = "Moscow calls them extremists."


def _fields(instance) -> dict:
    return {field.attname: getattr(instance, field.attname) for field in instance._meta.concrete_fields}


@pytest.mark.parametrize("model", [Tag, Actor, Quote, Annotation])
def test_it_reads_a_row_as_the_orm_does(model, editor):
    article = ArticleFactory(body=BODY)
    made = {
        Tag: lambda: Tag.objects.get(slug="claim"),  # has_verdict: a boolean, stored as 1 on SQLite
        Actor: lambda: ActorFactory(name="Russia"),
        Quote: lambda: QuoteFactory(article=article, start=0, end=6, text="Moscow"),
        Annotation: lambda: AnnotationFactory(article=article, author=editor, start=0, end=6, exact="Moscow"),
    }[model]()
    read = by_pk(model, made.pk)
    assert _fields(read) == _fields(model.objects.get(pk=made.pk))
    assert read._state.adding is False and read._state.db == "default"


def test_it_reads_a_boolean_as_a_boolean():
    assert by_pk(Tag, Tag.objects.get(slug="claim").pk).has_verdict is True


@pytest.mark.parametrize("pk", [0, -1, 10**6, 10**30, -(10**30)])
def test_it_finds_no_row_for_a_key_that_is_not_there_or_cannot_be(pk):
    assert by_pk(Tag, pk) is None


def test_it_inserts_a_row_with_its_key_and_its_timestamps(editor):
    article = ArticleFactory(body=BODY)
    annotation = Annotation(article=article, start=0, end=6, exact="Moscow", tag=Tag.objects.first(), author=editor)
    insert(annotation)
    assert annotation.pk and annotation._state.adding is False
    stored = Annotation.objects.get(pk=annotation.pk)
    assert stored.created_at == annotation.created_at and stored.updated_at == annotation.updated_at
    assert not stored.history.exists()  # insert alone writes no history


def test_it_leaves_the_history_to_save_when_no_user_is_named(editor):
    article = ArticleFactory(body=BODY)
    annotation = Annotation(article=article, start=0, end=6, exact="Moscow", tag=Tag.objects.first(), author=editor)
    insert_with_history(annotation)
    [record] = annotation.history.all()
    assert record.history_type == "+" and record.history_user is None


def test_it_writes_the_history_row_with_the_user_and_reason_given(editor):
    article = ArticleFactory(body=BODY)
    annotation = Annotation(article=article, start=0, end=6, exact="Moscow", tag=Tag.objects.first(), author=editor)
    annotation._history_user = editor
    annotation._change_reason = "Imported"
    insert_with_history(annotation)
    [record] = annotation.history.all()
    assert (record.history_type, record.history_user, record.history_change_reason) == ("+", editor, "Imported")
    assert record.instance.exact == "Moscow" and record.id == annotation.pk
