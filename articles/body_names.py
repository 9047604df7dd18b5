"""Bodies an article names in full: the abbreviations it defines ("the International Monetary
Fund (IMF)") and the names that end in a body's noun ("Low Pay Commission").

Pure string work (no Django), cached per article by ``articles.names.ArticleNames``.
"""

import re
from collections import Counter
from typing import TYPE_CHECKING

from articles.name_runs import _PARTICLE, _TOKEN, COMMON_CAPS
from articles.quote_lexicon import CUE_WORD, TITLE_WORDS, is_nationality_word

if TYPE_CHECKING:  # names.py imports this module
    from articles.names import ArticleNames

# "... the National Institute of Economic and Social Research (NIESR) ...": a capitalised name,
# small joining words allowed inside it, then an abbreviation in brackets
ABBREVIATION_DEFINED = re.compile(
    r"((?:[A-Z][\w'’&-]*)(?:\s+(?:[A-Z][\w'’&-]*|of|and|for|on|the|in)){1,9})\s+\(([A-Z][A-Z]{1,7})\)"
)


def defined_abbreviations(text: str) -> dict[str, str]:
    """Abbreviations the text defines, each with its full name: the last capitalised words before
    the bracket whose initials spell it ("Both the Council of Mortgage Lenders (CML)" -> "Council
    of Mortgage Lenders"). Anything else in brackets is left alone."""
    found = {}
    for m in ABBREVIATION_DEFINED.finditer(text):
        abbreviation, words = m.group(2), m.group(1).split()
        capitalised = [i for i, w in enumerate(words) if w[0].isupper()]
        if len(capitalised) < len(abbreviation):
            continue
        first = capitalised[-len(abbreviation)]
        if "".join(words[i][0] for i in capitalised[-len(abbreviation) :]) == abbreviation:
            full = " ".join(words[first:])  # "Disasters Emergency Committee's (DEC)": no possessive
            found.setdefault(abbreviation, full.removesuffix("'s").removesuffix("’s").rstrip("'’"))
    return found


# Words that end a body's name when met going back from its head noun: articles, possessives,
# prepositions and pronouns start or sit outside a name ("told the committee", "its commission").
BODY_STOPS = frozenset(
    "the a an its their his her our your my this that these those some any each every no new "
    "to in at by with from on as into than about over after before under is was are were be or "
    "been has had have will would could should may might can did does do not also".split()
)
BODY_CONNECTORS = frozenset(("of", "and", "for", "&"))  # "House of Commons committee"
# What may follow a capitalised head noun within the name ("Committee on Human Rights").
BODY_OF = re.compile(rf"[ \t]+(?:on|of|for)[ \t]+{_TOKEN}(?:[ \t]+(?:{_PARTICLE}[ \t]+)?{_TOKEN})*")
MAX_BODY_WORDS = 6  # before the head noun
MAX_BODY_LOWER = 3  # lowercase words inside a name ("Commons public accounts committee")


def _known_person(word: str, names: "ArticleNames") -> bool:
    """Whether the article has already shown ``word`` to be a person's name (no new look-up)."""
    return word in names.full_names or word in names.genders


def most_named_body(text: str, noun: str, names: "ArticleNames") -> str:
    """The most often named body in ``text`` whose name ends in the lowercase ``noun``: a run
    of words before it that starts with a capitalised word (no title, no person's name) and
    holds only capitalised words, connectors and a few lowercase words ("Commons public accounts
    committee"), never a word of saying ("Blair told committee members")."""
    lowered, at, found = names.lowered, 0, Counter()
    while (at := lowered.find(noun, at)) >= 0:
        end = at + len(noun)
        before, at = text[max(0, at - 100) : at], end
        if not before[-1:].isspace() or before[-1:] == "\n" or (end < len(text) and text[end].isalnum()):
            continue
        picked: list[str] = []
        lower = 0
        for token in reversed(before.split("\n")[-1].split()):
            low = token.lower()
            if not token[-1].isalnum() or not token[0].isalnum() or len(picked) == MAX_BODY_WORDS:
                break  # punctuation or a possessive ends a name ("said Mr Lee. The commission")
            if token[0].isupper():
                if low in COMMON_CAPS or low in BODY_STOPS or low in TITLE_WORDS or _known_person(token, names):
                    break
            elif low not in BODY_CONNECTORS:
                if low in BODY_STOPS or not token.replace("-", "").isalpha() or CUE_WORD.fullmatch(low):
                    break
                lower += 1
                if lower > MAX_BODY_LOWER:
                    break
            picked.append(token)
        if picked and picked[0] == "select" and not any(t[0].isupper() for t in picked):
            found[" ".join(reversed(picked)) + " " + text[end - len(noun) : end]] += 1
            continue  # "the environment select committee": a name written in lower case
        while picked and not picked[-1][0].isupper():  # picked runs backwards: its start is last
            picked.pop()
        if not picked or len(picked) > 1 and not picked[0][0].isupper() and is_nationality_word(picked[-1]):
            continue  # "Norwegian telecoms company": a description, no name
        if names.capitalised(inside_sentences=True)[picked[-1]] == 0:
            continue  # "Rival local club": capitalised only at a sentence's start
        name = " ".join(reversed(picked)) + " " + text[end - len(noun) : end]
        if text[end - len(noun)].isupper() and (more := BODY_OF.match(text, end)):
            name += more.group(0)  # "Joint Committee on Human Rights"
        found[name] += 1
    return found.most_common(1)[0][0] if found else ""
