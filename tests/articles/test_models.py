import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from hypothesis import given
from hypothesis import strategies as st

from articles.models import Actor, ActorAlias, Article, Quote, name_key
from articles.spans import check_span
from tests.factories import ActorFactory, AnnotationFactory, ArticleFactory, QuoteFactory

BODY = "Moscow calls it “extremist” 😀 today."


@pytest.mark.parametrize("start, end", [(-1, 3), (3, 3), (5, 2), (0, len(BODY) + 1)])
def test_it_refuses_spans_outside_the_body_or_empty(start, end):
    with pytest.raises(ValidationError, match="outside the article text"):
        check_span(BODY, start, end)


def test_it_refuses_a_span_whose_text_does_not_match():
    with pytest.raises(ValidationError, match="does not match"):
        check_span(BODY, 0, 6, "Russia")


def test_it_counts_offsets_in_code_points():
    start = BODY.index("today")
    check_span(BODY, start, start + 5, "today")  # the emoji before counts as one


@pytest.mark.django_db
def test_it_checks_the_invariant_on_every_quote_save():
    article = ArticleFactory(body=BODY)
    with pytest.raises(ValidationError):
        Quote.objects.create(article=article, start=0, end=6, text="Russia")
    assert not Quote.objects.exists()


@pytest.mark.django_db
def test_it_checks_the_invariant_on_every_annotation_save():
    annotation = AnnotationFactory(article=ArticleFactory(body=BODY), start=0, end=6)
    annotation.end = 7
    with pytest.raises(ValidationError):
        annotation.save()
    annotation.refresh_from_db()
    assert annotation.exact == "Moscow"


@pytest.mark.django_db
def test_the_database_refuses_an_inverted_span_even_past_the_orm_check():
    quote = QuoteFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Quote.objects.filter(pk=quote.pk).update(end=0)


@pytest.mark.django_db
def test_the_database_refuses_text_of_the_wrong_length():
    quote = QuoteFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Quote.objects.filter(pk=quote.pk).update(text=quote.text + "x")


@pytest.mark.django_db
def test_the_database_refuses_two_articles_with_the_same_text():
    ArticleFactory(body="Same text.")
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(body="Same text.")


@pytest.mark.django_db
def test_the_database_refuses_two_articles_with_the_same_url_but_allows_many_without():
    ArticleFactory(url="https://a.example/1")
    ArticleFactory(url="")
    ArticleFactory(url="")
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(url="https://a.example/1")
    assert Article.objects.filter(url="").count() == 2


@pytest.mark.django_db
def test_it_keys_actor_names_and_aliases_loosely_and_uniquely():
    russia = ActorFactory(name="Russia", kind=Actor.Kind.COUNTRY)
    ActorAlias.objects.create(actor=russia, name="Moscow")
    assert name_key("  the  KREMLIN. ") == "the kremlin"
    with pytest.raises(IntegrityError), transaction.atomic():
        Actor.objects.create(name="russia")
    with pytest.raises(IntegrityError), transaction.atomic():
        ActorAlias.objects.create(actor=russia, name="MOSCOW")


@pytest.mark.django_db
def test_it_keeps_the_history_of_quotes_and_annotations():
    annotation = AnnotationFactory(note="first")
    annotation.note = "second"
    annotation.save()
    assert [record.note for record in annotation.history.all()] == ["second", "first"]


@given(st.text(max_size=40))
def test_name_key_ignores_case_spacing_and_punctuation_exactly_as_its_plain_definition(name):
    plain = " ".join("".join(ch if ch.isalnum() else " " for ch in name.casefold()).split())
    assert name_key(name) == plain
