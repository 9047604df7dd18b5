"""Attribution cues around a quotation: who said it and with which verb.

Pure string functions used by ``articles.quotes`` and ``articles.indirect_speech``.
"""

import re
from dataclasses import dataclass
from operator import itemgetter

from articles.quote_lexicon import (
    CUE_WORD,
    EVAL_WORD,
    LABEL_RE,
    LABEL_VERBS,
    OBJECT_VERBS,
    THOUGHT_WORD,
    TIME_WORDS,
    cue_spans,
    ends_with_abbreviation,
)
from articles.speakers import ArticleNames, Speaker, end_attribution, parse_subject

ACCORDING_BEFORE = re.compile(r"\baccording to\s+(.{1,150}?)\s*,?\s*$", re.IGNORECASE | re.DOTALL)
ACCORDING_AFTER = re.compile(r"^\s*,?\s*according to\s+(.{1,150}?)\s*(?:[.;,]|$)", re.IGNORECASE)
# Where an attribution's clause ends: `, adding|saying|who|...`, `\s+(?:and|but) (added|said|...)`,
# `;` or a spaced dash. Written as one character set and look-behinds (the same starts) so that
# the engine skips to the commas, semicolons and spaces instead of trying every position.
CLAUSE_BREAK = re.compile(
    r"[,;\s](?:(?<=;)|(?<=,)\s+(?:adding|saying|who|which|referring|as|before|after|when|while|and|but|"
    r"in|at|during|speaking|because|although)\b|(?<=\s)(?:\s*(?:and|but)\s+(?:added|said|insisted|warned)\b"
    r"|[-–—]\s))"
)
STOP = re.compile(r"[.!?](?=\s|$)")
MONTHS = "january february march april may june july august september october november december"
TIME_TAIL = re.compile(
    r"^(?:\s+(?:{}|{}|a|an|the|statement|interview|press|conference|briefing|speech|"
    r"\w+day|\d{{1,2}}(?:st|nd|rd|th)?|week|month|year|morning|evening|night),?)*\s*$".format(
        "|".join(TIME_WORDS), "|".join(MONTHS.split())
    ),
    re.IGNORECASE,
)
CONJUNCTION = re.compile(
    r"^(?:while|whilst|and|but|as|although|though|because|when|after|before|which|who|if|so)\b",
    re.IGNORECASE,
)
LABEL_END = re.compile(rf"(?:\bas|\bso-called|\bknown as|{LABEL_RE.pattern})\s*$", re.IGNORECASE)
LABEL_ENDINGS = ("as", *LABEL_VERBS)  # the last word of each of LABEL_END's forms, all under 12 letters


# `Reuters quoted Ann Lee as saying` (Ann Lee speaks) / `Ann Lee was quoted by Reuters as saying`
QUOTED_AS = re.compile(r"\bquoted\s+(?:(?P<by>(?:by|in)\s+[^,;]{1,80}?)|(?P<who>[^,;]{1,80}?))\s+as\s*$", re.IGNORECASE)
PASSIVE = re.compile(r"\s+(?:was|were|is|are|has been|have been|had been)\s*$", re.IGNORECASE)


def _quoted_as(before: str, names: ArticleNames):
    """The speaker of `... quoted X as saying` (``before`` ends just before "saying"), else None."""
    if "quoted" not in before or (m := QUOTED_AS.search(before)) is None:
        return None
    if m.group("who"):
        return parse_subject(m.group("who"), names)
    head = before[: m.start()]
    passive = PASSIVE.search(head)
    return parse_subject(head[: passive.start()], names) if passive else None


@dataclass(frozen=True, slots=True)
class Cue:
    subject: Speaker | str | None  # a Speaker, a pronoun/generic marker, or None
    text: str  # "said", "told reporters", "according to"
    partial: bool = False  # introduces reported speech ("said that ... "X"")


def _cue_text(verb: str, tail: str) -> str:
    if verb not in OBJECT_VERBS:
        return verb
    words = []
    for w in tail.split():
        if w.lower().strip(",.:") in TIME_WORDS or w.lower() == "that":
            break
        words.append(w.strip(",.:"))
        if w.endswith((",", ".", ":")):
            break
    return " ".join([verb] + words[:6])


def _subject_ok(subject) -> bool:
    return subject is not None and not (isinstance(subject, Speaker) and subject.name is None and subject.kind)


def cue_before(left: str, names: ArticleNames) -> Cue | None:
    """`X said: "...` / `X told the BBC "...` / `According to X, "...`: the cue ends the left context."""
    stripped = left.rstrip()
    # (outside ASCII, IGNORECASE matches more than str.lower() tells: ask the pattern)
    if (not stripped.isascii() or "according to" in stripped.lower()) and (m := ACCORDING_BEFORE.search(stripped)):
        subject = parse_subject(m.group(1), names)
        if subject is not None and not left[: m.start()].strip(" ,"):
            return Cue(subject, "according to")
    colon = stripped.endswith(":")
    body = stripped.rstrip(":,").rstrip()
    matches = cue_spans(body, 0, len(body))  # CUE_WORD.finditer(body), as (start, end, word)
    for verb_start, verb_end, verb in reversed(matches[-2:]):
        tail = body[verb_end:]
        if verb in OBJECT_VERBS:
            loose = not colon and tail.strip() and not tail.strip().endswith(("BBC", "reporters"))
            if (loose and len(tail.split()) > 6) or len(tail.split()) > 10 or " that " in f"{tail} ":
                continue
        elif tail.strip() and not TIME_TAIL.match(tail):
            continue
        if verb == "saying" and (quoted := _quoted_as(body[:verb_start], names)) is not None:
            return Cue(quoted, "quoted as saying")
        if verb in ("adding", "saying"):  # the subject of the sentence's main verb
            main = matches[0][0] if matches else None  # the first cue word (CUE_WORD.search(body))
            if main is None and (found := EVAL_WORD.search(body)):
                main = found.start()
            subject = parse_subject(body[:main], names) if main is not None and main < verb_start else None
            return Cue(subject or "last", verb)
        subject = parse_subject(body[:verb_start], names)
        if subject is None:
            return None
        return Cue(subject, _cue_text(verb, tail))
    if colon and body.endswith(PHRASAL_ENDINGS) and (m := PHRASAL_CUE.search(body)) is not None:
        # `The minister went on: "...`, `Mr Reed hit back: "...`
        subject = parse_subject(body[: m.start()], names)
        if subject is not None:
            return Cue(subject, m.group(1))
    return None


# Verbs of saying in two words, which cue a quote only before a colon
PHRASAL_CUE = re.compile(r"\s((?:went|goes|go|hit|hits|shot|fired|fires|shoots)\s+(?:on|back))$")
PHRASAL_ENDINGS = (" on", " back")


def _abbreviation_before(text: str, at: int) -> bool:
    """Whether an abbreviation ends at ``at`` (``ABBREVIATION.search(text, 0, at)``). Its short forms
    and the last letters of an initialism ("S.A", whose \\b the regex checks against the text
    before the window too) lie in the last 12 characters, so a search there gives the answer."""
    return ends_with_abbreviation(text, max(0, at - 12), at)


def _clip(right: str) -> tuple[str, bool]:
    """The attribution part of the text after a quote, and whether the sentence ended there."""
    clipped, ended = _clip_sentence(right)
    if b := CLAUSE_BREAK.search(clipped):
        clipped = clipped[: b.start()]
    return clipped, ended


SETTING = re.compile(r"\s+(?:in|on|at|after|during|to|last|this|before)\s+(.*)$")
CALENDAR = {w.capitalize() for w in (*TIME_WORDS, *MONTHS.split())}


def _without_setting(subject: str) -> str:
    """ "Mr Reed on Monday" -> "Mr Reed"; "an economist at the Brookings Institution" stays."""
    for m in SETTING.finditer(subject):
        if all(not w[:1].isupper() or w.strip(".,") in CALENDAR for w in m.group(1).split()):
            return subject[: m.start()]
    return subject


def cue_after(right: str, content: str, names: ArticleNames) -> Cue | None:
    """`"...," X said.` / `"...," said X, the title of Y.` / `"...", according to X.`"""
    if not right.strip():
        return None
    if (m := ACCORDING_AFTER.match(right)) and not (content[-1:] in ".?!" and right.lstrip()[:1] == "A"):
        # ("..." the end of a sentence, then "According to X, ..." opens the next one: not its cue)
        subject = parse_subject(m.group(1), names)
        return Cue(subject, "according to") if _subject_ok(subject) else None
    lead = right.lstrip()
    continues = right.startswith(",") or content[-1:] in ",?!—–-…" or lead[:1].islower()
    clipped, ended = _clip(right.lstrip(" ,"))
    if not continues and not (ended and len(clipped.split()) <= 8):
        return None
    if CONJUNCTION.match(clipped):
        return None
    found = cue_spans(clipped, 0, len(clipped), first=True)  # CUE_WORD.search(clipped)
    if not found or found[0][0] > 160:
        return None
    verb_start, verb_end, verb = found[0]
    tail = clipped[verb_end:]
    if verb_start == 0:
        subject = parse_subject(_without_setting(tail), names)
        text = verb
    elif verb == "saying" and (quoted := _quoted_as(clipped[:verb_start], names)) is not None:
        subject, text = quoted, "quoted as saying"
    else:
        if not continues and not TIME_TAIL.match(tail) and verb not in OBJECT_VERBS:
            return None
        subject = parse_subject(clipped[:verb_start], names)
        text = _cue_text(verb, tail)
    return Cue(subject, text) if _subject_ok(subject) else None


def cue_in_sentence(left: str, right: str, names: ArticleNames) -> Cue | None:
    """The speaker of reported speech around an embedded (partial) quote."""
    verbs = cue_spans(left, 0, len(left)) + [(m.start(), m.end(), m.group()) for m in EVAL_WORD.finditer(left)]
    verbs.sort(key=itemgetter(0))  # stable: a cue word before an evaluative one at the same place
    for verb_start, _, verb in reversed(verbs[-3:]):  # the verbs nearest the quote first
        if left[max(0, verb_start - 3) : verb_start].lower() == "so-":
            continue
        subject = parse_subject(left[:verb_start], names)
        if _subject_ok(subject):
            return Cue(subject, verb, partial=True)
    cue = cue_after(right if right.lstrip().startswith(",") else "," + right, "", names)
    if cue is not None:
        return Cue(cue.subject, cue.text, partial=True)
    return None


def attribution_at_end(rest: str, names: ArticleNames) -> Cue | None:
    """`His party "instinctively" understood ..., he said.`: the attribution that ends the sentence
    of an embedded quote. ``rest`` is the sentence after the quote (later quotes masked), up to
    its end. The whole sentence is the speaker's reported speech, so the quote is their words."""
    if (end := end_attribution(rest, names)) is None:
        return None
    subject, attribution = end
    if subject not in ("he", "she", "they", "it") and not (isinstance(subject, Speaker) and subject.name):
        return None  # "..., officials said.": nobody to give the words to
    verb = CUE_WORD.search(attribution)
    return Cue(subject, verb.group() if verb else "", partial=True)


# "It is thought ...", "are also thought to be", "felt by", "think of": no one thinking aloud
PASSIVE_THOUGHT = re.compile(r"\b(?:is|are|was|were|be|been|being)(?:\s+(?:also|not|widely|\w+ly))?\s+$", re.IGNORECASE)
THOUGHT_OBJECT = re.compile(r"\s+(?:by|of|about)\b")
# Before the verb, a relative pronoun ("governments who thought") leaves the thinker to guess, and
# "you", "we", "I" think in a comment or a quote, not as an identified speaker.
UNNAMED_THINKER = frozenset("who which that you we i".split())


def thought_in_sentence(left: str, names: ArticleNames) -> Cue | None:
    """`Ann Lee thinks the plan is "over-hyped"`: the person or body who thinks or believes,
    named before the quote, or "he"/"she" (anything vaguer gives None: the quote stays a label)."""
    found = list(THOUGHT_WORD.finditer(left))
    if not found:
        return None
    m = found[-1]
    head = left[: m.start()]
    if PASSIVE_THOUGHT.search(head) or THOUGHT_OBJECT.match(left, m.end()):
        return None
    last_word = head.rsplit(None, 1)[-1:]
    if last_word and last_word[0].lower() in UNNAMED_THINKER:
        return None
    subject = parse_subject(head, names)
    if subject in ("he", "she") or (isinstance(subject, Speaker) and subject.name):
        return Cue(subject, m.group(), partial=True)
    return None


# Quoted words that are what the sentence says of its subject ("is "seldom strong"", "has "real
# promise"", "will prove to be a "false economy""): someone's judgement, not a label.
PREDICATE_END = re.compile(
    r"\b(?:is|are|was|were|be|been|being|has|have|had|remains?|remained|seems?|seemed)(?:\s+(?:an?|not))?\s*$",
    re.IGNORECASE,
)
ACCORDING_ANYWHERE = re.compile(
    r"\baccording to\s+([^,;.]{1,100}?)(?=\s*[,;.]|\s*$|\s+(?:is|are|was|were|has|have|had|will|would)\b)",
    re.IGNORECASE,
)


def according_in_sentence(left: str, right: str, names: ArticleNames) -> Cue | None:
    """`a period that, according to analyst Ann Lee, is "seldom strong"`, `the cuts will be a "false
    economy" ..., according to a union report`: a predicate in quotation marks in a sentence that
    gives its words to a named person or body ("according to X", anywhere in the sentence)."""
    if "ccording to" not in left and "ccording to" not in right:
        return None
    if not PREDICATE_END.search(left):
        return None
    tail, _ = _clip_sentence(right)
    for text in (left, tail):
        for m in ACCORDING_ANYWHERE.finditer(text):
            subject = parse_subject(m.group(1), names)
            if isinstance(subject, Speaker) and subject.name:
                return Cue(subject, "according to", partial=True)
    return None


def _clip_sentence(right: str) -> tuple[str, bool]:
    """The text after a quote up to the end of its sentence."""
    m = next((m for m in STOP.finditer(right) if m.group() != "." or not _abbreviation_before(right, m.start())), None)
    return (right[: m.start()], True) if m else (right, False)


def is_label_context(left: str) -> bool:
    """Quoted words right after "as", "so-called", "labelled" ... name a thing rather than speech."""
    tail = left.rstrip()[-12:]  # LABEL_END's match ends the text but for white space, with one of the words
    if tail.isascii() and not tail.lower().endswith(LABEL_ENDINGS):
        return False
    if not LABEL_END.search(left):
        return False
    if left.rstrip().lower().endswith("so-called"):
        return True
    label = [m.end() for m in LABEL_RE.finditer(left)]
    speech = [m.end() for m in EVAL_WORD.finditer(left)] + [m.end() for m in CUE_WORD.finditer(left)]
    return not speech or (bool(label) and max(label) > max(speech))


def has_speech_verb(left: str, right: str) -> bool:
    """Whether the sentence around an embedded quote reports someone's words at all."""
    tail, _ = _clip(right)
    for text in (left, tail):
        for regex in (CUE_WORD, EVAL_WORD):
            for m in regex.finditer(text):
                if text[max(0, m.start() - 3) : m.start()].lower() != "so-":
                    return True
    return False
