"""The same search tests on SQLite (FTS5) and PostgreSQL (tsvector): same corpus, same hits."""

import pytest

from articles.models import Article, Quote
from articles.search import article_snippets, parse_query, search_articles, search_quotes
from tests.search_corpus import QUERIES, keys_of, make_search_corpus

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus_articles(db):
    return make_search_corpus()


def found(query_text: str, **kwargs) -> list[Article]:
    return list(search_articles(Article.objects.all(), parse_query(query_text), **kwargs))


@pytest.mark.parametrize(("query_text", "expected"), sorted(QUERIES.items()))
def test_it_finds_the_same_articles_on_every_engine(corpus_articles, query_text, expected):
    assert keys_of(found(query_text), corpus_articles) == expected


@pytest.mark.parametrize(("query_text", "expected"), sorted(QUERIES.items()))
def test_it_finds_the_same_articles_when_ranking(corpus_articles, query_text, expected):
    assert keys_of(found(query_text, ranked=True), corpus_articles) == expected


def test_it_ranks_a_match_in_the_title_above_one_in_the_body(corpus_articles):
    ranked = search_articles(Article.objects.all(), parse_query("geneva"), ranked=True).order_by("-search_rank")
    assert [article.pk for article in ranked] == [corpus_articles["geneva"].pk]
    ranked = search_articles(Article.objects.all(), parse_query("ceasefire"), ranked=True)
    order = [article.pk for article in ranked.order_by("-search_rank")]
    assert order == [corpus_articles["aleppo"].pk, corpus_articles["geneva"].pk]


def test_it_gives_every_ranked_row_a_number(corpus_articles):
    ranked = search_articles(Article.objects.all(), parse_query("bank"), ranked=True)
    assert all(isinstance(article.search_rank, float) and article.search_rank > 0 for article in ranked)


def test_it_combines_with_other_filters(corpus_articles):
    queryset = Article.objects.filter(published_on__gte=corpus_articles["budget"].published_on)
    assert keys_of(search_articles(queryset, parse_query("bank"), ranked=True), corpus_articles) == {
        "budget",
        "league",
        "scam",
    }
    queryset = Article.objects.exclude(pk=corpus_articles["league"].pk)
    assert keys_of(search_articles(queryset, parse_query("bank")), corpus_articles) == {"budget", "scam"}


def test_it_counts_what_it_finds(corpus_articles):
    assert search_articles(Article.objects.all(), parse_query("bank"), ranked=True).count() == 3


def test_it_leaves_the_queryset_alone_for_an_empty_query(corpus_articles):
    for text in ("", "   ", "the of and", '""', "OR", "-"):
        query = parse_query(text)
        assert not query
        assert search_articles(Article.objects.all(), query).count() == len(corpus_articles)


def test_it_excludes_without_any_positive_word(corpus_articles):
    assert keys_of(found("-bank -ceasefire -russia"), corpus_articles) == {"labour", "cafe"}
    assert keys_of(found("-bank -ceasefire -russia", ranked=True), corpus_articles) == {"labour", "cafe"}


def test_it_highlights_the_matches_in_a_snippet(corpus_articles):
    article = corpus_articles["budget"]
    snippets = article_snippets([article.pk], parse_query('"bank of england"'))
    assert "<mark>Bank" in snippets[article.pk]  # FTS5 marks the phrase, PostgreSQL each word
    assert "England</mark>" in snippets[article.pk]


def test_it_escapes_the_article_text_in_snippets(db):
    body = "The <b>ceasefire</b> & <script>x</script> held."
    article = Article.objects.create(title="Markup", body=body, raw_text=body)
    snippet = article_snippets([article.pk], parse_query("ceasefire"))[article.pk]
    assert "<script>" not in snippet and "<b>" not in snippet  # PostgreSQL drops tags, FTS5 keeps them escaped
    assert "&amp;" in snippet
    assert "<mark>ceasefire</mark>" in snippet


@pytest.mark.parametrize("written", ["harbour", "Harbour"])
def test_it_centres_a_long_articles_snippet_on_the_word_lowercase_or_capitalised(db, written):
    filler = " ".join(["Council officials met again on Monday."] * 40)  # about 1,500 characters
    body = f"{filler} {written} dues will rise in spring, the port said. {filler}"
    article = Article.objects.create(title="Port", body=body, raw_text=body)
    snippet = article_snippets([article.pk], parse_query("harbour"))[article.pk]
    assert f"<mark>{written}</mark> dues" in snippet


def test_it_makes_snippets_only_for_the_ids_given(corpus_articles):
    snippets = article_snippets([corpus_articles["geneva"].pk], parse_query("ceasefire"))
    assert list(snippets) == [corpus_articles["geneva"].pk]


def test_it_follows_edits_and_deletions(corpus_articles):
    article = corpus_articles["cafe"]
    article.body = "The owners reopened after the ceasefire of rents was agreed."
    article.save()
    assert "cafe" in keys_of(found("ceasefire"), corpus_articles)
    article.title = "Rents agreed"
    article.save()
    assert keys_of(found("café"), corpus_articles) == set()
    corpus_articles["geneva"].delete()
    assert {article.title for article in found("ceasefire")} == {"Syria ceasefire holds in Aleppo", "Rents agreed"}


def test_it_searches_quote_text(corpus_articles):
    hits = search_quotes(Quote.objects.all(), parse_query("extremist OR opposition"))
    assert sorted(quote.text for quote in hits) == ["extremist", "moderate opposition"]
    assert list(search_quotes(Quote.objects.all(), parse_query("opposition -moderate"))) == []


HOSTILE = [
    '"unbalanced',
    'a"b"c"',
    "OR",
    "AND OR NOT",
    "- - -",
    "*",
    "(",
    ")))",
    "NEAR(a b, 3)",
    "title:x OR body:y",
    "x:*",
    "^start",
    "a & b | !c",
    "'",
    "\\",
    "\\'; SELECT 1; --",
    "Robert'); DROP TABLE articles_article;--",
    "\x00\x01\x02ceasefire\x1f\x7f",
    "\u202e\u200bceasefire\ufeff",
    "ceasefire " * 2000,
    '"' * 501,
    "-" * 10_000,
    "\ud800 lone surrogate",
    "日本語 русский العربية",
    "{title body}: ceasefire",
    "ceasefire NOT",
    "NOT NOT NOT",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_it_never_fails_on_hostile_input(corpus_articles, text):
    query = parse_query(text)
    for ranked in (False, True):
        rows = list(search_articles(Article.objects.all(), query, ranked=ranked))
        assert len(rows) <= len(corpus_articles)
    article_snippets([article.pk for article in corpus_articles.values()], query)
    list(search_quotes(Quote.objects.all(), query))


def test_it_finds_the_snippet_of_a_match_deep_in_a_long_article(db):
    body = "Nothing to see in this sentence. " * 400 + "At last the ceasefire held. " + "More filler here. " * 50
    article = Article.objects.create(title="Long", body=body, raw_text=body)
    assert "<mark>ceasefire</mark>" in article_snippets([article.pk], parse_query("ceasefire"))[article.pk]
