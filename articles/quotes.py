"""Quotation and speaker extraction: plain text in, ExtractedQuote dataclasses out.

No Django here. Offsets are code-point indices into the text exactly as given; for quoted
speech the span covers what lies strictly between the quotation marks (trimmed of spaces).
Where the paragraphs, sentences and quotations lie is ``articles.quote_layout``'s work.
"""

import re
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
from articles.quote_layout import QuoteLayout
from articles.quote_lexicon import SPOKES_HEADS
from articles.quote_marks import MARK, TERMINAL, Segment
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


class _Extractor:
    def __init__(self, text: str):
        self.text = text
        self.names = ArticleNames.scan(text)
        self.trail = SpeakerTrail(self.names)
        self.layout = QuoteLayout(text)
        self.last_speech_para = -10
        self.out: list[ExtractedQuote] = []
        self._cues: dict[tuple, Cue | None] = {}
        self._verbs: dict[tuple[str, str], bool] = {}
        self._openers: dict[tuple[int, int], Speaker | None] = {}  # sentence -> the person it opens with

    def run(self) -> list[ExtractedQuote]:
        # (position, kind, order found, item): the order breaks ties as a stable sort would,
        # so the items themselves are never compared
        events = [(c[0].start, 1, i, c) for i, c in enumerate(self.layout.chains())]
        n = len(events)
        events += [(a, 0, n + i, (a, b, p, cue)) for i, (p, a, b, cue) in enumerate(self.layout.plain_sentences())]
        events.sort()
        for _, is_quote, _, item in events:
            if is_quote:
                self._chain(item)
            else:
                self._indirect(*item)
        self.out.sort(key=attrgetter("start", "end"))
        return self.out

    def _chain(self, segs: list[Segment]) -> None:
        first, last = segs[0], segs[-1]
        left, after_quote = self.layout.context(first)
        right = self.layout.right(last)
        content = self.text[first.start : last.end]
        embedded = bool(left.strip()) and not after_quote
        if after_quote and self.trail.last().name:
            # `"Part one," he said, "part two."`: the second part goes on with the first's speaker.
            for seg in segs:
                self._emit(seg.start, seg.end, "continuation", self.trail.last(), "")
            self.last_speech_para = first.para
            return
        cue = None if after_quote else cue_before(left, self.names)
        if cue is None and not after_quote and (full := self.layout.full_left(first)) != left:
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
        found = self.layout.sentence_before(pos)
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
            if pronoun is None or (found := self.layout.sentence_before(a)) is None:
                return None
            a, b = found
            want = "f" if pronoun.group(1).lower() == "she" else "m"
            if (opener := self._opener(a, b)) is not None:
                return opener if opener.gender in ("", want) else None
        return None

    def _previous_mention(self, pos: int, want: str) -> Speaker | None:
        """The first person of gender ``want`` (or unknown) the sentence before names anywhere
        ("It did not impress shadow minister Tom Reed. "...," he said.")."""
        found = self.layout.sentence_before(pos)
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
        rest = self.layout.rest_of_sentence(seg)
        return None if rest is None else attribution_at_end(rest, self.names)

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
                speaker.role if speaker_name and not NOT_A_ROLE.search(speaker.role) else "",
                cue,
            )
        )


# A "role" with a verb, a clause word or a quotation in it is a piece of the sentence, not a title
# ("He was speaking as CBI director general", "told BBC Radio 4's Today Programme it was not fair
# to"): no role is better than that one.
NOT_A_ROLE = re.compile(
    r"[\"“”]|\bQ\b|(?<![\w-])(?:said|says|told|tells|added|adds|was|were|is|are|has|had|have|will|would|"
    r"when|despite|but|he|she|they|it|we|I)(?![\w-])"
)


def extract_quotes(text: str) -> list[ExtractedQuote]:
    """Quotes, partial quotes, continuations, indirect speech and designations, in text order."""
    if not text or not text.strip():
        return []
    return _Extractor(text).run()


__all__ = ["Cue", "ExtractedQuote", "KINDS", "QUOTED_SPEECH", "extract_quotes"]
