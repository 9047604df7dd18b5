"""Where things are in one article's text: its paragraphs, sentences and quotation segments.

The extractor in ``articles.quotes`` decides what each quotation is and who speaks it; a
``QuoteLayout`` answers where: the sentences of a paragraph (found once), the sentence before a
position, the words before and after a quotation in its sentence (other quotations in it masked),
the segments grouped into quotations, and the sentences outside quotation marks that hold a cue
word and so may report speech. Pure string work; no Django.
"""

from bisect import bisect_left, bisect_right

from articles.quote_lexicon import CUE_WORD, cue_spans
from articles.quote_marks import PARAGRAPH, TERMINAL, Segment, _positions, find_segments, sentence_bounds


def _interrupting(between: str) -> bool:
    """`"Part one," he said, "part two."`: the words between two parts of one quotation."""
    return (
        between[:1] in ",—–-"
        and between[-1:] in ",:—–-"
        and len(between.split()) <= 15
        and CUE_WORD.search(between) is not None
    )


class QuoteLayout:
    def __init__(self, text: str):
        self.text = text
        self.paragraphs = [(m.start(), m.end()) for m in PARAGRAPH.finditer(text)]
        self.segments = find_segments(text, self.paragraphs)
        self.in_para: dict[int, list[Segment]] = {}  # the segments of each paragraph, in order
        for seg in self.segments:
            self.in_para.setdefault(seg.para, []).append(seg)
        self._para_starts = [lo for lo, _ in self.paragraphs]
        self._bounds: dict[int, list[tuple[int, int]]] = {}
        self._starts: dict[int, list[int]] = {}  # where each of a paragraph's sentences starts
        self._according = "ccording to" in text
        self._terminals = _positions(text, TERMINAL)  # where sentences may end, found once

    def bounds(self, para: int) -> list[tuple[int, int]]:
        """Sentences of a paragraph (computed once)."""
        if para not in self._bounds:
            found = sentence_bounds(self.text, *self.paragraphs[para], self._terminals)
            self._bounds[para] = [b for b in found if b[1] > b[0]]
            self._starts[para] = [a for a, _ in self._bounds[para]]
        return self._bounds[para]

    def sentence_start(self, para: int, pos: int, floor: int) -> int:
        """The last sentence start in [floor, pos], else floor (sentences are sorted and apart)."""
        self.bounds(para)
        starts = self._starts[para]
        i = bisect_right(starts, pos) - 1
        return starts[i] if i >= 0 and starts[i] >= floor else floor

    def chains(self) -> list[list[Segment]]:
        """The segments grouped into quotations: a running quote's parts go together."""
        chains: list[list[Segment]] = []
        for seg in self.segments:
            if seg.linked and chains:
                chains[-1].append(seg)
            else:
                chains.append([seg])
        return chains

    def plain_sentences(self):
        """Sentences outside quotation marks that contain a cue word or "according to" (no
        other sentence can report speech: ``indirect_in_sentence`` gives up on them at once)."""
        inside = sorted((s.open_at, s.close_at + 1) for s in self.segments)
        starts = [x for x, _ in inside]
        for p, (lo, hi) in enumerate(self.paragraphs):
            cue = self._first_cue_outside_quotes(p, lo, hi)
            if cue == hi:
                continue
            for a, b in self.bounds(p):
                j = bisect_left(starts, b)  # quotes opening before the sentence ends
                if j and inside[j - 1][1] > a:  # quotes do not overlap: the last one ends latest
                    continue
                if cue < a:  # look in this sentence only, not in the quoted ones after it
                    cue = self._next_cue(a, b)
                if cue < b:
                    yield p, a, b, cue
                elif cue == b:
                    cue = -1  # none in this sentence: nothing known about the next one

    def _first_cue_outside_quotes(self, para: int, lo: int, hi: int) -> int:
        """``_next_cue(lo, hi)`` for the paragraph's text outside its quotations (from each
        opening mark to just past its closing one), where the sentences that can report speech
        lie: the first cue of those sentences is the first one found, and the quoted words are
        not searched. A stretch ends at a mark, so no word is cut short."""
        at = lo
        for seg in self.in_para.get(para, ()):
            if at < seg.open_at and (cue := self._next_cue(at, seg.open_at)) < seg.open_at:
                return cue
            at = max(at, seg.close_at + 1)
        return self._next_cue(at, hi) if at < hi else hi

    def _next_cue(self, at: int, hi: int) -> int:
        """Where the first cue word or "according to" at or after ``at`` (a sentence start, or
        where a quotation ends) begins, before ``hi`` (a sentence or paragraph end, or an opening
        mark), else ``hi``. Sentences start after white space and end before it, so what a search
        from their start finds is what a search of the sentence alone would find: the words
        outside a sentence cannot change it."""
        found = cue_spans(self.text, at, hi, first=True)
        cue = found[0][0] if found else hi
        if not self._according:
            return cue
        according = self.text.find("ccording to", at, min(hi, cue + 10))  # one starting before the cue
        return according if according >= 0 else cue

    def context(self, seg: Segment) -> tuple[str, bool]:
        """Text before the opening mark in its sentence; True if a quote precedes it there."""
        lo = self.paragraphs[seg.para][0]
        prev = [s.close_at + 1 for s in self.in_para[seg.para] if s.close_at < seg.open_at]
        limit = max(prev) if prev else lo
        start = self.sentence_start(seg.para, seg.open_at, limit)
        between = self.text[limit : seg.open_at].strip()
        if prev and self.text[limit - 2 : limit - 1] in ",—–-":  # `"Part one," he said, "...`
            between = "," + between
        after_quote = bool(prev) and start == limit and _interrupting(between)
        return self.text[start : seg.open_at], after_quote

    def full_left(self, seg: Segment) -> str:
        """The whole sentence before a quote, earlier quotes in it masked ("Q")."""
        lo = self.paragraphs[seg.para][0]
        return self._masked(seg.para, self.sentence_start(seg.para, seg.open_at, lo), seg.open_at)

    def _masked(self, para: int, lo: int, hi: int) -> str:
        """The paragraph's text from ``lo`` to ``hi`` with each quotation wholly inside it
        written "Q": the words around a quote are read without those of the others."""
        parts, at = [], lo
        for s in self.in_para[para]:
            if at <= s.open_at and s.close_at < hi:
                parts.append(self.text[at : s.open_at] + '"Q"')
                at = s.close_at + 1
        if not parts:
            return self.text[lo:hi]
        return "".join(parts) + self.text[at:hi]

    def right(self, seg: Segment) -> str:
        hi = self.paragraphs[seg.para][1]
        nxt = [s.open_at for s in self.in_para[seg.para] if s.open_at > seg.close_at]
        stop = min(nxt) if nxt else hi
        return self.text[seg.close_at + 1 : stop] if seg.close_at < hi else ""

    def sentence_before(self, pos: int) -> tuple[int, int] | None:
        """The sentence before the one holding ``pos`` (or before ``pos``, between sentences)."""
        para = bisect_right(self._para_starts, pos) - 1  # paragraphs are sorted and apart
        if para < 0 or pos > self.paragraphs[para][1]:
            para = next(i for i, (lo, hi) in enumerate(self.paragraphs) if lo <= pos <= hi)
        sentences = self.bounds(para)
        k = bisect_right(self._starts[para], pos) - 1  # the sentence holding pos, if any
        if k < 0 or pos >= sentences[k][1]:
            k = len(sentences)
        if k > 0:
            return sentences[k - 1]
        if para > 0:
            return self.bounds(para - 1)[-1]
        return None

    def rest_of_sentence(self, seg: Segment) -> str | None:
        """What follows a quote in the sentence it ends in, later quotes in it masked ("Q"); None
        when nothing follows it there, or nothing with a comma (no attribution can follow)."""
        para = seg.para
        bounds = self.bounds(para)
        i = bisect_right(self._starts[para], seg.close_at) - 1
        end = bounds[i][1] if i >= 0 else self.paragraphs[para][1]
        if end <= seg.close_at + 1 or "," not in self.text[seg.close_at + 1 : end]:
            return None
        return self._masked(para, seg.close_at + 1, end)
