"""Indirect (reported) speech without quotation marks, one sentence at a time."""

import re

from articles.attribution import Cue, _cue_text
from articles.quote_lexicon import CUE_WORD, TIME_WORDS, cue_spans
from articles.speakers import ArticleNames, Speaker, parse_subject
from articles.subject_referents import SHARED_SUBJECT_END

CLAUSE_VERBS = frozenset(
    "said says told tells added adds warned warns argued argues insisted insists claimed claims "
    "stressed stresses admitted admits suggested suggests predicted predicts stated states "
    "explained explains noted notes confirmed confirms reported reports revealed conceded "
    "acknowledged maintained maintains denied denies announced".split()
)
# Verbs whose reported clause may follow without "that" ("She said new mothers were ...").
BARE_CLAUSE_VERBS = frozenset("said says added adds warned warns insisted insists argued argues claimed claims".split())
SETTING_THAT = re.compile(r"^(\s+(?:in|on|at|during|to)\s+[^,.]{1,40}?),?\s+that\s")
ACCORDING_START = re.compile(r"^According to\s+([^,]{1,120}),\s+(.+)$")
ACCORDING_END = re.compile(r"^(.+?),\s+according to\s+(.{1,120})$")
TOLD_THAT = re.compile(r"^((?:\s+[^\s,]+){1,6}?)\s+that\s+")  # "told reporters that"
THAT = re.compile(r"^,?\s*that\s+")
TIME_PHRASE = re.compile(r"^(?:\s*(?:{}|\w+day)\b)+".format("|".join(TIME_WORDS)), re.IGNORECASE)
END_TAIL_MAX_WORDS = 8
MIN_CONTENT_WORDS = 3


def _named(subject) -> bool:
    return subject is not None and not (isinstance(subject, Speaker) and subject.name is None)


def _span(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a] in " ,":
        a += 1
    while b > a and text[b - 1] in " ,.;:":
        b -= 1
    return a, b


def _attribution_at_end(s: str, names: ArticleNames, verbs: list[tuple[int, int, str]]):
    if not verbs:
        return None
    verb_start, verb_end, verb = verbs[-1]
    tail = s[verb_end:]
    if len(tail.split()) > END_TAIL_MAX_WORDS or "," in tail or " that " in f"{tail} ":
        return None
    commas, at = [], verb_start
    while len(commas) < 3 and (at := s.rfind(",", 0, at)) >= 0:
        commas.insert(0, at)
    for c in reversed(commas):
        if len(s[:c].split()) < MIN_CONTENT_WORDS:  # too little reported before it (cheap: first)
            continue
        between = s[c + 1 : verb_start]
        if SHARED_SUBJECT_END.search(between.rstrip()):
            continue  # "Speaking on TV, Ann Lee said ... and warned ...": the verb is no ", X said."
        # ", argued Mr Howard": the speaker follows the verb
        subject = parse_subject(between if between.strip() else tail, names)
        if _named(subject):
            return 0, c, Cue(subject, _cue_text(verb, tail))
    return None


def _attribution_at_start(s: str, names: ArticleNames, verbs: list[tuple[int, int, str]]):
    if not verbs:
        return None
    verb_start, verb_end, verb = verbs[0]
    if verb not in CLAUSE_VERBS or verb_start > 120:
        return None
    # The clause after the verb first: it is cheap to check and rules most sentences out, and
    # parsing the subject is the costly part (it learns nothing another step would not learn).
    rest = s[verb_end:]
    if verb in ("told", "tells"):
        that = TOLD_THAT.match(rest)
        if that is None:
            return None
        skip = that.end()
    else:
        if (where := SETTING_THAT.match(rest)) is not None:  # "said in a statement that ..."
            skip = where.end(1)
        else:
            skip = when.end() if (when := TIME_PHRASE.match(rest)) else 0
        that = THAT.match(rest[skip:])
        skip += that.end() if that else 0
        if not that and (verb not in BARE_CLAUSE_VERBS or rest[skip:].lstrip().startswith(("to ", "so "))):
            return None
    start = verb_end + skip
    if len(s[start:].split()) < MIN_CONTENT_WORDS:
        return None
    subject = parse_subject(s[:verb_start], names)
    if not _named(subject):
        return None
    return start, len(s), Cue(subject, _cue_text(verb, rest))


def indirect_in_sentence(text: str, a: int, b: int, names: ArticleNames, cue: int | None = None):
    """((start, end), Cue) for a sentence reporting someone's words, else None. ``cue``, when
    the caller knows it, is where the sentence's first cue word or "according to" begins."""
    s = text[a:b].rstrip()
    if cue is None and not CUE_WORD.search(s) and "ccording to" not in s:
        return None
    body = s.rstrip(".!?")
    if len(body.split()) < MIN_CONTENT_WORDS + 2 or "?" in s:
        return None
    found = None
    # The two patterns need these words: looking for them first spares most sentences the patterns.
    if body.startswith("According to") and (m := ACCORDING_START.match(body)):
        subject = parse_subject(m.group(1), names)
        if _named(subject):
            found = m.start(2), len(body), Cue(subject, "according to")
    elif "according to" in body and (m := ACCORDING_END.match(body)):
        subject = parse_subject(m.group(2), names)
        if _named(subject):
            found = 0, m.end(1), Cue(subject, "according to")
    else:
        # The sentence's cue words, looked for once for both readings. A caller that knows the
        # first one starts the sentence after white space (or at the text's start), so the
        # text's matches from there up to the body's end are the body's own.
        if cue is None:
            verbs = [(m.start(), m.end(), m.group()) for m in CUE_WORD.finditer(body)]
        else:
            verbs = [(x - a, y - a, w) for x, y, w in cue_spans(text, cue, a + len(body))]
        found = _attribution_at_end(body, names, verbs) or _attribution_at_start(body, names, verbs)
    if found is None:
        return None
    start, end, cue = found
    start, end = _span(text, a + start, a + end)
    return ((start, end), cue) if end > start else None
