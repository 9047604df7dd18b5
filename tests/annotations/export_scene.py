"""A small annotated corpus for the export and import tests, after the seed article (GUIDE.md §1)."""

import csv
import io
from dataclasses import dataclass

from django.core.signals import request_finished
from django.db import close_old_connections

from annotations.models import Annotation, Disagreement, Tag, Verdict
from articles.models import Actor, Article
from tests.factories import (
    ActorFactory,
    AnnotationFactory,
    ArticleFactory,
    DisagreementFactory,
    EditorFactory,
    OutletFactory,
    PositionFactory,
    QuoteFactory,
)

BODY = (
    "Ceasefire violations have occurred on both sides, State Department spokesman Mark Toner said Wednesday.\n\n"
    '"What we\'ve seen in the last 24 hours is a good, substantial reduction in violence," he said.\n\n'
    'Washington calls the group a "moderate opposition" while Moscow calls it "extremist".'
)


@dataclass
class Scene:
    article: Article
    bare_article: Article
    toner: Actor
    united_states: Actor
    russia: Actor
    claim: Annotation
    moderate: Annotation
    extremist: Annotation
    bare: Annotation
    disagreement: Disagreement


def span(article: Article, text: str) -> dict:
    start = article.body.index(text)
    return {"article": article, "start": start, "end": start + len(text)}


def make_scene() -> Scene:
    outlet = OutletFactory(name="The Moscow Times", domain="themoscowtimes.com")
    article = ArticleFactory(
        title="U.S. Says Syria Ceasefire Holding",
        url="https://themoscowtimes.com/2016/09/15/ceasefire",
        published_on="2016-09-15",
        outlet=outlet,
        body=BODY,
        raw_text=BODY,
    )
    bare_article = ArticleFactory(title="A story without a home", url="", outlet=None, published_on=None)
    toner = ActorFactory(name="Mark Toner", kind=Actor.Kind.PERSON)
    united_states = ActorFactory(name="United States", kind=Actor.Kind.COUNTRY)
    russia = ActorFactory(name="Russia", kind=Actor.Kind.COUNTRY)
    editor = EditorFactory(username="nadia")
    quote = QuoteFactory(
        **span(article, "What we've seen in the last 24 hours is a good, substantial reduction in violence,"),
        speaker=toner,
        role="State Department spokesman",
    )
    claim = AnnotationFactory(
        **span(article, "Ceasefire violations have occurred on both sides"),
        actor=toner,
        verdict=Verdict.MISLEADING,
        note="Both sides? The monitors counted 3 to 1.",
        quote=quote,
        author=editor,
    )
    designation = Tag.objects.get(slug="designation")
    moderate = AnnotationFactory(
        **span(article, "moderate opposition"), tag=designation, actor=united_states, author=editor
    )
    extremist = AnnotationFactory(**span(article, "extremist"), tag=designation, actor=russia, author=editor)
    bare = AnnotationFactory(article=bare_article, tag=Tag.objects.get(slug="quote"), author=editor)
    disagreement = DisagreementFactory(subject="Designation of the Al-Nusra Front", created_by=editor)
    PositionFactory(disagreement=disagreement, actor=united_states, stance="moderate opposition").annotations.add(
        moderate
    )
    PositionFactory(disagreement=disagreement, actor=russia, stance="extremist").annotations.add(extremist)
    return Scene(article, bare_article, toner, united_states, russia, claim, moderate, extremist, bare, disagreement)


def content(response) -> str:
    assert response.streaming, "exports stream"
    return b"".join(response.streaming_content).decode("utf-8")


def parse_csv(text: str) -> list[dict[str, str]]:
    """Rows as dicts; the byte order mark is checked and removed."""
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:], newline="")))


def hang_up(response) -> None:
    """Close a response part-read, as a server does when the client goes away.

    Closing fires request_finished, which closes the database connection; keep it open (it holds the
    test's transaction) as the test client does. Use with a response from the view itself: the test
    client wraps streams in its own closing.
    """
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)
