"""The editorial lists: annotations, disagreements, one disagreement, and the global search."""

import datetime

import pytest
from django.db import connection
from django.urls import reverse

from annotations.models import Annotation, Tag, Verdict
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
from tests.search_corpus import make_search_corpus

pytestmark = pytest.mark.django_db


def listed(response) -> list[Annotation]:
    return list(response.context["page"].object_list)


def test_it_needs_a_login(client):
    for url in (reverse("annotations:annotation_list"), reverse("annotations:disagreement_list"), reverse("search")):
        assert client.get(url).status_code == 302


def test_it_lists_annotations_newest_first_with_context_and_a_link_to_the_span(reader_client):
    first, second = AnnotationFactory(), AnnotationFactory(note="second thoughts")
    response = reader_client.get(reverse("annotations:annotation_list"))
    assert listed(response) == [second, first]
    content = response.content.decode()
    link = reverse("annotations:workspace", args=[second.article_id]) + f"#annotation-{second.pk}"
    assert f'href="{link}"' in content
    assert second.suffix in content and "second thoughts" in content


def test_it_searches_annotations(reader_client):
    make_search_corpus()
    response = reader_client.get(reverse("annotations:annotation_list"), {"q": "designation -russian"})
    assert [annotation.exact for annotation in listed(response)] == ["moderate opposition"]


def test_it_keeps_the_export_parameters(reader_client):
    """tag, actor, verdict, author, created_after/before, outlet, article: the export helper's contract."""
    claim, designation = Tag.objects.get(slug="claim"), Tag.objects.get(slug="designation")
    russia, someone, outlet = ActorFactory(name="Russia"), EditorFactory(), OutletFactory()
    article = ArticleFactory(outlet=outlet)
    wanted = AnnotationFactory(article=article, tag=claim, actor=russia, verdict=Verdict.FALSE, author=someone)
    AnnotationFactory(article=article, tag=designation, actor=russia, author=someone)
    AnnotationFactory(tag=claim, actor=russia, verdict=Verdict.FALSE, author=someone)
    AnnotationFactory(article=article, tag=claim, verdict=Verdict.FALSE, author=someone)
    today = datetime.date.today().isoformat()
    params = {
        "tag": [claim.pk],
        "actor": russia.pk,
        "verdict": ["false", "misleading"],
        "author": someone.pk,
        "created_after": today,
        "created_before": today,
        "outlet": outlet.pk,
        "article": article.pk,
    }
    assert listed(reader_client.get(reverse("annotations:annotation_list"), params)) == [wanted]


def test_it_shows_the_article_it_is_restricted_to(reader_client):
    annotation = AnnotationFactory()
    AnnotationFactory()
    response = reader_client.get(reverse("annotations:annotation_list"), {"article": annotation.article_id})
    assert listed(response) == [annotation]
    assert f'In the article <a href="{annotation.article.get_absolute_url()}">'.encode() in response.content


def test_it_sorts_annotations_by_article_and_position(reader_client):
    article = ArticleFactory(published_on=datetime.date(2024, 1, 1))
    later = AnnotationFactory(article=article, start=6, end=8)
    earlier = AnnotationFactory(article=article, start=0, end=5)
    response = reader_client.get(reverse("annotations:annotation_list"), {"sort": "article"})
    assert listed(response) == [earlier, later]
    assert listed(reader_client.get(reverse("annotations:annotation_list"), {"sort": "oldest"})) == [later, earlier]


@pytest.mark.parametrize(
    "params",
    [
        {"q": '"open'},
        {"q": "\x00\x01"},
        {"q": "a" * 10_000},
        {"tag": "x", "verdict": "nonsense", "article": "abc", "created_after": "yesterday"},
        {"article": "999999", "sort": "random", "page": "last"},
    ],
)
def test_it_never_shows_an_error_page_for_bad_parameters(reader_client, params):
    AnnotationFactory()
    assert reader_client.get(reverse("annotations:annotation_list"), params).status_code == 200


@pytest.mark.parametrize("params", [{}, {"q": "story"}, {"q": "story", "tag": "1", "verdict": "unverified"}])
def test_it_runs_the_same_number_of_queries_for_1_and_50_annotations(reader_client, django_assert_num_queries, params):
    actor = ActorFactory()
    AnnotationFactory(actor=actor, verdict=Verdict.UNVERIFIED)
    # session, user, count, page ids, page rows, the filter form's choices (+ the tags chosen)
    # (+ on PostgreSQL the articles whose title matches the search, read once as an id array)
    expected = 6 + ("tag" in params) + (connection.vendor == "postgresql" and "q" in params)
    with django_assert_num_queries(expected):
        assert len(listed(reader_client.get(reverse("annotations:annotation_list"), params))) == 1
    AnnotationFactory.create_batch(49, actor=actor, verdict=Verdict.UNVERIFIED)
    with django_assert_num_queries(expected):
        assert len(listed(reader_client.get(reverse("annotations:annotation_list"), params))) == 50


def _disagreement_with_two_sides(subject="Designation of the Al-Nusra Front"):
    disagreement = DisagreementFactory(subject=subject)
    us, russia = ActorFactory(name="United States"), ActorFactory(name="Russia")
    first = ArticleFactory(
        title="First report", body=f"The US calls it a moderate opposition group, officials said. {subject}"
    )
    second = ArticleFactory(
        title="Second report", body=f"Moscow has labelled the group as extremist on Thursday. {subject}"
    )
    start = first.body.index("moderate opposition")
    moderate = AnnotationFactory(article=first, start=start, end=start + len("moderate opposition"), actor=us)
    start = second.body.index("extremist")
    quote = QuoteFactory(article=second, start=start, end=start + len("extremist"), speaker=russia)
    PositionFactory(disagreement=disagreement, actor=us, stance="moderate opposition").annotations.add(moderate)
    PositionFactory(disagreement=disagreement, actor=russia, stance="extremist").quotes.add(quote)
    return disagreement


def test_it_lists_disagreements_with_sides_and_articles(reader_client):
    disagreement = _disagreement_with_two_sides()
    DisagreementFactory(subject="Release of the documents")
    response = reader_client.get(reverse("annotations:disagreement_list"))
    content = response.content.decode()
    assert [row.subject for row in response.context["page"].object_list][1] == disagreement.subject
    assert "United States</a>: moderate opposition" in content and "Russia</a>: extremist" in content
    assert "First report" in content and "Second report" in content


def test_it_searches_disagreements_by_subject_stance_and_party(reader_client):
    _disagreement_with_two_sides()
    DisagreementFactory(subject="Release of the documents")
    url = reverse("annotations:disagreement_list")
    for text in ("nusra", "extremist", "russia", '"of the al-nusra"'):
        subjects = [row.subject for row in reader_client.get(url, {"q": text}).context["page"].object_list]
        assert subjects == ["Designation of the Al-Nusra Front"], text
    subjects = [row.subject for row in reader_client.get(url, {"q": "-russia"}).context["page"].object_list]
    assert subjects == ["Release of the documents"]


def test_it_filters_disagreements_by_party_and_article(reader_client):
    disagreement = _disagreement_with_two_sides()
    DisagreementFactory()
    russia = disagreement.positions.get(actor__name="Russia").actor
    article = disagreement.positions.get(actor__name="Russia").quotes.get().article
    url = reverse("annotations:disagreement_list")
    assert list(reader_client.get(url, {"actor": russia.pk}).context["page"].object_list) == [disagreement]
    assert list(reader_client.get(url, {"article": article.pk}).context["page"].object_list) == [disagreement]


def test_it_runs_the_same_number_of_queries_for_1_and_50_disagreements(reader_client, django_assert_num_queries):
    _disagreement_with_two_sides()
    # session, user, count, page, positions, their annotations, their quotes, the form's choices (parties)
    with django_assert_num_queries(8):
        reader_client.get(reverse("annotations:disagreement_list"))
    for number in range(49):
        _disagreement_with_two_sides(f"Dispute {number}")
    with django_assert_num_queries(8):
        response = reader_client.get(reverse("annotations:disagreement_list"))
    assert len(response.context["page"].object_list) == 50


def test_it_shows_each_side_of_a_disagreement_in_context(reader_client, django_assert_num_queries):
    disagreement = _disagreement_with_two_sides()
    # session, user, disagreement, positions, annotations, quotes
    with django_assert_num_queries(6):
        response = reader_client.get(reverse("annotations:disagreement_detail", args=[disagreement.pk]))
    content = response.content.decode()
    assert content.count('class="card h-100"') == 2
    assert "…The US calls it a </span><mark" in content
    assert '>moderate opposition</mark><span class="text-body-secondary"> group, officials said.' in content
    assert "has labelled the group as </span><mark>extremist</mark>" in content


def test_it_answers_404_for_an_unknown_disagreement(reader_client):
    assert reader_client.get(reverse("annotations:disagreement_detail", args=[999])).status_code == 404


def test_it_searches_articles_and_annotations_at_once(reader_client):
    make_search_corpus()
    response = reader_client.get(reverse("search"), {"q": "designation OR ceasefire"})
    assert [article.title for article, _ in response.context["articles"]] == [
        "Syria ceasefire holds in Aleppo",
        "Peace talks resume in Geneva",
    ]
    assert {annotation.exact for annotation in response.context["annotations"]} == {
        "moderate opposition",
        "extremist",
    }
    assert response.context["article_count"] == 2 and response.context["annotation_count"] == 2
    assert b"<mark>ceasefire</mark>" in response.content


def test_it_links_from_the_global_search_to_the_full_lists(reader_client):
    make_search_corpus()
    for number in range(12):
        ArticleFactory(title=f"Bank story {number}")
    response = reader_client.get(reverse("search"), {"q": "bank"})
    assert len(response.context["articles"]) == 10 and response.context["article_count"] == 15
    assert f'href="{reverse("articles:list")}?q=bank"'.encode() in response.content


@pytest.mark.parametrize("text", ["", '"', "OR", "the", "\x00", "z" * 10_000, "-ceasefire"])
def test_it_never_fails_in_the_global_search(reader_client, text):
    make_search_corpus()
    assert reader_client.get(reverse("search"), {"q": text}).status_code == 200


def test_it_puts_every_list_and_the_global_search_in_the_navbar(reader_client):
    content = reader_client.get(reverse("search")).content.decode()
    for name in (
        "articles:list",
        "annotations:annotation_list",
        "articles:quote_list",
        "articles:speaker_index",
        "articles:actor_list",
        "annotations:disagreement_list",
    ):
        assert f'href="{reverse(name)}"' in content, name
    assert f'action="{reverse("search")}"' in content


def test_it_counts_a_long_list_only_up_to_the_cap(reader_client, monkeypatch):
    monkeypatch.setattr("annotations.filters.AnnotationFilter.count_cap", 2)
    AnnotationFactory.create_batch(4)
    response = reader_client.get(reverse("annotations:annotation_list"))
    assert b"More than 2 annotations" in response.content
    assert len(listed(response)) == 4  # the page itself is complete


def test_it_offers_an_export_of_exactly_the_listed_annotations(reader_client):
    claim = Tag.objects.get(slug="claim")
    wanted = AnnotationFactory(tag=claim, note="kept")
    AnnotationFactory(tag=Tag.objects.get(slug="designation"))
    page = reader_client.get(reverse("annotations:annotation_list"), {"tag": claim.pk, "page": 1, "sort": "oldest"})
    html = page.content.decode()
    export_url = reverse("annotations:export")
    start = html.index(f'href="{export_url}?') + len('href="')
    link = html[start : html.index('"', start)].replace("&amp;", "&")
    assert "format=csv" in link and f"tag={claim.pk}" in link and "page=" not in link
    exported = reader_client.get(link)
    assert exported.status_code == 200
    body = b"".join(exported.streaming_content).decode("utf-8-sig")
    assert f"\r\n{wanted.pk}," in body and body.count("\r\n") == 2  # the header and one row


def test_the_annotation_rows_escape_every_value(reader_client):
    body = 'He called it <img src=x onerror=alert(1)> "extremist" & left.'
    article = ArticleFactory(title="<i>Title</i>", body=body, raw_text=body)
    start = body.index("<img")
    AnnotationFactory(article=article, start=start, end=start + len("<img src=x onerror=alert(1)>"), note="<b>n</b>")
    page = reader_client.get(reverse("annotations:annotation_list")).content.decode()
    assert "<img src=x" not in page and "<i>Title</i>" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page and "&lt;i&gt;Title&lt;/i&gt;" in page
