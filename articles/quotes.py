"""Quotation and speaker extraction: plain text in, ExtractedQuote dataclasses out.

No Django here. Offsets are code-point indices into the text exactly as given; for quoted
speech the span covers what lies strictly between the quotation marks (trimmed of spaces).
"""

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from operator import attrgetter

from articles.attribution import (
    Cue,
    according_in_sentence,
    attribution_at_end,
    cue_after,
    cue_before,
    cue_in_sentence,
    has_speech_verb,
    is_label_context,
    thought_in_sentence,
)
from articles.indirect_speech import indirect_in_sentence
from articles.quote_lexicon import CUE_WORD, SPOKES_HEADS, cue_spans
from articles.quote_marks import MARK, PARAGRAPH, TERMINAL, Segment, find_segments, sentence_bounds
from articles.speaker_trail import SpeakerTrail
from articles.speakers import (
    NAME_RUN,
    UNKNOWN,
    ArticleNames,
    Speaker,
    leading_org,
    leading_person,
    parse_subject,
)

QUOTED_SPEECH = ("direct", "partial", "continuation")
KINDS = ("direct", "partial", "continuation", "indirect", "designation")

MAX_DESIGNATION_WORDS = 4
ENDS_CAPITALISED = re.compile(r"[A-Z][\w'’-]+\s*$")
# A sentence about someone already named: "He said ...", "But she added ...".
PRONOUN_OPENING = re.compile(r"\s*(?:(?:but|and|yet|so|however|later|then)\b,?\s+)?(he|she)\s", re.IGNORECASE)
MAX_PRONOUN_CHAIN = 3
# A body speaks as "we": words that say "I" are a person's.
FIRST_PERSON_SINGULAR = re.compile(r"(?<![\w'’-])(?:I|I'm|I’m|I've|I’ve|I'd|I’d|I'll|I’ll|me|my|myself)(?![\w'’-])")


@dataclass(frozen=True, slots=True)
class ExtractedQuote:
    start: int
    end: int
    text: str
    kind: str
    speaker: str | None
    speaker_kind: str
    role: str
    cue: str

    def __reduce__(self):
        # Import workers send every quote they find back to the main process: rebuilt from a plain
        # tuple, unpickling costs a third less than dataclasses' per-field __setstate__.
        return ExtractedQuote, (
            self.start,
            self.end,
            self.text,
            self.kind,
            self.speaker,
            self.speaker_kind,
            self.role,
            self.cue,
        )


TITLE_PARTICLES = frozenset(("of", "the", "for", "and", "in", "on", "to", "a", "an", "&"))


def _is_name(content: str) -> bool:
    """A name or title in quotation marks ("Betty", "Blair Babes", "Axis of Evil"), not speech."""
    words = content.split()
    return (
        content[-1:] not in TERMINAL + ",;:"
        and words[-1][:1].isupper()
        and all(w[:1].isupper() or (i and w in TITLE_PARTICLES) for i, w in enumerate(words))
    )


def _interrupting(between: str) -> bool:
    """`"Part one," he said, "part two."`: the words between two parts of one quotation."""
    return (
        between[:1] in ",—–-"
        and between[-1:] in ",:—–-"
        and len(between.split()) <= 15
        and CUE_WORD.search(between) is not None
    )


class _Extractor:
    def __init__(self, text: str):
        self.text = text
        self.names = ArticleNames.scan(text)
        self.trail = SpeakerTrail(self.names)
        self.paragraphs = [(m.start(), m.end()) for m in PARAGRAPH.finditer(text)]
        self.segments = find_segments(text, self.paragraphs)
        self.in_para: dict[int, list[Segment]] = {}  # the segments of each paragraph, in order
        for seg in self.segments:
            self.in_para.setdefault(seg.para, []).append(seg)
        self._para_starts = [lo for lo, _ in self.paragraphs]
        self.last_speech_para = -10
        self.out: list[ExtractedQuote] = []
        self._bounds: dict[int, list[tuple[int, int]]] = {}
        self._starts: dict[int, list[int]] = {}  # where each of a paragraph's sentences starts
        self._according = "ccording to" in text
        self._cues: dict[tuple, Cue | None] = {}
        self._verbs: dict[tuple[str, str], bool] = {}
        self._openers: dict[tuple[int, int], Speaker | None] = {}  # sentence -> the person it opens with

    def bounds(self, para: int) -> list[tuple[int, int]]:
        """Sentences of a paragraph (computed once)."""
        if para not in self._bounds:
            self._bounds[para] = [b for b in sentence_bounds(self.text, *self.paragraphs[para]) if b[1] > b[0]]
            self._starts[para] = [a for a, _ in self._bounds[para]]
        return self._bounds[para]

    def sentence_start(self, para: int, pos: int, floor: int) -> int:
        """The last sentence start in [floor, pos], else floor (sentences are sorted and apart)."""
        self.bounds(para)
        starts = self._starts[para]
        i = bisect_right(starts, pos) - 1
        return starts[i] if i >= 0 and starts[i] >= floor else floor

    def run(self) -> list[ExtractedQuote]:
        # (position, kind, order found, item): the order breaks ties as a stable sort would,
        # so the items themselves are never compared
        events = [(c[0].start, 1, i, c) for i, c in enumerate(self._chains())]
        n = len(events)
        events += [(a, 0, n + i, (a, b, p, cue)) for i, (p, a, b, cue) in enumerate(self._plain_sentences())]
        events.sort()
        for _, is_quote, _, item in events:
            if is_quote:
                self._chain(item)
            else:
                self._indirect(*item)
        self.out.sort(key=attrgetter("start", "end"))
        return self.out

    def _chains(self) -> list[list[Segment]]:
        """The segments grouped into quotations: a running quote's parts go together."""
        chains: list[list[Segment]] = []
        for seg in self.segments:
            if seg.linked and chains:
                chains[-1].append(seg)
            else:
                chains.append([seg])
        return chains

    def _plain_sentences(self):
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

    def _context(self, seg: Segment) -> tuple[str, bool]:
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

    def _full_left(self, seg: Segment) -> str:
        """The whole sentence before a quote, earlier quotes in it masked ("Q")."""
        lo = self.paragraphs[seg.para][0]
        start = self.sentence_start(seg.para, seg.open_at, lo)
        parts, at = [], start
        for s in self.in_para[seg.para]:
            if start <= s.open_at and s.close_at < seg.open_at:
                parts.append(self.text[at : s.open_at] + '"Q"')
                at = s.close_at + 1
        if not parts:
            return self.text[start : seg.open_at]
        return "".join(parts) + self.text[at : seg.open_at]

    def _right(self, seg: Segment) -> str:
        hi = self.paragraphs[seg.para][1]
        nxt = [s.open_at for s in self.in_para[seg.para] if s.open_at > seg.close_at]
        stop = min(nxt) if nxt else hi
        return self.text[seg.close_at + 1 : stop] if seg.close_at < hi else ""

    def _chain(self, segs: list[Segment]) -> None:
        first, last = segs[0], segs[-1]
        left, after_quote = self._context(first)
        right = self._right(last)
        content = self.text[first.start : last.end]
        embedded = bool(left.strip()) and not after_quote
        if after_quote and self.trail.last().name:
            # `"Part one," he said, "part two."`: the second part goes on with the first's speaker.
            for seg in segs:
                self._emit(seg.start, seg.end, "continuation", self.trail.last(), "")
            self.last_speech_para = first.para
            return
        cue = None if after_quote else cue_before(left, self.names)
        if cue is None and not after_quote and (full := self._full_left(first)) != left:
            left = full
            cue = cue_before(left, self.names)
            embedded = bool(left.strip())
        cue_seg = first
        if cue is None and not embedded:
            cue, cue_seg = cue_after(right, content, self.names), last
        if cue is None and not after_quote and left.strip():
            kind = self._embedded_kind(left, right, content, last, len(segs))
            if kind == "designation":
                self._emit(first.start, last.end, "designation", UNKNOWN, "")
                return
            if kind == "partial":
                cue = self._sentence_cue(left, right) or self._predicate_cue(left) or self._end_cue(last)
                if cue is None and self._speech_verb(left, right):
                    cue = Cue("last", "", partial=True)
                if cue is None:
                    cue = thought_in_sentence(left, self.names) or according_in_sentence(left, right, self.names)

        def hint() -> Speaker | None:  # computed only when a pronoun or a missing cue needs it
            # "Mr Blair praised ..., which he said was the "cornerstone"": this sentence's own
            # subject first, then the person the sentence before is about.
            return (leading_person(left, self.names) if embedded else None) or self._previous_subject(first.open_at)

        def org_hint() -> Speaker | None:
            return self._previous_subject(first.open_at, organisation=True)

        def mentioned(want: str) -> Speaker | None:
            return self._previous_mention(first.open_at, want)

        if cue is not None:
            speaker = self.trail.resolve(cue.subject, hint, org_hint, mentioned)
            # `X told reporters the plan was "a mistake"`: embedded words, not a sentence of speech.
            lowercase_embedded = embedded and content[:1].islower() and not left.rstrip().endswith((":", ","))
            if embedded and (cue.partial or lowercase_embedded):
                kinds = ["partial"] * len(segs)
            else:
                kinds = ["direct" if s is cue_seg else "continuation" for s in segs]
                if speaker.kind == "organisation" and isinstance(cue.subject, Speaker):
                    speaker = self._speaking_as_person(speaker, content)
            self._note(speaker, first.para)
            for seg, kind in zip(segs, kinds, strict=False):
                self._emit(seg.start, seg.end, kind, speaker, cue.text)
            return
        if not embedded and not after_quote and self._short_label(content, right):
            self._emit(first.start, last.end, "designation", UNKNOWN, "")
            return
        speaker = self.trail.last() if first.para - self.last_speech_para <= 1 else UNKNOWN
        if not embedded and (previous := hint()) is not None:
            speaker = previous
        kind = "partial" if embedded else "continuation" if speaker.name else "direct"
        for seg in segs:
            self._emit(seg.start, seg.end, kind, speaker, "")
        if speaker.name:
            self.last_speech_para = first.para

    def _previous_subject(self, pos: int, organisation: bool = False) -> Speaker | None:
        """The person the previous sentence opens with, unless that sentence is quoted speech."""
        found = self._sentence_before(pos)
        if found is None:
            return None
        a, b = found
        if organisation:
            return leading_org(self.text[a:b], self.names)
        for _ in range(MAX_PRONOUN_CHAIN):
            opener = self._opener(a, b)
            if opener is not None:
                return opener
            # "Tony Smith repeated his view. He said ... "...," he said.": a sentence that opens
            # with a pronoun is about the person the sentence before it is about.
            pronoun = PRONOUN_OPENING.match(self.text, a, b)
            if pronoun is None or (found := self._sentence_before(a)) is None:
                return None
            a, b = found
            want = "f" if pronoun.group(1).lower() == "she" else "m"
            if (opener := self._opener(a, b)) is not None:
                return opener if opener.gender in ("", want) else None
        return None

    def _previous_mention(self, pos: int, want: str) -> Speaker | None:
        """The first person of gender ``want`` (or unknown) the sentence before names anywhere
        ("It did not impress shadow minister Tom Reed. "...," he said.")."""
        found = self._sentence_before(pos)
        if found is None or MARK.match(self.text, found[0]):
            return None
        sentence = self.text[found[0] : found[1]]
        for m in NAME_RUN.finditer(sentence):
            if " and " in m.group():
                continue
            speaker = parse_subject(m.group(), self.names)
            if isinstance(speaker, Speaker) and speaker.kind == "person" and speaker.gender in ("", want):
                return speaker
        return None

    def _opener(self, a: int, b: int) -> Speaker | None:
        if (a, b) not in self._openers:
            sentence = self.text[a:b]
            self._openers[a, b] = None if MARK.match(sentence.lstrip()) else leading_person(sentence, self.names)
        return self._openers[a, b]

    def _sentence_before(self, pos: int) -> tuple[int, int] | None:
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

    def _sentence_cue(self, left: str, right: str) -> Cue | None:
        """cue_in_sentence, computed once per quote (its kind and its speaker both need it)."""
        key = (left, right, self.names.version)
        if key not in self._cues:
            self._cues[key] = cue_in_sentence(left, right, self.names)
        return self._cues[key]

    def _speech_verb(self, left: str, right: str) -> bool:
        """has_speech_verb, computed once per quote (its kind and its cue both ask)."""
        if (left, right) not in self._verbs:
            self._verbs[left, right] = has_speech_verb(left, right)
        return self._verbs[left, right]

    def _predicate_cue(self, left: str) -> Cue | None:
        """`Richard Thomas "totally condemned" the deletion`: the quote is the person's verb."""
        if len(left.split()) <= 5 and ENDS_CAPITALISED.search(left):
            subject = parse_subject(left, self.names)
            if isinstance(subject, Speaker) and subject.kind == "person":
                return Cue(subject, "", partial=True)
        return None

    def _embedded_kind(self, left: str, right: str, content: str, last: Segment, n: int) -> str:
        words = len(content.split())
        if n == 1 and (_is_name(content) or (words <= MAX_DESIGNATION_WORDS and is_label_context(left))):
            return "designation"  # a label, or a name or title of any length ("Guide to the World Wide Web")
        if self._sentence_cue(left, right) is not None or self._predicate_cue(left):
            return "partial"
        if self._speech_verb(left, right):
            return "partial"
        if n == 1 and words <= MAX_DESIGNATION_WORDS:
            if thought_in_sentence(left, self.names) or according_in_sentence(left, right, self.names):
                return "partial"
            return "partial" if self._end_cue(last) else "designation"
        return "partial"

    def _end_cue(self, seg: Segment) -> Cue | None:
        """attribution_at_end for the sentence a quote ends in, later quotes in it masked ("Q")."""
        para = seg.para
        bounds = self.bounds(para)
        i = bisect_right(self._starts[para], seg.close_at) - 1
        end = bounds[i][1] if i >= 0 else self.paragraphs[para][1]
        if end <= seg.close_at + 1 or "," not in self.text[seg.close_at + 1 : end]:
            return None
        parts, at = [], seg.close_at + 1
        for s in self.in_para[para]:
            if at <= s.open_at and s.close_at < end:
                parts.append(self.text[at : s.open_at] + '"Q"')
                at = s.close_at + 1
        return attribution_at_end("".join(parts) + self.text[at:end], self.names)

    def _short_label(self, content: str, right: str) -> bool:
        short = len(content.split()) <= 2 and content[-1:] not in TERMINAL + ","
        return short and not right.startswith(",") and not has_speech_verb("", right)

    def _indirect(self, a: int, b: int, para: int, cue: int) -> None:
        found = indirect_in_sentence(self.text, a, b, self.names, cue)
        if found is None:
            return
        (start, end), cue = found
        speaker = self.trail.resolve(cue.subject)
        if speaker.name is None and cue.subject is None:
            return
        self._note(speaker, para)
        self._emit(start, end, "indirect", speaker, cue.text)

    def _speaking_as_person(self, speaker: Speaker, content: str) -> Speaker:
        """A one-word "body" whose quoted words say "I" ("Parry said: "I sincerely hope..."") is a
        person named by one word; the article's later mentions of the word then name that person."""
        word = speaker.name
        if " " in word or word.isupper() or not word.isalpha() or FIRST_PERSON_SINGULAR.search(content) is None:
            return speaker
        if not SPOKES_HEADS.isdisjoint(speaker.role.lower().split()):
            return speaker  # "a BaFin spokeswoman said: "I can confirm ...": the body speaks
        self.names.learn(self.names.full_names, word, word)
        return Speaker(word, "person", speaker.role, speaker.gender)

    def _note(self, speaker: Speaker, para: int) -> None:
        self.trail.note(speaker)
        self.last_speech_para = para

    def _emit(self, start: int, end: int, kind: str, speaker: Speaker, cue: str) -> None:
        speaker_name = None if kind == "designation" else speaker.name
        if speaker_name and speaker_name.isupper() and speaker.kind == "organisation":
            # "the IMF said", where the article wrote "the International Monetary Fund (IMF)"
            speaker_name = self.names.expansion(speaker_name) or speaker_name
        self.out.append(
            ExtractedQuote(
                start,
                end,
                self.text[start:end],
                kind,
                speaker_name,
                speaker.kind if speaker_name else "",
                speaker.role if speaker_name else "",
                cue,
            )
        )


def extract_quotes(text: str) -> list[ExtractedQuote]:
    """Quotes, partial quotes, continuations, indirect speech and designations, in text order."""
    if not text or not text.strip():
        return []
    return _Extractor(text).run()


__all__ = ["Cue", "ExtractedQuote", "KINDS", "QUOTED_SPEECH", "extract_quotes"]
