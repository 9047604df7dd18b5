"""The search syntax, parsed without a database."""

import sqlite3

from hypothesis import given, settings
from hypothesis import strategies as st

from articles.search_query import MAX_CHARS, MAX_TERMS, fts5_expression, parse_query


def test_it_requires_every_word():
    query = parse_query("russia ceasefire")
    assert query.groups == (("russia",), ("ceasefire",)) and not query.notes


def test_it_keeps_a_quoted_phrase_whole():
    assert parse_query('"moderate opposition" front').groups == (("moderate opposition",), ("front",))


def test_it_joins_alternatives_with_or():
    assert parse_query("extremist OR terrorist group").groups == (("extremist", "terrorist"), ("group",))
    assert parse_query("a1 OR b1 OR c1").groups == (("a1", "b1", "c1"),)


def test_it_reads_lowercase_or_as_a_common_word():
    assert parse_query("extremist or terrorist").groups == (("extremist",), ("terrorist",))


def test_it_excludes_words_and_phrases_with_a_minus():
    query = parse_query('russia -ceasefire -"moderate opposition"')
    assert query.groups == (("russia",),)
    assert query.excluded == ("ceasefire", "moderate opposition")
    assert query.excluded_groups == (("ceasefire", "moderate opposition"),)


def test_it_keeps_hyphens_inside_words():
    assert parse_query("al-nusra e-mail").groups == (("al-nusra",), ("e-mail",))


def test_it_reads_not_and_and_kindly():
    assert parse_query("chancellor NOT budget").excluded == ("budget",)
    assert parse_query("chancellor AND budget").groups == (("chancellor",), ("budget",))


def test_it_ignores_an_unmatched_quotation_mark_and_says_so():
    query = parse_query('"moderate opposition')
    assert query.groups == (("moderate",), ("opposition",))
    assert query.notes == ("An unmatched quotation mark was ignored.",)


def test_it_keeps_the_minus_of_an_unmatched_quotation_mark():
    assert parse_query('-"extremist').excluded == ("extremist",)


def test_it_ignores_lone_operators_and_says_so():
    for text in ("OR ceasefire", "ceasefire OR", "a1 OR OR b1", "- ceasefire", "ceasefire NOT"):
        query = parse_query(text)
        assert query.groups and query.groups[0][0] in ("ceasefire", "a1"), text
        assert query.notes, text


def test_it_reads_other_engines_operators_as_plain_words():
    query = parse_query("NEAR(ceasefire moscow) title:geneva russia*")
    assert query.groups == (("ceasefire",), ("moscow",), ("title",), ("geneva",), ("russia",))
    assert "no special meaning" in query.notes[0]


def test_it_drops_common_words_as_postgresql_does():
    assert parse_query("the ceasefire of aleppo").groups == (("ceasefire",), ("aleppo",))
    assert parse_query('"the united states"').groups == (("the united states",),)


def test_it_says_when_nothing_is_left_to_search():
    query = parse_query("to be or not to be")
    assert not query
    assert "nothing to search for" in query.notes[-1]


def test_it_removes_control_characters_and_says_so():
    query = parse_query("cease\x00fire\x07 \u200baleppo")
    assert query.groups == (("ceasefire",), ("aleppo",))
    assert query.notes == ("Control or invisible characters were removed from the search.",)


def test_it_cuts_a_huge_query_and_says_so():
    query = parse_query("ceasefire " * 5000)
    assert query.groups == (("ceasefire",),)
    assert any(str(MAX_CHARS) in note for note in query.notes)


def test_it_keeps_at_most_a_fixed_number_of_terms():
    query = parse_query(" ".join(f"word{n}" for n in range(40)) + " -other")
    assert sum(len(group) for group in query.groups) + len(query.excluded) == MAX_TERMS
    assert any("first" in note for note in query.notes)


def test_it_shows_the_query_as_understood():
    query = parse_query('"moderate opposition" OR extremist  -terrorist russia*')
    assert query.display() == '"moderate opposition" OR extremist russia -terrorist'


def test_it_quotes_every_term_for_fts5():
    query = parse_query('"moderate opposition" OR extremist russia')
    assert fts5_expression(query.groups) == '("moderate opposition" OR "extremist") AND "russia"'


def _fts5_accepts(expression: str) -> None:
    database = sqlite3.connect(":memory:")
    database.execute("CREATE VIRTUAL TABLE t USING fts5(body, tokenize='porter unicode61 remove_diacritics 0')")
    database.execute("INSERT INTO t VALUES ('the ceasefire held in aleppo')")
    database.execute("SELECT count(*) FROM t WHERE t MATCH ?", (expression,)).fetchall()


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_it_never_builds_an_fts5_syntax_error(text):
    query = parse_query(text)
    if query.groups:
        _fts5_accepts(fts5_expression(query.groups))
    if query.excluded:
        _fts5_accepts(fts5_expression(query.excluded_groups))


SOUP = ['"', "-", "OR", "NOT", "AND", " ", "(", "*", ":", "ceasefire", "the", "é"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(SOUP), max_size=30))
def test_it_never_fails_on_operator_soup(parts):
    query = parse_query("".join(parts))
    assert all(term.strip() for group in query.groups for term in group)
    assert all(term.strip() for term in query.excluded)
    if query.groups:
        _fts5_accepts(fts5_expression(query.groups))
