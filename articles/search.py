"""Full-text search: one call per kind of row, PostgreSQL or SQLite underneath.

    query = parse_query(request.GET.get("q"))            # never raises; query.notes says what it ignored
    articles = search_articles(Article.objects.all(), query, ranked=True).order_by("-search_rank")
    snippets = article_snippets([a.pk for a in page], query)  # only for the rows on the page

PostgreSQL: ``search_vector @@ tsquery`` (GIN index), the tsquery built from the parsed terms with
``phraseto_tsquery`` (the terms are values, never tsquery syntax); ``ts_rank``; ``ts_headline``.
SQLite: ``id IN (SELECT rowid FROM <table>_fts WHERE <table>_fts MATCH ...)``, every term an FTS5
string; bm25 (the FTS5 ``rank``, weighted per column); ``snippet()``. See articles/search_index.py
for the indexes and articles/search_query.py for the syntax.
"""

import json
import re
from functools import reduce
from operator import and_, or_

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connections, transaction
from django.db.models import BigIntegerField, BooleanField, F, Func, Q, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Greatest, NullIf, StrIndex, Substr
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles.models import Article
from articles.search_index import CONFIG, FtsIndex, TitleVector
from articles.search_query import ParsedQuery, fts5_expression, parse_query

__all__ = [
    "ParsedQuery",
    "article_snippets",
    "parse_query",
    "ranked_article_ids",
    "search_articles",
    "search_quotes",
    "terms_match",
    "text_match",
    "title_match",
    "titles_matching",
]

ARTICLE_FTS = FtsIndex("articles_article", ("title", "body"), (2.5, 1.0))
QUOTE_FTS = FtsIndex("articles_quote", ("text",), (1.0,))
# Around the matched words in snippets; the cleaner removes control characters from bodies.
MARK_START, MARK_END = "\x02", "\x03"
SNIPPET_WORDS = 24
SNIPPET_WINDOW = 400  # characters of the body given to ts_headline
_WORD = re.compile(r"[^\W_]+")


def search_articles(queryset, query: ParsedQuery, *, ranked: bool = False, by_date: bool = False):
    """The articles of ``queryset`` that match (title and body). With ``ranked``, each carries
    ``search_rank`` (higher is more relevant) to order by; ``by_date``: they will be ordered by
    date (on SQLite the matches are then probed from the date index, see ``FtsProbe``)."""
    if not query:
        return queryset
    vendor = _vendor(queryset)
    if ranked and query.groups:
        if vendor == "postgresql":
            queryset = queryset.annotate(search_rank=SearchRank(F("search_vector"), _tsquery(query.groups)))
        else:
            queryset = _sqlite_ranked(queryset, query)  # the join does the matching
            return queryset.exclude(terms_match(query.excluded_groups, ARTICLE_FTS, vendor=vendor))
    if by_date and vendor == "sqlite" and query.groups:
        queryset = queryset.filter(FtsProbe(F("id"), ARTICLE_FTS.name, fts5_expression(query.groups)))
        return queryset.exclude(terms_match(query.excluded_groups, ARTICLE_FTS, vendor=vendor))
    return queryset.filter(text_match(query, ARTICLE_FTS, vendor=vendor))


def ranked_article_ids(queryset, query: ParsedQuery, cap: int) -> list[int] | None:
    """PostgreSQL: the ids of the matching articles of ``queryset``, most relevant first, in one
    pass; None when more than ``cap`` match (a broad search, listed by date instead).

    Counting the matches (up to the cap) and then ranking them read the same rows twice: at
    100,000 articles, 12 + 10 ms for a word in 4,948 of them; here they are read, ranked and
    sorted once (the page's rows are then loaded by id). When the planner expects more than
    twice the cap, the matches are only counted first: ranking 5,001 rows that a broad search
    then drops cost 5 ms more than counting them (the estimate picks the way, never the answer)."""
    found = search_articles(queryset, query, ranked=True).order_by()
    matches = found.values_list("id").query.sql_with_params()
    capped = found.values_list("id")[: cap + 1].query.sql_with_params()
    ranked = found.values_list("id", "published_on", "search_rank")[: cap + 1]
    ranked_sql, ranked_params = ranked.query.sql_with_params()
    connection = connections[queryset.db]
    nested = connection.in_atomic_block
    with transaction.atomic(using=queryset.db), connection.cursor() as cursor:
        # For a word in a third of the articles the planner picks a sequential scan that stops
        # after cap + 1 matches, not pricing the tsvector it unpacks in every row it reads: 60 ms
        # at 100,000 articles, 16 ms through the GIN index. Only for these queries (SET LOCAL).
        cursor.execute("SET LOCAL enable_seqscan = off")
        ids = None
        if _estimated_rows(cursor, *matches) <= 2 * cap or _count(cursor, *capped) <= cap:
            ordered = f"SELECT id FROM ({ranked_sql}) matches ORDER BY search_rank DESC, published_on DESC, id DESC"
            cursor.execute(ordered, ranked_params)
            ids = [row[0] for row in cursor.fetchall()]
        if nested:  # an outer transaction goes on: give it back its setting
            cursor.execute("SET LOCAL enable_seqscan TO DEFAULT")
    return ids if ids is None or len(ids) <= cap else None


def _estimated_rows(cursor, sql: str, params) -> float:
    cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
    plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return plan[0]["Plan"]["Plan Rows"]


def _count(cursor, sql: str, params) -> int:
    cursor.execute(f"SELECT COUNT(*) FROM ({sql}) matches", params)
    return cursor.fetchone()[0]


def count_articles(queryset, query: ParsedQuery, cap: int) -> int:
    """The number of articles of ``queryset`` that match, counted up to cap + 1.

    On SQLite, when nothing else filters the articles, the FTS5 index alone is counted: reading
    the article rows that ``id IN (matches)`` finds cost 7 ms for a word in every article of
    22,250, the index 0.2 ms (it indexes every article: triggers keep it in step)."""
    if _vendor(queryset) == "sqlite" and query.groups and not query.excluded and not queryset.query.where:
        sql = f"SELECT COUNT(*) FROM (SELECT rowid FROM {ARTICLE_FTS.name} WHERE {ARTICLE_FTS.name} MATCH %s LIMIT %s)"
        with connections[queryset.db].cursor() as cursor:
            cursor.execute(sql, [fts5_expression(query.groups), cap + 1])
            return cursor.fetchone()[0]
    return search_articles(queryset, query).order_by()[: cap + 1].count()


def search_quotes(queryset, query: ParsedQuery):
    """The quotes of ``queryset`` whose text matches."""
    return queryset.filter(text_match(query, QUOTE_FTS, vendor=_vendor(queryset))) if query else queryset


def text_match(query: ParsedQuery, index: FtsIndex, *, vendor: str, path: str = "") -> Q:
    """A filter: the rows (reached through ``path``, e.g. "article__") of ``index`` that match the query."""
    condition = Q()
    if query.groups:
        condition &= terms_match(query.groups, index, vendor=vendor, path=path)
    if query.excluded:
        condition &= ~terms_match(query.excluded_groups, index, vendor=vendor, path=path)
    return condition


def terms_match(groups, index: FtsIndex, *, vendor: str, path: str = "") -> Q:
    """A filter: the rows of ``index`` with a term of each group; Q() when there is no group."""
    if not groups:
        return Q()
    if vendor == "postgresql":
        return Q(**{f"{path}search_vector": _tsquery(groups)})
    sql = f"SELECT rowid FROM {index.name} WHERE {index.name} MATCH %s"
    return Q(**{f"{path}id__in": RawSQL(sql, [fts5_expression(groups)])})


def title_match(groups, *, vendor: str, path: str = "article__") -> Q:
    """A filter: the rows whose article (through ``path``) has a term of each group in its title."""
    if not groups:
        return Q()
    if vendor == "postgresql":
        # The ids as a constant array: PostgreSQL can hash it when it filters row by row (an
        # ARRAY(subquery) is searched linearly per row: 100 ms over 10,000 annotations for a title
        # word in 1,350 articles), and still combine it with another index under OR (BitmapOr).
        ids = list(titles_matching(groups).values_list("id", flat=True))
        return Q(EqualsAny(F(f"{path}id"), Value(ids, output_field=ArrayField(BigIntegerField()))))
    name = ARTICLE_FTS.name
    expression = f"title : ({fts5_expression(groups)})"
    return Q(**{f"{path}in": RawSQL(f"SELECT rowid FROM {name} WHERE {name} MATCH %s", [expression])})


def titles_matching(groups):
    """The articles with a term of each group in their title (PostgreSQL: through the title's GIN index)."""
    return Article.objects.alias(title_vector=TitleVector("title")).filter(title_vector=_tsquery(groups)).order_by()


def article_snippets(article_ids: list[int], query: ParsedQuery) -> dict[int, SafeString]:
    """The matched words of each article's body in context, as safe HTML with <mark>; only for these ids."""
    if not query.groups or not article_ids:
        return {}
    if connections[Article.objects.db].vendor == "postgresql":
        rows = _postgresql_snippets(article_ids, query)
    else:
        rows = _sqlite_snippets(article_ids, query)
    return {article_id: highlighted(text) for article_id, text in rows if text}


def _postgresql_snippets(article_ids, query: ParsedQuery):
    """ts_headline over a window of the body around the first plain occurrence of a query word.

    ts_headline parses all the text it is given (about 0.5 ms for a BBC article, 25 ms for a page
    of 50); the window keeps that constant. 400 characters hold the first fragment (about 30 words,
    as long as SQLite's snippet); a second one is shorter or gone. With the word found as written or
    capitalised rather than in the lowered body, a page of 50 snippets took 4 ms instead of 8 (100,000
    articles). When the word only occurs inflected ("elections" for "election") or in capitals, strpos
    finds nothing and the window is the start of the body."""
    words = _WORD.findall(query.groups[0][0]) or [""]
    word = max(words, key=len).lower()
    # The word as written, else capitalised: lowering the whole body to find it cost more than the headline.
    anchor = Coalesce(NullIf(StrIndex("body", Value(word)), Value(0)), StrIndex("body", Value(word.capitalize())))
    window = Substr("body", Greatest(anchor - SNIPPET_WINDOW // 3, 1), SNIPPET_WINDOW)
    headline = SearchHeadline(
        window,
        _tsquery(query.groups),
        config=CONFIG,
        start_sel=MARK_START,
        stop_sel=MARK_END,
        max_words=SNIPPET_WORDS + 6,
        min_words=SNIPPET_WORDS // 2,
        max_fragments=2,
        fragment_delimiter=" … ",
    )
    return Article.objects.filter(id__in=article_ids).annotate(snippet=headline).values_list("id", "snippet")


def _sqlite_snippets(article_ids, query: ParsedQuery):
    name = ARTICLE_FTS.name
    placeholders = ", ".join(["%s"] * len(article_ids))
    sql = (
        f"SELECT rowid, snippet({name}, 1, %s, %s, '…', %s) FROM {name} "
        f"WHERE {name} MATCH %s AND rowid IN ({placeholders})"
    )
    params = [MARK_START, MARK_END, SNIPPET_WORDS, fts5_expression(query.groups), *article_ids]
    with connections[Article.objects.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def highlighted(text: str) -> SafeString:
    """Escape text, then turn the engine's match markers into <mark> elements."""
    html = escape(" ".join(text.split())).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    return mark_safe(html)  # escaped above: only our markers become tags


class EqualsAny(Func):
    """``column = ANY(array)``: unlike ``IN (subquery)``, PostgreSQL can combine it with another
    index condition under OR (a BitmapOr), instead of scanning the whole table."""

    output_field = BooleanField()

    def as_sql(self, compiler, connection, **extra_context):
        column, column_params = compiler.compile(self.source_expressions[0])
        array, array_params = compiler.compile(self.source_expressions[1])
        return f"{column} = ANY({array})", (*column_params, *array_params)


class FtsProbe(Func):
    """``+id IN (SELECT rowid FROM <fts> WHERE <fts> MATCH ...)`` (SQLite): the unary plus keeps
    SQLite from driving the query by the ids found, reading every matching article row and sorting
    them by date (22 ms for a word in every article of 22,250); it walks the date index instead
    and probes the matches, stopping after a page (2 ms)."""

    output_field = BooleanField()

    def __init__(self, column, table: str, expression: str):
        self.table, self.expression = table, expression
        super().__init__(column)

    def as_sql(self, compiler, connection, **extra_context):
        column, params = compiler.compile(self.source_expressions[0])
        sql = f"+{column} IN (SELECT rowid FROM {self.table} WHERE {self.table} MATCH %s)"
        return sql, (*params, self.expression)


def _vendor(queryset) -> str:
    return connections[queryset.db].vendor


def _tsquery(groups: tuple[tuple[str, ...], ...]):
    """(t1 | t2) & t3 ... as a tsquery; each term a phraseto_tsquery of its text."""

    def phrase(term):
        return SearchQuery(term, search_type="phrase", config=CONFIG)

    return reduce(and_, (reduce(or_, map(phrase, group)) for group in groups))


def _sqlite_ranked(queryset, query: ParsedQuery):
    """Join the FTS5 table for bm25: it exists only in a query that MATCHes that table, and an
    ``IN (subquery)`` cannot carry it out. QuerySet.extra is the ORM's way to add such a join.
    bm25() with explicit weights is faster than the configured ``rank`` column (same figures)."""
    name, table = ARTICLE_FTS.name, Article._meta.db_table
    weights = ", ".join(str(weight) for weight in ARTICLE_FTS.weights)
    return queryset.extra(
        select={"search_rank": f"-bm25({name}, {weights})"},
        tables=[name],
        where=[f"{name}.rowid = {table}.id", f"{name} MATCH %s"],
        params=[fts5_expression(query.groups)],
    )
