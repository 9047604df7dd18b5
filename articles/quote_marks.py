"""Quotation marks and sentences: pairing the marks of a text into quote segments.

Pure string work used by ``articles.quote_layout`` and ``articles.quotes``.
"""

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from articles.quote_lexicon import ends_with_abbreviation

PARAGRAPH = re.compile(r"[^\n]*\S[^\n]*")
MARK_CHARS, SINGLE_MARK_CHARS = '"“”', "‘’"  # double quotation marks; single ones, as some papers use
MARK = re.compile(f"[{MARK_CHARS}]")
SINGLE_MARK = re.compile(f"[{SINGLE_MARK_CHARS}]")
OPENERS = " \t([{—–-/'‘"
TERMINAL = ".?!…"
# "[.?!…][.?!…]*" is "[.?!…]+" written so that the regex engine can skip to the punctuation
# (it does so only for a pattern that opens with a character set, not with a repeat).
SENTENCE_END = re.compile(r"[.?!…][.?!…]*[\"”’')\]]*\s+(?=[\"“‘'(\[]{0,2}[0-9A-ZÀ-Þ])")


@dataclass(slots=True)
class Segment:
    start: int  # content start (after the opening mark, trimmed)
    end: int  # content end (before the closing mark, trimmed)
    open_at: int  # index of the opening mark
    close_at: int  # index of the closing mark, or where the run-on stopped
    para: int
    linked: bool = False  # continues the previous segment (running quote)


def sentence_bounds(text: str, lo: int, hi: int, terminals: list[int] | None = None) -> list[tuple[int, int]]:
    """Sentences of text[lo:hi] as (start, end) pairs, abbreviations respected. ``terminals``:
    where the characters of ``TERMINAL`` occur in ``text`` (``_positions``), when the caller has them."""
    if terminals is None:
        terminals = _positions(text, TERMINAL)
    endpos = min(len(text), hi + 2)
    bounds, start, at = [], lo, lo
    # SENTENCE_END.finditer(text, lo, endpos), tried only where a match can start: at a terminal
    # mark, found by str.find (the engine's scan for the marks costs more than the whole rest).
    for i in range(bisect_left(terminals, lo), len(terminals)):
        if (p := terminals[i]) >= endpos:
            break
        if p < at or (m := SENTENCE_END.match(text, p, endpos)) is None:
            continue
        stop, end = m.span()
        if end > hi:
            break
        at = end
        if text[stop] == "." and ends_with_abbreviation(text, max(lo, stop - 12), stop):
            continue
        bounds.append((start, end))
        start = end
    bounds.append((start, hi))  # may be empty: the caller's position starts a sentence
    return bounds


def _direction(text: str, i: int) -> str:
    ch = text[i]
    if ch == "“":
        return "o"
    if ch == "”":
        return "c"
    if ch == "‘":
        return "o"
    if ch == "’":  # an apostrophe (don’t, workers’ rights) or a closing single mark
        before = text[i - 1 : i]
        after = text[i + 1 : i + 3]
        if before.isalpha() and (after[:1].isalpha() or (before == "s" and after[:1] == " " and after[1:].islower())):
            return "x"
        return "c"
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    opens = before.isspace() or before in OPENERS
    closes = after.isspace() or after in ".,;:!?)]}—–-'’…"
    if opens and not closes:
        return "o"
    if closes and not opens:
        return "c"
    return "?"


def _trimmed(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def find_segments(text: str, paragraphs: list[tuple[int, int]] | None = None) -> list[Segment]:
    """Pair quotation marks paragraph by paragraph, following the running-quote conventions.

    Double marks delimit quotes; a text without any uses curly single marks (‘...’) instead,
    as some British papers do, telling a closing mark from an apostrophe by its neighbours.
    ``paragraphs``: the (start, end) of each match of ``PARAGRAPH``, when the caller has them.
    """
    marks = SINGLE_MARK_CHARS if "‘" in text and not MARK.search(text) else MARK_CHARS
    if paragraphs is None:
        paragraphs = [(m.start(), m.end()) for m in PARAGRAPH.finditer(text)]
    segments: list[Segment] = []
    # The marks of the whole text in one search, taken paragraph by paragraph (a mark is no white
    # space, so each lies in a paragraph); a paragraph without any only ends a running quote.
    found = _positions(text, marks)
    starts = [lo for lo, _ in paragraphs]
    carry = False  # previous paragraph ended inside a quote
    k, last_para = 0, -1
    while k < len(found):
        para_no = bisect_right(starts, found[k]) - 1
        if para_no < 0 or found[k] >= paragraphs[para_no][1]:  # outside the paragraphs given
            k += 1
            continue
        lo, hi = paragraphs[para_no]
        if para_no != last_para + 1:  # the paragraphs in between had no marks
            carry = False
        last_para = para_no
        open_at: int | None = None
        first_mark = True
        link_next = False
        while k < len(found) and found[k] < hi:
            i = found[k]
            k += 1
            d = _direction(text, i)
            if d == "x":
                continue
            if open_at is None:
                if d == "c":
                    continue
                open_at, link_next = i, carry and first_mark and not text[lo:i].strip()
            elif d == "o" and text[lo:i].rstrip()[-1:] in TERMINAL + "\"”'’":
                _add(segments, text, open_at, i, para_no, link_next, run_on=True)
                open_at, link_next = i, True
            else:
                _add(segments, text, open_at, i, para_no, link_next)
                open_at = None
            first_mark = False
        carry = open_at is not None
        if open_at is not None:
            _add(segments, text, open_at, hi, para_no, link_next, run_on=True)
    return segments


def _positions(text: str, chars: str) -> list[int]:
    """Where each of ``chars`` occurs in ``text``, in order: a ``str.find`` scan per character is
    several times faster than one search for a set of characters."""
    found = []
    for ch in chars:
        at = text.find(ch)
        while at >= 0:
            found.append(at)
            at = text.find(ch, at + 1)
    found.sort()
    return found


def _add(segments, text, open_at, close_at, para_no, linked, run_on=False):
    a, b = _trimmed(text, open_at + 1, close_at)
    if b <= a:
        return
    segments.append(Segment(a, b, open_at, close_at if not run_on else b, para_no, linked))
