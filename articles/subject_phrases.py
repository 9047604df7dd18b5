"""Reading the noun phrase before a verb of saying, before any parse: the junk around it
("But ...", "... has also"), the capitalised name that ends it, a body's name with a person after
it, and a person's name before a setting ("in Eastby") or an affiliation ("of Kenmark").

Pure functions over plain strings; no Django. ``articles.speakers`` parses the phrase they leave.
"""

import re

from articles.name_runs import NAME_RUN, _place_kind, _words
from articles.names import ArticleNames, Speaker, _person_or_org
from articles.quote_lexicon import ORG_WORDS, PEERAGE_TITLES

# Adverbs that open a sentence and name no one ("Elsewhere, ...", "Overall the firm said").
SENTENCE_ADVERBS = (
    r"elsewhere|overall|additionally|furthermore|moreover|indeed|nevertheless|nonetheless|similarly|likewise|finally"
)
LEADING_JUNK = re.compile(
    r"^(?:(?:but|and|yet|so|now|however|meanwhile|instead|also|then|still|while|although|"
    r"though|because|as|if|when|after|before|since|where|in a statement|in an interview|"
    rf"{SENTENCE_ADVERBS}|by contrast|at the same time|as a result|"
    r"speaking|separately|earlier|later|last \w+|on \w+|in \w+)\b[,\s]*)+",
    re.IGNORECASE,
)
TRAILING_PHRASES = (
    "has|had|have|would|will|could|also|has also|had also|then|later|now|"
    "previously|repeatedly|recently|earlier|once|again|however|meanwhile|himself|herself|"
    "itself|themselves|too|both|all|only|even|just|quickly|publicly|privately|"
    "had previously|has previously|has repeatedly|has already|already|last week|"
    "yesterday|today|went on to|went on|go on to|goes on to|continued to|was quick to|"
    "wanted to|wants to|is expected to|is likely to|was to|would|will|did|does|do"
)
TRAILING_JUNK = re.compile(rf"(?:[\s,]+(?:{TRAILING_PHRASES}))+$", re.IGNORECASE)
# The last word of every trailing phrase: a noun phrase whose last word is none of them keeps its
# tail, so the (slow, end-anchored) pattern need not be tried.
TRAILING_LAST_WORDS = frozenset(p.rsplit(" ", 1)[-1] for p in TRAILING_PHRASES.split("|"))


def _may_end_in_junk(tail: str) -> bool:
    words = tail.rsplit(None, 1)
    last = words[-1].rsplit(",", 1)[-1] if words else ""
    # Outside ASCII, IGNORECASE matches more than str.lower() tells ("ſ" is an "s"): ask the pattern.
    return not last.isascii() or last.lower() in TRAILING_LAST_WORDS


def clean_subject(np: str) -> str:
    np = np.strip().strip(",;:—–- ").strip()
    np = LEADING_JUNK.sub("", np)
    cut = max(0, len(np) - 80)  # the trailing pattern is anchored at the end: scan only the tail
    if _may_end_in_junk(tail := np[cut:]):
        np = np[:cut] + TRAILING_JUNK.sub("", tail)
    return np.strip().strip(",").strip()


PLACE_PREP = re.compile(r"\b(?:of|at|in|for|from|with|to|by)(?:\s+the)?\s*$", re.IGNORECASE)
AFFILIATION = re.compile(r"\s+(?:of|at|from|with|for|in)\s+")


def _name_at_end(part: str) -> tuple[str, list[str]] | None:
    """The capitalised run that ends ``part`` and what precedes it."""
    tail = part.rstrip(" .,")
    if tail.endswith(("'s", "’s")):
        tail = tail[:-2]
    if not tail or not (tail[-1].isalnum() or tail[-1] == "."):
        return None
    last_word = tail.rsplit(None, 1)[-1]
    if last_word.lower() == last_word:  # no capital there, so no run can end the part
        return None
    # A name run is a few words: look only after the tenth space from the end (or at the whole).
    words = part[: len(tail)].rsplit(" ", 10)
    start = len(words[0]) + 1 if len(words) == 11 else 0
    m = None
    for m in NAME_RUN.finditer(part, start):  # noqa: B007 (the last run is the one wanted)
        pass
    if m is None or m.start() == start and start and part[start - 1 : start].strip():
        return None
    if rest := part[m.end() :].strip():
        # What follows the run may only be a possessive "'s" (then a word boundary) and stops.
        if rest[:2] in ("'s", "’s") and not (rest[2:3].isalnum() or rest[2:3] == "_"):
            rest = rest[2:]
        if rest.strip(" .,"):
            return None
    tokens = _words(m.group(0).rstrip(",."))
    prefix = part[: m.start()].strip()
    if "and" in tokens[1:-1]:  # "in Holland and Ferguson said": a place, then the speaker
        at = tokens.index("and", 1)
        if _place_kind(" ".join(tokens[:at])):
            return "", tokens[at + 1 :]  # what comes before "and" is another clause: no role, no preposition
    if len(tokens) >= 3 and PLACE_PREP.search(prefix) and (split := _body_then_person(tokens)):
        # "Shadow leader of the Commons Oliver Heald", "head of the Bank of England Mervyn King":
        # the body ends the role and a person follows it
        return f"{prefix} {' '.join(tokens[:split])}", tokens[split:]
    return prefix, tokens


def _body_then_person(tokens: list[str]) -> int | None:
    """Where the person's name starts in a run that opens with a body's name, else None: after
    the body's last organisation word (and an "of <place>" after it), two or three capitalised
    words that are no organisation words."""
    last = max((i for i, t in enumerate(tokens[:-2]) if t.lower() in ORG_WORDS), default=None)
    if last is None:
        return None
    start = last + 1
    if tokens[start : start + 1] == ["of"] and _place_kind(tokens[start + 1]):
        start += 2
    person = tokens[start:]
    if 2 <= len(person) <= 3 and all(t[:1].isupper() and t.lower() not in NOT_IN_PERSON_NAMES for t in person):
        return start
    return None


# Capitalised words of a body's name that no person's name has ("League Against Cruel Sports")
NOT_IN_PERSON_NAMES = ORG_WORDS | frozenset("against for of and the on in to with without from by".split())


MAX_SETTING_WORDS = 4  # lowercase words between a person and "in <place>" ("on arrival back")
MAX_ROLE_WORDS = 3  # words before the person's name ("Eastby rugby coach")
# A setting phrase has no verb: "Ann Lee has been training in Eastby" says where she was.
AUXILIARY_WORDS = "is are was were has have had will would could should may might must can does did been being".split()
AUXILIARIES = frozenset(AUXILIARY_WORDS)


def _person_before_setting(text: str, names: ArticleNames) -> Speaker | None:
    """The person whose name a few lowercase words of setting follow ("coach Ann Lee on arrival
    back" before "in Eastby"), else None."""
    run = None
    for run in NAME_RUN.finditer(text):  # noqa: B007 (the last run is the one wanted)
        pass
    if run is None or run.group(0).endswith(("'s", "’s")):
        return None  # "Ann Lee's trial in Eastby": her trial, not she, is in Eastby
    between, before = text[run.end() :].split(), text[: run.start()].split()
    if (
        not between
        or len(between) > MAX_SETTING_WORDS
        or not all(w.isalpha() and w.islower() and w not in AUXILIARIES for w in between)
    ):
        return None  # no setting phrase ("the University of the West of England in Bristol")
    tokens = _words(run.group(0).rstrip(",."))
    if (
        len(before) > MAX_ROLE_WORDS
        or PLACE_PREP.search(" ".join(before))
        or any(t.lower() in ORG_WORDS for t in tokens)
    ):
        return None  # the run is no subject's name, or a body's
    speaker = _person_or_org(" ".join(before), tokens, names)
    return speaker if speaker is not None and speaker.kind == "person" else None


def _person_before_affiliation(part: str, names: ArticleNames) -> tuple[str, str]:
    """ "Cara Diemont of IT firm Dimension Data" -> ("Cara Diemont", "of IT firm Dimension Data")."""
    for m in AFFILIATION.finditer(part):
        left = part[: m.start()]
        found = _name_at_end(left)
        if found is None:
            continue
        speaker = _person_or_org(found[0], found[1], names)
        if speaker is not None and speaker.kind == "person":
            place = part[m.end() :]
            if found[1][0].lower() in PEERAGE_TITLES and m.group().strip() == "of" and place.istitle():
                return left, ""  # "Lord Smith of Finsbury": a peer's title, no affiliation
            return left, part[m.start() :].strip()
        break
    return part, ""
