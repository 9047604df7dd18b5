"""The corpus lists: articles, quotes, the speaker index, actors (through the test client)."""

import datetime

import pytest
from django.db import connection
from django.urls import reverse

from annotations.models import Tag
from articles.models import Article, Quote
from articles.spans import context_of
from tests.factories import (
    ActorAliasFactory,
    ActorFactory,
    AnnotationFactory,
    ArticleFactory,
    DisagreementFactory,
    EditorFactory,
    OutletFactory,
    PositionFactory,
    QuoteFactory,
)
from tests.search_corpus import ARTICLES, QUERIES, make_search_corpus

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    return [article.title for article, _counts, _snippet in response.context["rows"]]


def test_it_needs_a_login(client):
    for name in ("articles:list", "articles:quote_list", "articles:speaker_index", "articles:actor_list"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_it_lists_articles_newest_first_with_their_counts(reader_client):
    older = ArticleFactory(published_on=datetime.date(2020, 1, 1))
    newer = ArticleFactory(published_on=datetime.date(2021, 1, 1))
    AnnotationFactory.create_batch(2, article=older)
    quote = QuoteFactory(article=older)
    QuoteFactory(article=older, status=Quote.Status.REJECTED, start=6, end=8)
    position = PositionFactory()
    position.quotes.add(quote)
    response = reader_client.get(reverse("articles:list"))
    assert titles(response) == [newer.title, older.title]
    counts = {article.pk: counts for article, counts, _ in response.context["rows"]}
    assert (counts[older.pk].annotation_count, counts[older.pk].quote_count) == (2, 1)
    assert counts[older.pk].disagreement_count == 1
    assert counts[newer.pk].annotation_count == 0


def test_it_counts_each_disagreement_an_article_is_cited_in_once(reader_client):
    article = ArticleFactory()
    annotation, quote = AnnotationFactory(article=article), QuoteFactory(article=article)
    both = DisagreementFactory()
    PositionFactory(disagreement=both).annotations.add(annotation)
    PositionFactory(disagreement=both).quotes.add(quote)
    PositionFactory().annotations.add(annotation)  # a second disagreement
    PositionFactory().annotations.add(AnnotationFactory())  # another article's
    response = reader_client.get(reverse("articles:list"))
    counts = {article.pk: counts for article, counts, _ in response.context["rows"]}
    assert counts[article.pk].disagreement_count == 2


def test_it_searches_articles_by_relevance_with_a_highlighted_snippet(reader_client):
    make_search_corpus()
    response = reader_client.get(reverse("articles:list"), {"q": "ceasefire"})
    assert titles(response) == ["Syria ceasefire holds in Aleppo", "Peace talks resume in Geneva"]
    snippet = response.context["rows"][1][2]
    assert "<mark>ceasefire</mark>" in snippet
    assert b"<mark>ceasefire</mark>" in response.content


def test_it_sorts_search_results_by_date_when_asked(reader_client):
    make_search_corpus()
    response = reader_client.get(reverse("articles:list"), {"q": "ceasefire", "sort": "oldest"})
    assert titles(response) == ["Syria ceasefire holds in Aleppo", "Peace talks resume in Geneva"]
    response = reader_client.get(reverse("articles:list"), {"q": "ceasefire", "sort": "newest"})
    assert titles(response) == ["Peace talks resume in Geneva", "Syria ceasefire holds in Aleppo"]


@pytest.mark.parametrize("sort", ["newest", "oldest", "relevance"])
def test_it_lists_and_counts_the_same_hits_in_every_order(reader_client, sort):
    make_search_corpus()
    keys = {title: key for key, (title, _body) in ARTICLES.items()}
    order = list(ARTICLES)  # published a day apart, in this order
    for text, expected in QUERIES.items():
        response = reader_client.get(reverse("articles:list"), {"q": text, "sort": sort})
        found = [keys[title] for title in titles(response)]
        assert set(found) == expected, text
        assert response.context["page"].paginator.count == len(expected), text
        if sort != "relevance":
            dated = sorted(found, key=order.index, reverse=sort == "newest")
            assert found == dated, text


def test_it_pages_through_a_ranked_search_in_the_order_of_its_queryset(reader_client):
    for number in range(55):
        ArticleFactory(title=f"Story {number}", body="ceasefire " * (1 + number % 7) + f"talks {number}.")
    url = reverse("articles:list")
    first, second = reader_client.get(url, {"q": "ceasefire"}), reader_client.get(url, {"q": "ceasefire", "page": 2})
    expected = [article.title for article in first.context["filter"].qs]
    assert len(expected) == 55 and first.context["page"].paginator.count == 55
    assert titles(first) + titles(second) == expected


def test_it_counts_a_search_narrowed_by_other_filters(reader_client, monkeypatch):
    monkeypatch.setattr("articles.filters.BROAD_SEARCH", 2)
    articles = make_search_corpus()
    other = OutletFactory(name="Other")
    Article.objects.filter(pk=articles["scam"].pk).update(outlet=other)
    response = reader_client.get(reverse("articles:list"), {"q": "bank"})
    assert response.context["filter"].broad  # three articles, counted up to 2 + 1
    response = reader_client.get(reverse("articles:list"), {"q": "bank", "outlet": other.pk})
    assert titles(response) == ["New e-mail scam targets banks"]
    assert not response.context["filter"].broad and response.context["page"].paginator.count == 1
    response = reader_client.get(reverse("articles:list"), {"q": "bank -holiday"})
    assert response.context["page"].paginator.count == 2


def test_it_sorts_by_number_of_annotations(reader_client):
    quiet, busy = ArticleFactory(), ArticleFactory()
    AnnotationFactory.create_batch(3, article=busy)
    AnnotationFactory(article=quiet)
    response = reader_client.get(reverse("articles:list"), {"sort": "annotations"})
    assert titles(response) == [busy.title, quiet.title]


def test_it_filters_articles_by_outlet_and_date(reader_client):
    mine = OutletFactory(name="Mine")
    kept = ArticleFactory(outlet=mine, published_on=datetime.date(2016, 9, 15))
    ArticleFactory(outlet=mine, published_on=datetime.date(2015, 1, 1))
    ArticleFactory(published_on=datetime.date(2016, 9, 15))
    params = {"outlet": mine.pk, "published_after": "2016-01-01", "published_before": "2016-12-31"}
    assert titles(reader_client.get(reverse("articles:list"), params)) == [kept.title]


def test_it_filters_articles_by_tag_actor_and_annotator(reader_client):
    designation = Tag.objects.get(slug="designation")
    russia = ActorFactory(name="Russia")
    someone = EditorFactory()
    tagged = AnnotationFactory(tag=designation).article
    spoken = QuoteFactory(speaker=russia).article
    claimed = AnnotationFactory(actor=russia, author=someone).article
    ArticleFactory()
    assert titles(reader_client.get(reverse("articles:list"), {"tag": designation.pk})) == [tagged.title]
    found = titles(reader_client.get(reverse("articles:list"), {"actor": russia.pk}))
    assert sorted(found) == sorted([spoken.title, claimed.title])
    assert titles(reader_client.get(reverse("articles:list"), {"annotated_by": someone.pk})) == [claimed.title]


def test_it_filters_articles_by_annotations_and_disagreements(reader_client):
    plain = ArticleFactory()
    annotated = AnnotationFactory().article
    disputed = AnnotationFactory()
    PositionFactory().annotations.add(disputed)
    url = reverse("articles:list")
    assert titles(reader_client.get(url, {"annotations": "none"})) == [plain.title]
    assert sorted(titles(reader_client.get(url, {"annotations": "some"}))) == sorted(
        [annotated.title, disputed.article.title]
    )
    assert titles(reader_client.get(url, {"disagreements": "yes"})) == [disputed.article.title]
    assert disputed.article.title not in titles(reader_client.get(url, {"disagreements": "no"}))


def test_it_keeps_the_filters_in_the_page_links(reader_client, settings):
    outlet = OutletFactory()
    ArticleFactory.create_batch(51, outlet=outlet)
    response = reader_client.get(reverse("articles:list"), {"outlet": outlet.pk, "sort": "oldest"})
    assert response.context["page"].paginator.num_pages == 2
    assert f'href="?outlet={outlet.pk}&amp;sort=oldest&amp;page=2"'.encode() in response.content
    second = reader_client.get(reverse("articles:list"), {"outlet": outlet.pk, "sort": "oldest", "page": 2})
    assert len(second.context["rows"]) == 1


def test_it_renders_the_filter_form_with_its_state(reader_client):
    response = reader_client.get(reverse("articles:list"), {"q": "ceasefire", "sort": "oldest"})
    content = response.content.decode()
    assert 'method="get"' in content and 'name="q"' in content and 'value="ceasefire"' in content
    assert '<option value="oldest" selected>' in content


@pytest.mark.parametrize(
    "params",
    [
        {"q": '"unbalanced'},
        {"q": "ceasefire\x00"},
        {"q": "x" * 10_000},
        {"q": "'; DROP TABLE articles_article; --"},
        {"q": "NEAR(a b) OR OR"},
        {"sort": "nonsense", "outlet": "abc", "published_after": "not a date", "page": "-3"},
        {"tag": "999999", "actor": "0", "annotations": "maybe"},
    ],
)
def test_it_never_shows_an_error_page_for_bad_parameters(reader_client, params):
    make_search_corpus()
    response = reader_client.get(reverse("articles:list"), params)
    assert response.status_code == 200


def test_it_says_when_a_search_was_read_as_plain_words(reader_client):
    make_search_corpus()
    response = reader_client.get(reverse("articles:list"), {"q": '"moderate opposition'})
    assert b"An unmatched quotation mark was ignored." in response.content
    assert titles(response) == ["Syria ceasefire holds in Aleppo"]


def _article_with_everything(number: int) -> Article:
    article = ArticleFactory()
    AnnotationFactory(article=article)
    PositionFactory().quotes.add(QuoteFactory(article=article))
    return article


@pytest.mark.parametrize(
    "params", [{}, {"q": "minister"}, {"q": "minister -zebra", "sort": "annotations", "annotations": "some"}]
)
def test_it_runs_the_same_number_of_queries_for_1_and_50_articles(reader_client, django_assert_num_queries, params):
    expected = article_list_queries(params)
    _article_with_everything(0)
    with django_assert_num_queries(expected):
        assert len(reader_client.get(reverse("articles:list"), params).context["rows"]) == 1
    for number in range(49):
        _article_with_everything(number + 1)
    with django_assert_num_queries(expected):
        assert len(reader_client.get(reverse("articles:list"), params).context["rows"]) == 50


def article_list_queries(params) -> int:
    """session, user, count, page ids, page rows with their counts, the filter form's choices
    (+ snippets when searching). On PostgreSQL a ranked search is counted and ranked at once, in
    a savepoint (the test's transaction is open) with a planner setting: savepoint, set, the
    planner's estimate, ranked ids, reset, release instead of count and page ids."""
    searching = bool(params.get("q"))
    ranked_at_once = searching and connection.vendor == "postgresql" and params.get("sort", "relevance") == "relevance"
    return 6 + searching + 4 * ranked_at_once


def test_it_lists_quotes_in_context_and_filters_them(reader_client):
    make_search_corpus()
    state = ActorFactory(name="State Department")
    response = reader_client.get(reverse("articles:quote_list"), {"speaker": state.pk})
    quotes = list(response.context["page"].object_list)
    assert [quote.text for quote in quotes] == ["moderate opposition"]
    body = Article.objects.get(pk=quotes[0].article_id).body
    assert (quotes[0].prefix, quotes[0].suffix) == context_of(body, quotes[0].start, quotes[0].end)
    assert quotes[0].prefix.endswith('the Al-Nusra Front as "')
    response = reader_client.get(reverse("articles:quote_list"), {"q": "extremist OR opposition", "kind": "direct"})
    assert len(response.context["page"].object_list) == 2
    response = reader_client.get(reverse("articles:quote_list"), {"status": "confirmed"})
    assert len(response.context["page"].object_list) == 0


def test_it_cuts_quote_context_as_python_does_at_both_ends_of_the_text(reader_client):
    article = ArticleFactory(body="Ünïcode “quotes” — at the start and at the very end")
    QuoteFactory(article=article, start=0, end=7)
    QuoteFactory(article=article, start=len(article.body) - 3, end=len(article.body))
    for quote in reader_client.get(reverse("articles:quote_list")).context["page"].object_list:
        assert (quote.prefix, quote.suffix) == context_of(article.body, quote.start, quote.end)


def test_it_runs_the_same_number_of_queries_for_1_and_50_quotes(reader_client, django_assert_num_queries):
    QuoteFactory()
    with django_assert_num_queries(6):  # session, user, count, page ids, page rows, the form's choices
        reader_client.get(reverse("articles:quote_list"))
    for _ in range(49):
        QuoteFactory()
    with django_assert_num_queries(6):
        assert len(reader_client.get(reverse("articles:quote_list")).context["page"].object_list) == 50


def test_it_ranks_speakers_by_live_quotes(reader_client):
    often, once = ActorFactory(name="Often"), ActorFactory(name="Once")
    QuoteFactory.create_batch(3, speaker=often)
    QuoteFactory(speaker=once)
    QuoteFactory(speaker=once, status=Quote.Status.REJECTED)
    ActorFactory(name="Silent")
    speakers = reader_client.get(reverse("articles:speaker_index")).context["page"].object_list
    assert [(actor.name, actor.quote_count) for actor in speakers] == [("Often", 3), ("Once", 1)]


def test_it_finds_actors_by_alias(reader_client):
    russia = ActorFactory(name="Russia")
    ActorAliasFactory(actor=russia, name="Moscow")
    ActorFactory(name="United States")
    response = reader_client.get(reverse("articles:actor_list"), {"q": "moscow"})
    assert [actor.name for actor, _counts in response.context["rows"]] == ["Russia"]
    assert b"Moscow" in response.content


def test_it_runs_the_same_number_of_queries_for_1_and_50_actors(reader_client, django_assert_num_queries):
    ActorAliasFactory()
    with django_assert_num_queries(6):  # session, user, count, page, aliases, counts
        reader_client.get(reverse("articles:actor_list"))
    ActorAliasFactory.create_batch(49)
    with django_assert_num_queries(6):
        assert len(reader_client.get(reverse("articles:actor_list")).context["rows"]) == 50


def test_it_shows_what_an_actor_said_claimed_and_stood_for(reader_client):
    russia = ActorFactory(name="Russia")
    ActorAliasFactory(actor=russia, name="Moscow")
    quote = QuoteFactory(speaker=russia)
    QuoteFactory(speaker=russia, status=Quote.Status.REJECTED, start=6, end=8)
    claim = AnnotationFactory(actor=russia, note="a claim about the plan")
    position = PositionFactory(actor=russia, stance="extremist", disagreement=DisagreementFactory(subject="Al-Nusra"))
    PositionFactory(disagreement=position.disagreement, actor=ActorFactory(name="United States"), stance="moderate")
    response = reader_client.get(reverse("articles:actor_detail", args=[russia.pk]))
    assert list(response.context["quotes"]) == [quote]
    assert list(response.context["claims"]) == [claim]
    assert list(response.context["positions"]) == [position]
    content = response.content.decode()
    assert "Moscow" in content and "a claim about the plan" in content
    assert "Al-Nusra" in content and "United States: moderate" in content


def test_it_shows_an_actor_page_in_a_fixed_number_of_queries(reader_client, django_assert_num_queries):
    russia = ActorFactory(name="Russia")
    for _ in range(5):
        QuoteFactory(speaker=russia)
        AnnotationFactory(actor=russia)
        PositionFactory(actor=russia)
    # session, user, actor, aliases, quotes, annotations, positions, their sides
    with django_assert_num_queries(8):
        reader_client.get(reverse("articles:actor_detail", args=[russia.pk]))


def test_it_answers_404_for_an_unknown_actor(reader_client):
    assert reader_client.get(reverse("articles:actor_detail", args=[999])).status_code == 404


def test_it_lists_a_broad_search_newest_first_and_says_so(reader_client, monkeypatch):
    monkeypatch.setattr("articles.filters.BROAD_SEARCH", 2)
    make_search_corpus()
    response = reader_client.get(reverse("articles:list"), {"q": "bank"})
    assert titles(response) == [
        "New e-mail scam targets banks",
        "Chelsea win the league on bank holiday",
        "Chancellor presents spring budget",
    ]
    assert b"More than 2 articles match: they are listed newest first." in response.content
    assert b"More than 2 articles" in response.content


def test_it_ranks_a_broad_search_when_asked(reader_client, monkeypatch):
    monkeypatch.setattr("articles.filters.BROAD_SEARCH", 1)
    make_search_corpus()
    response = reader_client.get(reverse("articles:list"), {"q": "ceasefire", "sort": "relevance"})
    assert titles(response) == ["Syria ceasefire holds in Aleppo", "Peace talks resume in Geneva"]
    assert b"listed newest first" not in response.content


def test_the_article_rows_escape_every_value(reader_client):
    outlet = OutletFactory(name="<b>Outlet</b>")
    body = "Talks on the <script>alert(1)</script> ceasefire & more."
    ArticleFactory(title="<script>alert('title')</script>", outlet=outlet, body=body, raw_text=body)
    for params in ({}, {"q": "ceasefire"}):
        page = reader_client.get(reverse("articles:list"), params).content.decode()
        assert "<script>alert" not in page and "<b>Outlet</b>" not in page
        assert "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt;" in page and "&lt;b&gt;Outlet&lt;/b&gt;" in page
