import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Article, ImportBatch
from tests.factories import ArticleFactory, ImportBatchFactory, QuoteFactory

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("admin:articles_article_import")


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def test_it_shows_an_import_button_on_the_article_list(staff_client):
    response = staff_client.get(reverse("admin:articles_article_changelist"))
    assert IMPORT_URL in response.content.decode()


def test_it_imports_many_files_and_shows_the_batch_report(staff_client, seed_bytes):
    response = staff_client.post(
        IMPORT_URL,
        {"files": [upload("seed.txt", seed_bytes), upload("empty.txt", b""), upload("b.txt", b"B\n\nBody.")]},
        follow=True,
    )
    batch = ImportBatch.objects.get()
    assert response.redirect_chain[-1][0] == reverse("admin:articles_importbatch_change", args=[batch.pk])
    assert (batch.created_count, batch.failed_count) == (2, 1)
    page = response.content.decode()
    assert "2 created, 0 duplicate, 1 failed" in page
    assert "The file is empty" in page and "seed.txt" in page
    assert batch.created_by.username == "staff"


def test_it_asks_for_at_least_one_file(staff_client):
    response = staff_client.post(IMPORT_URL, {})
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert not ImportBatch.objects.exists()


@pytest.mark.parametrize("who", ["reader_client", "editor_client", "chief_client"])
def test_it_refuses_the_import_to_non_staff_users(who, request, seed_bytes):
    client = request.getfixturevalue(who)
    response = client.post(IMPORT_URL, {"files": [upload("seed.txt", seed_bytes)]})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert not Article.objects.exists()


def test_it_refuses_the_import_to_staff_without_the_add_permission(seed_bytes, django_user_model):
    from django.test import Client

    user = django_user_model.objects.create_user("limited", password="x", is_staff=True)
    client = Client()
    client.force_login(user)
    assert client.post(IMPORT_URL, {"files": [upload("seed.txt", seed_bytes)]}).status_code == 403
    assert not Article.objects.exists()


def test_it_shows_raw_text_cleanup_log_and_quotes_on_the_article(staff_client):
    article = ArticleFactory(
        raw_text="Raw <b>text</b>",
        cleanup_log=[{"start": 0, "end": 1, "before": "■", "after": " ", "reason": "OCR debris removed"}],
    )
    QuoteFactory(article=article)
    page = staff_client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert "Raw &lt;b&gt;text&lt;/b&gt;" in page
    assert "OCR debris removed" in page
    assert "quotes-TOTAL_FORMS" in page


@pytest.mark.parametrize(
    "model",
    ["article", "outlet", "importbatch", "actor", "quote"],
)
def test_it_lists_and_searches_every_articles_model(staff_client, model):
    ArticleFactory()
    response = staff_client.get(reverse(f"admin:articles_{model}_changelist"), {"q": "a"})
    assert response.status_code == 200


@pytest.mark.parametrize("model", ["tag", "annotation", "disagreement"])
def test_it_lists_and_searches_every_annotations_model(staff_client, model):
    response = staff_client.get(reverse(f"admin:annotations_{model}_changelist"), {"q": "a"})
    assert response.status_code == 200


def test_the_article_list_counts_quotes_without_loading_texts_or_batch_reports(staff_client):
    """An import batch's report lists every item (megabytes for a large import): the list must not
    carry it, nor the bodies, into its query (grouping 2,093 such rows took 9 s)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    batch = ImportBatchFactory(
        source="big.zip", report=[{"name": f"{n}.txt", "status": "created"} for n in range(3000)]
    )
    busy, quiet = ArticleFactory(import_batch=batch), ArticleFactory(import_batch=batch)
    for start in (0, 10, 20):
        QuoteFactory(article=busy, start=start, end=start + 4)
    url = reverse("admin:articles_article_changelist")
    with CaptureQueriesContext(connection) as queries:
        page = staff_client.get(url, {"o": "-4"}).content.decode()  # sorted by quote count, most first
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert '"report"' not in sql and '"body"' not in sql and '"raw_text"' not in sql
    assert page.index(busy.title) < page.index(quiet.title)
    assert '<td class="field-quote_count">3</td>' in page and '<td class="field-quote_count">0</td>' in page
