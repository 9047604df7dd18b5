"""The search syntax, parsed without the database: words, "quoted phrases", OR, -excluded.

``parse_query`` never raises: whatever it cannot read (an unmatched quotation mark, a lone OR,
operators of other search engines, control characters, a query of many kilobytes) it reads as
plain words or drops, and it says what it did in ``notes`` so the page can tell the user.

Each engine then builds its own query from the terms (see articles/search.py): the user's text
is only ever passed as the text of a phrase, never as query syntax.
"""

import re
import unicodedata
from dataclasses import dataclass

MAX_CHARS = 1000
MAX_TERMS = 16

# PostgreSQL's english stop words (Snowball's list, tsearch_data/english.stop). The english
# configuration drops them from documents and queries; SQLite's FTS5 keeps them, so the parser
# drops them from queries on both engines alike.
STOP_WORDS = frozenset(
    """i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she
    her hers herself it its itself they them their theirs themselves what which who whom this that these
    those am is are was were be been being have has had having do does did doing a an the and but if or
    because as until while of at by for with about against between into through during before after above
    below to from up down in out on off over under again further then once here there when where why how
    all any both each few more most other some such no nor not only own same so than too very s t can will
    just don should now""".split()
)

# Characters that mean something to other search syntaxes (FTS5, tsquery, Lucene) and nothing here.
SPECIAL_CHARACTERS = frozenset("*():^{}[]<>&|!~\\+=;@#$%")

_WORD = re.compile(r"[^\W_]+")
_SPECIAL_SPLIT = re.compile("[" + re.escape("".join(sorted(SPECIAL_CHARACTERS))) + "]+")
_OR = "OR"


@dataclass(frozen=True)
class ParsedQuery:
    """A search: every group must match (by any one of its terms) and no excluded term may."""

    text: str
    groups: tuple[tuple[str, ...], ...] = ()
    excluded: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.groups or self.excluded)

    @property
    def excluded_groups(self) -> tuple[tuple[str, ...], ...]:
        """The excluded terms as one group: a row is out when it matches any of them."""
        return (self.excluded,) if self.excluded else ()

    @property
    def terms(self) -> tuple[str, ...]:
        return tuple(term for group in self.groups for term in group)

    def display(self) -> str:
        """The query as it was understood, in the same syntax."""
        parts = [" OR ".join(_quoted_if_needed(term) for term in group) for group in self.groups]
        parts += ["-" + _quoted_if_needed(term) for term in self.excluded]
        return " ".join(parts)


@dataclass(frozen=True)
class _Term:
    text: str
    negated: bool = False
    phrase: bool = False


def parse_query(text: str | None) -> ParsedQuery:
    original = text or ""
    notes: list[str] = []
    text = _clean(original, notes)
    tokens = _tokenise(text, notes)
    groups, excluded = _group(tokens, notes)
    groups, excluded = _drop_stop_words(groups, excluded, notes)
    groups, excluded = _limit(groups, excluded, notes)
    return ParsedQuery(original, groups, excluded, tuple(dict.fromkeys(notes)))


def _clean(text: str, notes: list[str]) -> str:
    if len(text) > MAX_CHARS:
        text = text[:MAX_CHARS]
        notes.append(f"The search was cut to its first {MAX_CHARS} characters.")
    kept = []
    removed = False
    for ch in text:
        if ch in "\t\n\r\v\f":
            kept.append(" ")
        elif unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn"):
            removed = True
        else:
            kept.append(ch)
    if removed:
        notes.append("Control or invisible characters were removed from the search.")
    text = "".join(kept)
    if any(ch in SPECIAL_CHARACTERS for ch in text):
        notes.append(
            "Characters such as * ( ) : ^ have no special meaning here: the search looks for the words only. "
            'Use "quotes" for a phrase, OR between alternatives and -word to exclude.'
        )
    return text


def _tokenise(text: str, notes: list[str]) -> list[_Term | str]:
    """Split into terms (words and phrases, maybe negated) and the OR / NOT operators."""
    tokens: list[_Term | str] = []
    position, length = 0, len(text)
    while position < length:
        if text[position].isspace():
            position += 1
            continue
        start, negated = position, False
        if text[position] == "-":
            end = position
            while end < length and text[end] == "-":
                end += 1
            if end == length or text[end].isspace():
                notes.append("A lone minus sign was ignored: write -word to exclude a word.")
                position = end
                continue
            negated, position = True, end
        if text[position] == '"':
            close = text.find('"', position + 1)
            if close == -1:
                notes.append("An unmatched quotation mark was ignored.")
                text, length = text[:position] + text[position + 1 :], length - 1
                position = start  # read the token again without the quotation mark
                continue
            tokens.append(_Term(text[position + 1 : close], negated=negated, phrase=True))
            position = close + 1
            continue
        end = position
        while end < length and not text[end].isspace() and text[end] != '"':
            end += 1
        word = text[position:end]
        position = end
        # Other engines' operator characters split a word into plain words: NEAR(a b) -> NEAR a b.
        for piece in _SPECIAL_SPLIT.split(word):
            if not piece:
                continue
            if not negated and piece in (_OR, "AND", "NOT", "NEAR"):
                tokens.append(piece)
            else:
                tokens.append(_Term(piece, negated=negated))
    return tokens


def _group(tokens: list[_Term | str], notes: list[str]) -> tuple[list[list[str]], list[str]]:
    groups: list[list[str]] = []
    excluded: list[str] = []
    after_term = False  # the previous token was a positive term (an OR may follow)
    pending_or = False
    pending_not = False
    for token in tokens:
        if token in ("AND", "NEAR"):
            continue  # terms are all required anyway
        if token == "NOT":
            if pending_not:
                notes.append("NOT must be followed by a word or phrase; a lone NOT was ignored.")
            pending_not, pending_or, after_term = True, False, False
            continue
        if token == _OR:
            if not after_term or pending_or:
                notes.append("OR needs a word or phrase on each side; a lone OR was ignored.")
            pending_or = after_term
            after_term = False
            continue
        assert isinstance(token, _Term)
        if token.negated or pending_not:
            excluded.append(token.text)
            if pending_or:
                notes.append("OR cannot join an excluded word; that OR was ignored.")
            pending_or = pending_not = after_term = False
            continue
        if pending_or:
            groups[-1].append(token.text)
        else:
            groups.append([token.text])
        pending_or, after_term = False, True
    if pending_or:
        notes.append("OR needs a word or phrase on each side; a lone OR was ignored.")
    if pending_not:
        notes.append("NOT must be followed by a word or phrase; a lone NOT was ignored.")
    return groups, excluded


def _drop_stop_words(groups, excluded, notes):
    """Drop terms made only of very common words (or of no word at all), as PostgreSQL would."""
    dropped: list[str] = []
    new_groups = []
    for group in groups:
        kept = tuple(dict.fromkeys(term for term in group if _searchable(term, dropped)))
        if kept and kept not in new_groups:
            new_groups.append(kept)
    new_excluded = tuple(dict.fromkeys(term for term in excluded if _searchable(term, dropped)))
    if dropped and not new_groups and not new_excluded:
        words = ", ".join(sorted(set(dropped))[:5])
        notes.append(f"Only very common words or no words at all were given ({words}); there is nothing to search for.")
    return tuple(new_groups), new_excluded


def _searchable(term: str, dropped: list[str]) -> bool:
    """Whether a term has a word that is not a stop word. A phrase is kept whole, stop words and
    all: trimming it by our own idea of a word could cut a token the engine reads as one ("U.S.")."""
    if any(word.casefold() not in STOP_WORDS for word in _WORD.findall(term)):
        return True
    if term.strip():
        dropped.append(term.strip())
    return False


def _limit(groups, excluded, notes):
    count = sum(len(group) for group in groups) + len(excluded)
    if count <= MAX_TERMS:
        return groups, excluded
    notes.append(f"Only the first {MAX_TERMS} words or phrases of the search were used.")
    room = MAX_TERMS
    kept_groups = []
    for group in groups:
        if room <= 0:
            break
        kept_groups.append(group[:room])
        room -= len(kept_groups[-1])
    return tuple(kept_groups), excluded[: max(room, 0)]


def _quoted_if_needed(term: str) -> str:
    return f'"{term}"' if not _WORD.fullmatch(term) else term


def fts5_expression(groups: tuple[tuple[str, ...], ...]) -> str:
    """An SQLite FTS5 MATCH expression: every term a quoted string, so no user text is FTS syntax."""
    parts = []
    for group in groups:
        alternatives = [_fts5_string(term) for term in group]
        parts.append(alternatives[0] if len(alternatives) == 1 else "(" + " OR ".join(alternatives) + ")")
    return " AND ".join(parts)


def _fts5_string(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'
