"""The quote review and disagreement services, called directly."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from annotations.models import Disagreement, Position
from annotations.services import UNCHANGED, Conflict, Side, SpanChange, disagreement_create, quote_review
from articles.models import Quote
from tests.factories import ActorFactory, AnnotationFactory, ArticleFactory, QuoteFactory

pytestmark = pytest.mark.django_db

BODY = '"We want to see that move forward," Toner said. Zakharova called it "extremist".'


@pytest.fixture
def quote():
    article = ArticleFactory(body=BODY)
    start = BODY.index("We want")
    return QuoteFactory(article=article, start=start, end=start + len("We want to see that move forward,"))


def test_it_confirms_a_quote_and_keeps_its_origin(quote, editor):
    quote_review(quote=quote, user=editor, version=1, status=Quote.Status.CONFIRMED)
    quote.refresh_from_db()
    assert quote.status == Quote.Status.CONFIRMED and quote.origin == Quote.Origin.EXTRACTED and quote.version == 2
    assert quote.history.latest().history_user == editor


def test_the_history_keeps_the_quote_as_extracted_before_its_first_review(quote, editor):
    Quote.history.filter(id=quote.pk).delete()  # as after a bulk import: no history row yet
    extracted_speaker, actor = quote.speaker_id, ActorFactory(name="Mark Toner")
    quote_review(quote=quote, user=editor, version=1, speaker=actor)
    quote_review(quote=quote, user=editor, version=2, status=Quote.Status.REJECTED)
    first, second, third = quote.history.order_by("history_date", "history_id")
    assert (first.history_type, first.history_user, first.speaker_id) == ("+", None, extracted_speaker)
    assert first.history_date == quote.created_at and first.status == Quote.Status.SUGGESTED
    assert "as found at import" in first.history_change_reason
    assert (second.history_user, second.speaker_id, second.status) == (editor, actor.pk, Quote.Status.CONFIRMED)
    assert third.status == Quote.Status.REJECTED


def test_it_confirms_a_quote_it_corrects(quote, editor):
    toner = ActorFactory(name="Mark Toner")
    quote_review(quote=quote, user=editor, version=1, speaker=toner, kind=Quote.Kind.CONTINUATION)
    quote.refresh_from_db()
    assert (quote.speaker, quote.kind) == (toner, Quote.Kind.CONTINUATION)
    assert quote.origin == Quote.Origin.EDITOR and quote.status == Quote.Status.CONFIRMED


def test_it_moves_a_quote_span(quote, editor):
    start = BODY.index("We want")
    text = "We want to see that move forward"
    quote_review(quote=quote, user=editor, version=1, span=SpanChange(start, start + len(text), text))
    quote.refresh_from_db()
    assert quote.text == text and quote.end == start + len(text)


def test_it_refuses_a_span_that_does_not_match(quote, editor):
    with pytest.raises(ValidationError):
        quote_review(quote=quote, user=editor, version=1, span=SpanChange(0, 5, "nope!"))
    quote.refresh_from_db()
    assert quote.version == 1


def test_it_refuses_a_stale_review(quote, editor):
    quote_review(quote=quote, user=editor, version=1, status=Quote.Status.REJECTED)
    with pytest.raises(Conflict) as refused:
        quote_review(quote=quote, user=editor, version=1, status=Quote.Status.CONFIRMED)
    assert refused.value.current.status == Quote.Status.REJECTED


def test_it_refuses_a_reader(quote, reader):
    with pytest.raises(PermissionDenied):
        quote_review(quote=quote, user=reader, version=1, status=Quote.Status.CONFIRMED)
    quote.refresh_from_db()
    assert quote.status == Quote.Status.SUGGESTED


def test_it_refuses_an_unknown_status(quote, editor):
    with pytest.raises(ValidationError):
        quote_review(quote=quote, user=editor, version=1, status="maybe")


def test_it_changes_nothing_when_nothing_is_given_but_the_version(quote, editor):
    quote_review(quote=quote, user=editor, version=1, speaker=UNCHANGED)
    quote.refresh_from_db()
    assert quote.status == Quote.Status.SUGGESTED and quote.origin == Quote.Origin.EXTRACTED


def test_it_records_a_disagreement_with_its_sides(editor):
    article = ArticleFactory(body=BODY)
    designation = AnnotationFactory(article=article, start=BODY.index("extremist"), end=BODY.index("extremist") + 9)
    quote = QuoteFactory(article=article, start=1, end=5)
    us, russia = ActorFactory(name="United States"), ActorFactory(name="Russia")
    disagreement = disagreement_create(
        subject="  Designation of the Al-Nusra Front ",
        sides=[Side(us, "moderate opposition", quotes=[quote]), Side(russia, "extremist", annotations=[designation])],
        user=editor,
    )
    assert disagreement.subject == "Designation of the Al-Nusra Front" and disagreement.created_by == editor
    stances = {
        position.actor.name: (position.stance, list(position.annotations.all()), list(position.quotes.all()))
        for position in Position.objects.all()
    }
    assert stances == {
        "United States": ("moderate opposition", [], [quote]),
        "Russia": ("extremist", [designation], []),
    }
    assert disagreement.history.count() == 1


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("one side", "at least two sides"),
        ("same actor twice", "only one side"),
        ("no stance", "stance"),
        ("no spans", "needs at least one annotation or quote"),
        ("no subject", "subject"),
    ],
)
def test_it_refuses_an_incomplete_disagreement(editor, case, message):
    annotation = AnnotationFactory()
    us, russia = ActorFactory(name="United States"), ActorFactory(name="Russia")
    sides = {
        "one side": [Side(us, "yes", annotations=[annotation])],
        "same actor twice": [Side(us, "yes", annotations=[annotation]), Side(us, "no", annotations=[annotation])],
        "no stance": [Side(us, " ", annotations=[annotation]), Side(russia, "no", annotations=[annotation])],
        "no spans": [Side(us, "yes"), Side(russia, "no", annotations=[annotation])],
        "no subject": [Side(us, "yes", annotations=[annotation]), Side(russia, "no", annotations=[annotation])],
    }[case]
    subject = "" if case == "no subject" else "A subject"
    with pytest.raises(ValidationError) as refused:
        disagreement_create(subject=subject, sides=sides, user=editor)
    assert message in " ".join(refused.value.messages)
    assert not Disagreement.objects.exists()


def test_it_refuses_a_disagreement_from_a_reader(reader):
    annotation = AnnotationFactory()
    sides = [Side(ActorFactory(), "a", annotations=[annotation]), Side(ActorFactory(), "b", annotations=[annotation])]
    with pytest.raises(PermissionDenied):
        disagreement_create(subject="S", sides=sides, user=reader)
    assert not Disagreement.objects.exists()
