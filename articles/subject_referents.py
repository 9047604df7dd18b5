"""What a subject stands for when it names no speaker itself: a document ("a National Audit
Office report", "the report") for its author, a verb after "but"/"and" for the subject of the
clause before it ("Lord Falconer agreed ... but added"), and a body described by its rank ("the
UK's biggest coal producer") for the body the article is about.

Pure string work. The functions take ``parse`` (``articles.speakers.parse_subject``, which calls
them) to read the names they find.
"""

import re
from collections.abc import Callable

from articles.names import ArticleNames, Speaker
from articles.quote_lexicon import TITLE_WORDS

Parse = Callable[[str, ArticleNames], "Speaker | str | None"]

# "... was discriminatory but (added)": a subject that ends in "but"/"and" belongs to a verb that
# shares the subject of the clause before it
SHARED_SUBJECT_END = re.compile(r"[a-z]\s+(?:but|and)(?:\s+(?:also|then|later))?$")
SHARED_SUBJECT_WORDS = ("but", "and", "also", "then", "later")  # the words SHARED_SUBJECT_END ends with
LOWERCASE_WORD = re.compile(r"(?<=\s)[a-z][\w'’-]*")
# Where a clause with a subject of its own may start (named apart from attribution.CLAUSE_BREAK)
CONTRAST_BREAK = re.compile(r"\s(?:but|while|whereas|although|though)\s|;")
IRREGULAR_PAST = frozenset("said told wrote spoke made gave took sent held thought felt went came met put set".split())
# "a National Audit Office report on ...", "the TUC's latest study", "a report by the Low Pay
# Commission": a document that speaks for the one it names as its author
DOCUMENT_NOUNS = ("report", "study", "survey", "review", "findings", "analysis", "research", "paper")
_DOCUMENT = rf"(?:{'|'.join(DOCUMENT_NOUNS)})"
# The nouns that, alone after "the" ("the report warned"), stand for a document the article named
DOCUMENTS = frozenset(DOCUMENT_NOUNS[:5])
_DOCUMENT_WORDS = r"(?:\s+(?:new|latest|annual|interim|final|draft|own|official|independent|recent|\d{4}))*"
DOCUMENT_OF = re.compile(
    rf"^(?:[Aa]n?|[Tt]he)\s+(?P<author>[A-Z][^,]*?)(?:['’]s)?{_DOCUMENT_WORDS}\s+{_DOCUMENT}"
    rf"(?:\s+(?:on|into|of|about|for|published|out)\b.*)?$"
)
DOCUMENT_BY = re.compile(
    rf"^(?:(?:[Aa]n?|[Tt]he)\s+)?(?:[a-z]+\s+)?{_DOCUMENT}\s+(?:(?:conducted|carried out|published)\s+)?(?:by|from)\s+"
    rf"(?P<author>(?:the\s+)?[A-Z].*)$"
)
# "a TUC report last year": when, not part of the author's name (unlike attribution.TIME_TAIL)
DOCUMENT_TIME_TAIL = re.compile(r"\s+(?:(?:last|this|next)\s+(?:year|week|month)|in\s+\d{4}|on\s+\w+day|recently)$")
# "... in the wake of a Law Commission report (which branded ...)": the document a relative pronoun follows
DOCUMENT_TAIL = re.compile(rf"(?:^|\s)((?:[Aa]n?|[Tt]he)\s+[A-Z][^,]*?(?:['’]s)?{_DOCUMENT_WORDS}\s+{_DOCUMENT})$")
# "The UK's biggest coal producer", "the world's largest carmaker": a body described, not named
DESCRIBED_BODY = re.compile(
    r"^[Tt]he\s+(?:[\w.-]+['’]s\s+)?(?:(?:second|third)-)?(?:biggest|largest|leading|top|oldest|dominant|"
    r"fastest-growing|best-selling)\s+(?:[\w-]+\s+){0,3}(?P<head>[a-z]+)$"
)
BODY_HEADS = frozenset(
    "company firm group bank airline carrier retailer business maker manufacturer carmaker producer provider "
    "operator chain insurer lender supplier exporter importer miner brewer broadcaster publisher network "
    "supermarket conglomerate utility telecoms".split()
)
DOCUMENT_WORD = re.compile(rf"\b{_DOCUMENT}\b")
# Where an article names a document's author: "A National Audit Office report", "the TUC's study"
_AUTHOR_END = (
    r"(?=\s*[,.;:(]|\s+(?:says?|said|found|finds|shows?|showed|warned|warns|suggests?|suggested|"
    r"concluded|concludes|published|which|that|has|had|is|was|on|into)\b)"
)
NAMED_DOCUMENT = re.compile(
    rf"\b(?:[Aa]n?|[Tt]he)\s+[A-Z][\w'’&-]*(?:\s+(?:(?:of|for|and|&|on)\s+)?[A-Z][\w'’&-]*)*(?:['’]s)?"
    rf"{_DOCUMENT_WORDS}\s+{_DOCUMENT}\b|\b(?:[Aa]n?|[Tt]he)\s+(?:[a-z]+\s+)?{_DOCUMENT}\s+(?:by|from)\s+"
    rf"(?:the\s+)?[A-Z][\w'’&-]*(?:\s+[\w'’&-]+){{0,6}}?{_AUTHOR_END}"
)


def document_author(np: str, names: ArticleNames, parse: Parse) -> Speaker | None:
    """The named author of the document ``np`` stands for ("a TUC report" -> TUC), else None."""
    if not DOCUMENT_WORD.search(np) or (m := DOCUMENT_OF.match(np) or DOCUMENT_BY.match(np)) is None:
        return None
    author = DOCUMENT_TIME_TAIL.sub("", m.group("author"))
    found = parse(author if author.startswith(("the ", "The ")) else "the " + author, names)
    if not isinstance(found, Speaker) or not found.name:
        return None
    gender = found.gender or names.gender_of(found.name) if found.kind == "person" else ""
    if found.kind == "person" and not gender:
        # "a Kenmark Research report": two capitalised words, but a person who writes a report is
        # one the article calls "Mr"/"Lord" somewhere; otherwise the author is a body
        return Speaker(found.name, "organisation")
    # the author, not a role it was named with; a body has no gender for "he said" to find
    return Speaker(found.name, found.kind, "", gender)


def named_document_author(noun: str, names: ArticleNames, parse: Parse) -> Speaker | None:
    """Who "the <noun>" ("the report") stands for: the author of the first such document the
    article names ("A National Audit Office report says ..."), else None."""
    if noun not in names.referents:
        names.referents[noun] = None
        for m in NAMED_DOCUMENT.finditer(names.text):
            if names.text[max(0, m.start() - 2) : m.start()].strip()[-1:].isalpha():
                continue  # "Oxfam's Paying the Price report": a title, not "the Price report"
            found = m.group().lower()
            if (found.endswith(noun) or f" {noun} " in found) and (author := document_author(m.group(), names, parse)):
                names.referents[noun] = author
                break
    return names.referents[noun]


def described_body(np: str) -> str | None:
    """ "org" for a body described by its rank ("the UK's biggest coal producer"): the body the
    article is about, as for "the company"; else None."""
    m = DESCRIBED_BODY.match(np) if np[:4] in ("The ", "the ") else None
    return "org" if m is not None and m.group("head") in BODY_HEADS else None


def author_before_relative(head: str, names: ArticleNames, parse: Parse) -> Speaker | None:
    """The author of the document a "which" follows ("a Law Commission report which branded"), else None."""
    m = DOCUMENT_TAIL.search(head) if DOCUMENT_WORD.search(head) else None
    return document_author(m.group(1), names, parse) if m else None


def shared_subject(np: str, names: ArticleNames, parse: Parse) -> Speaker | str | None:
    """ "Lord Falconer agreed the act was unfair but (added)": a verb after "but"/"and" shares the
    subject of the clause before it ("US Customs claimed ... but his lawyer, Ann Lee, told the BBC
    ... and (added)": Ann Lee), the words before that clause's first verb; None unless ``np``
    ends in "but"/"and" (SHARED_SUBJECT_END)."""
    if not np.endswith(SHARED_SUBJECT_WORDS) or not SHARED_SUBJECT_END.search(np):  # cheap first: most end otherwise
        return None
    for clause in reversed(CONTRAST_BREAK.split(np)):
        if clause.strip() and (found := _subject_before_verb(clause.strip(), names, parse)) is not None:
            return found
    return None


def _subject_before_verb(clause: str, names: ArticleNames, parse: Parse) -> Speaker | str | None:
    """What stands before the clause's first verb (a lowercase word ending in "-ed" or "-s" that
    is no title, or "said", "told" ...), if that names someone."""
    for m in LOWERCASE_WORD.finditer(clause):
        word = m.group()
        if word in IRREGULAR_PAST or (
            word.endswith(("ed", "s")) and not word.endswith("ss") and word not in TITLE_WORDS
        ):
            head = clause[: m.start()].rstrip(" ,")
            found = parse(head, names) if head else None
            return found if (isinstance(found, Speaker) and found.name) or isinstance(found, str) else None
    return None
