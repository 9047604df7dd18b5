"""The extraction's shortcuts answer exactly what the plain forms they replace would answer."""

import random
import re
from collections import Counter

from articles.attribution import ACCORDING_BEFORE, CLAUSE_BREAK, LABEL_END, LABEL_ENDINGS, _abbreviation_before
from articles.names import _PARTICLE, _TOKEN, MULTI_NAME_RUN, NAME_RUN, PARTICLES, ArticleNames, _unpossess
from articles.quote_lexicon import ABBREVIATION, CUE_WORD, SPOKES_HEADS, cue_spans, ends_with_abbreviation
from articles.quote_marks import (
    MARK,
    MARK_CHARS,
    PARAGRAPH,
    SENTENCE_END,
    SINGLE_MARK,
    SINGLE_MARK_CHARS,
    TERMINAL,
    _add,
    _direction,
    _positions,
    find_segments,
    sentence_bounds,
)
from articles.speaker_bodies import SPOKES_FOR, SPOKES_NAMED, SPOKES_STEMS, may_name_spokes
from articles.speakers import (
    CONJOINED,
    CONJUNCTION_INSIDE,
    LEADING_JUNK,
    TRAILING_JUNK,
    _name_at_end,
    clean_subject,
)

TEXTS = [
    'U.S. State Department deputy spokesperson Mark Toner said: "We want to see that move forward."',
    "xA.B. C and iPhone Maker Apple Inc, said Mr. Smith of the Bank of England in New York.",
    "É.Ü. Foo McDonald’s chief Jim O'Neill-Smith & Co - A.B.C.D.E Foo A. B. C. \nA\nB C",
    "the minister HAS, he ſo x, has\n He has, Mr Brown himſelf they went on to x  TODAY KK wıll",
    "Sen. John Thune, R-S.D., told reporters; Gen. A.B. Jones Jr said Mr Blair's aide. Dr Who",
    "said said,said ésaid x_said 1said Xsaid .said ﬁsaid saidé said\u0301 (told) “adding”\nsays",
    "the so-called «ſo-called» KNOWN AS, dubbed  \n as; Texas labelled, a spokesman for the Foo, a ſpokesman",
    "X, according to Mr Foo,; ACCORDİNG TO x, who said, and but added; -– — y and  said, as",
    "Mr. Mrs. x éMr. _Mr. Mr_. Mrs a Co A. B a.b 3.Mr vs. Ⅳ A ǅr Mr\u0301 Ⓜr ²Mr Mr\n Mr \n\n A\n",
    "",
]
LOOK_BEHIND_RUN = re.compile(rf"(?<![\w'’-]){_TOKEN}(?:[ \t]+(?:{_PARTICLE}[ \t]+)?{_TOKEN})*")
LOOK_BEHIND_MULTI_RUN = re.compile(rf"(?<![\w'’-]){_TOKEN}(?:[ \t]+(?:{_PARTICLE}[ \t]+)?{_TOKEN})+")


def _spans(matches):
    return [m.span() for m in matches]


def _windows(text: str, count: int = 40):
    rng = random.Random(text)
    for _ in range(count):
        start = rng.randrange(len(text) + 1)
        yield start, rng.randrange(start, len(text) + 1)


def test_it_finds_the_name_runs_the_look_behind_form_finds():
    for text in TEXTS:
        for fast, plain in ((NAME_RUN, LOOK_BEHIND_RUN), (MULTI_NAME_RUN, LOOK_BEHIND_MULTI_RUN)):
            assert _spans(fast.finditer(text)) == _spans(plain.finditer(text))
            for start, end in _windows(text):
                assert _spans(fast.finditer(text, start, end)) == _spans(plain.finditer(text, start, end))
                assert _spans(filter(None, [fast.match(text, start)])) == _spans(
                    filter(None, [plain.match(text, start)])
                )


def test_it_sees_an_abbreviation_where_a_search_from_the_start_sees_one():
    texts = [*TEXTS, "x" * 20 + "A.B.C.D.E.F.G.H.I.J.K", "abcdefghijklxMr", "U.S.A.B.C.D.E.F.G.H\n"]
    for text in texts:
        for at in range(len(text) + 1):
            assert _abbreviation_before(text, at) == (ABBREVIATION.search(text, 0, at) is not None)


def _plain_clean(np: str) -> str:
    np = LEADING_JUNK.sub("", np.strip().strip(",;:—–- ").strip())
    cut = max(0, len(np) - 80)
    return (np[:cut] + TRAILING_JUNK.sub("", np[cut:])).strip().strip(",").strip()


def test_it_cleans_a_subject_as_the_trailing_pattern_alone_does():
    for text in TEXTS:
        for start, end in _windows(text, 80):
            np = text[start:end]
            assert clean_subject(np) == _plain_clean(np)
            conjoined = CONJOINED.search(np) if CONJUNCTION_INSIDE.search(np) else None
            assert _spans(filter(None, [conjoined])) == _spans(filter(None, [CONJOINED.search(np)]))


def test_it_finds_the_name_at_the_end_of_a_part_the_slow_way_too():
    def plain(part: str):
        tail = part.rstrip(" .,")
        tail = tail[:-2] if tail.endswith(("'s", "’s")) else tail
        if not tail or not (tail[-1].isalnum() or tail[-1] == "."):
            return None
        start = 0
        for _ in range(10):
            space = part.rfind(" ", 0, start - 1 if start else len(tail))
            if space < 0:
                start = 0
                break
            start = space + 1
        runs = list(NAME_RUN.finditer(part, start))
        if not runs:
            return None
        m = runs[-1]
        if m.start() == start and start and part[start - 1 : start].strip():
            return None
        if re.sub(r"^['’]s\b", "", part[m.end() :].strip()).strip(" .,"):
            return None
        return m.span()

    parts = ["Mr Blair's", "Mr Blair’sx", "Mr Blair 's_", " a b c d e f g h i j k l Mr Smith", "X 's1", "the minister"]
    for part in parts + [text[a:b] for text in TEXTS for a, b in _windows(text, 80)]:
        found = _name_at_end(part)
        expected = plain(part)
        assert (found is None) == (expected is None)
        if found is not None:
            assert found[0] == part[: expected[0]].strip()


def test_it_counts_capitalised_words_as_a_plain_split_does():
    odd = "Ⓐbc Élan \u00a0Ünter x.\u2003Foo ’Bar' (Qux) 1A -Cd Ⅳ ǅx İstanbul\x1cA:\x1fB\u2028C\u200bD \u180eE"
    for text in [*TEXTS, " ".join(TEXTS), odd, " " + odd, "Ab\n\n\t Cd.  \u00a0  Ef"]:
        caps, inner, previous = Counter(), Counter(), "."
        for raw in text.split():
            word = _unpossess(raw.strip(".,;:!?\"'()[]“”‘’"))
            if word[:1].isupper():
                caps[word] += 1
                if not previous.endswith((".", "!", "?", ":", '"', "”")):
                    inner[word] += 1
            previous = raw
        names = ArticleNames.scan(text)
        assert list(names.capitalised().items()) == list(caps.items())
        assert list(names.capitalised(inside_sentences=True).items()) == list(inner.items())


def test_it_finds_the_cue_words_the_plain_search_finds():
    for text in TEXTS:
        every = [(m.start(), m.end(), m.group()) for m in CUE_WORD.finditer(text)]
        assert cue_spans(text, 0, len(text)) == every
        assert cue_spans(text, 0, len(text) + 150) == every  # an end past the text, as a search allows
        for start, end in _windows(text, 200):
            expected = [(m.start(), m.end(), m.group()) for m in CUE_WORD.finditer(text, start, end)]
            assert cue_spans(text, start, end) == expected
            assert cue_spans(text, start, end, first=True) == expected[:1]


def test_it_sees_an_abbreviation_where_the_pattern_sees_one():
    for text in [*TEXTS, "U.S.A.B.C.D.E.F.G.H\n", "Mr"]:
        for end in range(len(text) + 1):
            for start in {0, max(0, end - 12), max(0, end - 3), max(0, end - 1), end}:
                expected = ABBREVIATION.search(text, start, end) is not None
                assert ends_with_abbreviation(text, start, end) == expected


def test_it_ends_sentences_where_the_plain_pattern_does():
    plain = re.compile(SENTENCE_END.pattern.replace("[.?!…][.?!…]*", "[.?!…]+", 1))
    assert plain.pattern != SENTENCE_END.pattern
    for text in [*TEXTS, 'He left... Then "Yes!?" she said.) (A) 1. "Why?" ‘No.’  Ü']:
        assert _spans(SENTENCE_END.finditer(text)) == _spans(plain.finditer(text))
        for start, end in _windows(text):
            assert _spans(SENTENCE_END.finditer(text, start, end)) == _spans(plain.finditer(text, start, end))


def _plain_sentence_bounds(text: str, lo: int, hi: int):
    """sentence_bounds as it was: one search of the window for SENTENCE_END."""
    bounds, start = [], lo
    for m in SENTENCE_END.finditer(text, lo, min(len(text), hi + 2)):
        stop, end = m.span()
        if end > hi:
            break
        if text[stop] == "." and ends_with_abbreviation(text, max(lo, stop - 12), stop):
            continue
        bounds.append((start, end))
        start = end
    bounds.append((start, hi))
    return bounds


def test_it_bounds_sentences_where_the_window_search_does():
    for text in [*TEXTS, 'He left... Then "Yes!?" she said.) (A) 1. "Why?" ‘No.’  Ü', "Mr. A. Lee.  Q?! Ok…\n\nB"]:
        terminals = _positions(text, TERMINAL)
        for lo, hi in [(0, len(text)), *_windows(text)]:
            assert sentence_bounds(text, lo, hi, terminals) == _plain_sentence_bounds(text, lo, hi)
            assert sentence_bounds(text, lo, hi) == _plain_sentence_bounds(text, lo, hi)


def _plain_segments(text: str):
    """find_segments as it was: the marks searched paragraph by paragraph."""
    marks = MARK if MARK.search(text) or "‘" not in text else SINGLE_MARK
    segments, carry = [], False
    for para_no, para in enumerate(PARAGRAPH.finditer(text)):
        lo, hi = para.span()
        open_at, first_mark, link_next = None, True, False
        for m in marks.finditer(text, lo, hi):
            i, d = m.start(), _direction(text, m.start())
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


def test_it_pairs_the_marks_as_a_search_paragraph_by_paragraph_does():
    texts = [
        *TEXTS,
        '"One," he said.\n\n"Two\n"Three." ‘Four’\n  \nNo marks.\n"Five\nSix."\n"Seven',
        "‘Only single’ marks, don’t\n‘Run on\n\n‘and on’",
        '"a\n\n\n"b" c "d\n \n"e"',
    ]
    for text in texts:
        paragraphs = [m.span() for m in PARAGRAPH.finditer(text)]
        assert find_segments(text, paragraphs) == find_segments(text) == _plain_segments(text)


def test_it_finds_the_marks_the_patterns_find():
    for text in [*TEXTS, '"a" “b” ‘c’ don’t "', '“”"\n‘’']:
        for chars, pattern in ((MARK_CHARS, MARK), (SINGLE_MARK_CHARS, SINGLE_MARK)):
            assert _positions(text, chars) == [m.start() for m in pattern.finditer(text)]


def test_it_breaks_clauses_where_the_plain_pattern_does():
    plain = re.compile(
        r",\s+(?:adding|saying|who|which|referring|as|before|after|when|while|and|but|in|at|"
        r"during|speaking|because|although)\b|\s+(?:and|but)\s+(?:added|said|insisted|warned)\b"
        r"|;|\s[-–—]\s"
    )
    for text in TEXTS:
        for start, end in _windows(text, 200):
            part = text[start:end]
            assert [m.start() for m in CLAUSE_BREAK.finditer(part)] == [m.start() for m in plain.finditer(part)]


def test_its_word_checks_skip_only_what_the_patterns_would_not_match():
    for text in TEXTS:
        for start, end in _windows(text, 200):
            part = text[start:end]
            if LABEL_END.search(part) is not None:
                tail = part.rstrip()[-12:]
                assert not tail.isascii() or tail.lower().endswith(LABEL_ENDINGS)
            if not may_name_spokes(part):
                assert SPOKES_FOR.match(part) is None and SPOKES_NAMED.match(part) is None
            if ACCORDING_BEFORE.search(part) and part.isascii():
                assert "according to" in part.lower()
    for head in SPOKES_HEADS:
        assert any(stem in head for stem in SPOKES_STEMS)
        assert may_name_spokes(f"a {head.upper()} for the Bank")
    assert all(len(word) < 12 for word in LABEL_ENDINGS)


def test_it_finds_the_runs_of_a_surname_a_scan_from_further_back_finds():
    def plain(text: str, word: str):
        at = 0
        while (at := text.find(word, at)) >= 0:
            end = at + len(word)
            words = text[:at].split()
            spaced = at > 1 and text[at - 1] in " \t" and not text[at - 2].isspace()
            before = words[-1] if spaced else ""
            if (before[:1].isupper() or before in PARTICLES) and (end == len(text) or not text[end].isalnum()):
                lo = max(0, at - 120)
                for m in MULTI_NAME_RUN.finditer(text, lo, min(len(text), end + 60)):
                    if m.start() <= at and end <= m.end() and (m.start() > lo or lo == 0):
                        yield m.group(0)
                        break
            at = end

    texts = [*TEXTS, "Chancellor Gordon Brown, Mr Brown and Bank of England Governor Mervyn King met\nKing Charles"]
    for text in texts + [" ".join(TEXTS) * 3]:
        names = ArticleNames.scan(text)
        for word in set(re.findall(r"[A-Z][\w'’-]*", text)):
            assert list(names._runs_with(word)) == list(plain(text, word))
