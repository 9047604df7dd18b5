"""Correcting an article body re-anchors its quotes and annotations (through the service and the admin)."""

import pytest
from django.urls import reverse

from annotations.models import Annotation
from articles.corrections import anchored_span_models, article_correct_body
from articles.importing import Upload, articles_import
from articles.models import Article, Quote
from tests.factories import AnnotationFactory, ArticleFactory, QuoteFactory

pytestmark = pytest.mark.django_db

BODY = (
    'The United States has categorized the Al-Nusra Front as "moderate opposition", while Moscow '
    'has labeled the group as "extremist."\n\n"We want to see that move forward," Mark Toner said.'
)


def at(body: str, text: str) -> dict:
    start = body.index(text)
    return {"start": start, "end": start + len(text)}


@pytest.fixture
def article():
    return ArticleFactory(body=BODY)


def test_it_finds_both_span_models_through_the_app_registry():
    assert {model for model, _ in anchored_span_models()} == {Annotation, Quote}


def test_it_moves_annotations_and_quotes_after_an_insertion(article, editor):
    annotation = AnnotationFactory(article=article, **at(BODY, "extremist"))
    quote = QuoteFactory(article=article, **at(BODY, "We want to see that move forward,"))
    new_body = "Updated 16 September.\n\n" + BODY
    report = article_correct_body(article=article, body=new_body, user=editor)
    annotation.refresh_from_db()
    quote.refresh_from_db()
    assert new_body[annotation.start : annotation.end] == "extremist" and not annotation.orphaned
    assert new_body[quote.start : quote.end] == quote.text and not quote.orphaned
    assert annotation.prefix == new_body[annotation.start - 32 : annotation.start]
    assert report.moved == 2 and report.orphaned == 0


def test_the_history_of_a_quote_found_at_import_keeps_where_it_was_before_the_move(article, editor):
    quote = QuoteFactory(article=article, **at(BODY, "We want to see that move forward,"))
    Quote.history.filter(id=quote.pk).delete()  # quotes found at import are written without history rows
    article_correct_body(article=article, body="Updated.\n\n" + BODY, user=editor)
    before, after = Quote.history.filter(id=quote.pk).order_by("history_date", "history_id")
    assert (before.start, before.history_user, before.history_type) == (quote.start, None, "+")
    assert (after.start, after.history_user) == (quote.start + len("Updated.\n\n"), editor)


def test_it_flags_spans_it_cannot_place_and_keeps_them(article, editor):
    annotation = AnnotationFactory(article=article, note="keep", **at(BODY, "extremist"))
    report = article_correct_body(article=article, body=BODY.replace("extremist", "radical"), user=editor)
    annotation.refresh_from_db()
    assert annotation.orphaned and annotation.exact == "extremist" and annotation.note == "keep"
    assert report.orphaned == 1 and "extremist" in report.orphans[0]


def test_it_records_the_move_in_the_history_and_bumps_the_version(article, editor):
    annotation = AnnotationFactory(article=article, **at(BODY, "extremist"))
    article_correct_body(article=article, body="Correction. " + BODY, user=editor)
    annotation.refresh_from_db()
    latest = annotation.history.latest()
    assert annotation.version == 2
    assert latest.history_change_reason.startswith("Re-anchored") and latest.history_user == editor


def test_it_leaves_spans_whose_place_and_context_did_not_change_untouched(article, editor):
    annotation = AnnotationFactory(article=article, **at(BODY, "United States"))
    report = article_correct_body(
        article=article, body=BODY.replace("Mark Toner said.", "Mark Toner said"), user=editor
    )
    annotation.refresh_from_db()
    assert annotation.version == 1 and annotation.history.count() == 1 and report.unchanged == 1


def test_it_places_an_orphan_again_when_its_text_comes_back(article, editor):
    annotation = AnnotationFactory(article=article, **at(BODY, "extremist"))
    article_correct_body(article=article, body=BODY.replace("extremist", "radical"), user=editor)
    report = article_correct_body(article=article, body=BODY, user=editor)
    annotation.refresh_from_db()
    assert not annotation.orphaned and BODY[annotation.start : annotation.end] == "extremist"
    assert report.placed_again == 1


def test_it_stores_browser_line_ends_as_newlines(article, editor):
    article_correct_body(article=article, body=BODY.replace("\n", "\r\n") + " Fixed.", user=editor)
    article.refresh_from_db()
    assert "\r" not in article.body and article.body.endswith("Fixed.")


def test_it_keeps_the_raw_text(article, editor):
    raw = article.raw_text
    article_correct_body(article=article, body=BODY + " Fixed.", user=editor)
    article.refresh_from_db()
    assert article.raw_text == raw


def test_the_admin_corrects_the_body_and_reports_the_orphans(staff_client, seed_bytes):
    articles_import(uploads=[Upload("seed.txt", seed_bytes)], source="test")
    article = Article.objects.get()
    start = article.body.index("sterrorist")
    annotation = AnnotationFactory(article=article, start=start, end=start + len("sterrorist"))
    kept = AnnotationFactory(article=article, **at(article.body, "Maria Zakharova"))
    url = reverse("admin:articles_article_change", args=[article.pk])
    form = staff_client.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in ("title", "published_on", "url", "outlet")}
    data["published_on"] = article.published_on.isoformat()
    data.update(
        {
            "body": article.body.replace("sterrorist", "terrorist").replace("\n", "\r\n"),
            "quotes-TOTAL_FORMS": "0",
            "quotes-INITIAL_FORMS": "0",
        }
    )
    response = staff_client.post(url, data, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "1 orphaned" in page and reverse("annotations:orphans") in page
    annotation.refresh_from_db()
    kept.refresh_from_db()
    article.refresh_from_db()
    assert annotation.orphaned and "are terrorist organizations" in article.body
    assert article.body[kept.start : kept.end] == "Maria Zakharova" and not kept.orphaned


def test_the_admin_refuses_a_body_that_another_article_has(staff_client):
    first, second = ArticleFactory(), ArticleFactory()
    url = reverse("admin:articles_article_change", args=[second.pk])
    response = staff_client.post(
        url,
        {"title": second.title, "body": first.body, "quotes-TOTAL_FORMS": "0", "quotes-INITIAL_FORMS": "0"},
    )
    assert response.status_code == 200 and "already has exactly this text" in response.content.decode()
    second.refresh_from_db()
    assert second.body != first.body
