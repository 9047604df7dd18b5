"""Unnamed and described speakers: the bodies and roles an attribution's subject stands for.

"A spokeswoman for Kenmark", "the US firm", "the Interfax news agency", "Treasury officials",
"the PM", "the commission": subjects that name no person outright. These helpers read which body
speaks (one the article names, or one described), whether a spokesperson speaks for a person, and
which role's holder the article has shown. Pure functions over plain strings; no Django. Used by
``articles.speakers``.
"""

import re

from articles.name_runs import _TOKEN, COMMON_CAPS, _gender_from_role, _place_kind, without_the
from articles.names import ArticleNames, Speaker
from articles.quote_lexicon import (
    ANONYMOUS,
    DEMONYMS,
    GENERIC_ORGS,
    HONORIFICS,
    MEMBER_HEADS,
    ORG_WORDS,
    PUBLIC_BODY_NOUNS,
    ROLE_ABBREVIATIONS,
    SPOKES_HEADS,
    TITLE_WORDS,
    is_nationality_word,
)

NAMED_ORG = re.compile(rf"^(?:[Tt]he\s+)?({_TOKEN}(?:[ \t]+{_TOKEN})*)\s+((?:[a-z-]+\s+){{0,4}}([a-z]+))$")
SPOKES_FOR = re.compile(
    r"^(?:an?|the)?\s*(?:[\w-]+\s+)?(?:{})\s+(?:for|of|at|from)\s+(?:the\s+)?(.+)$".format("|".join(SPOKES_HEADS)),
    re.IGNORECASE,
)
SPOKES_NAMED = re.compile(r"^(?:an?|the)\s+(.+?)\s+(?:{})$".format("|".join(SPOKES_HEADS)), re.IGNORECASE)
# Every head noun of SPOKES_HEADS contains one of these (``may_name_spokes`` spells them out):
# a text with none cannot match the two.
SPOKES_STEMS = ("spoke", "source", "official", "representative", "statement")
MEMBERS_OF_BODY = frozenset("officials executives bosses sources insiders spokesmen directors".split())


def _names_a_body(name: str, names: ArticleNames) -> bool:
    """Whether a capitalised name before "officials" is a body the article names: capitalised
    inside its sentences too (not "Senior" or "Top" at a sentence's start), and no person."""
    words = name.split()
    low = name.lower()
    if low in COMMON_CAPS or words[0].lower() in TITLE_WORDS or words[0].lower() in DEMONYMS:
        return False
    return names.capitalised(inside_sentences=True)[words[0]] > 0 and not names.knows(words[-1])


SINGULAR_ENDINGS = ("ss", "us", "is", "'s", "’s")  # "the boss", "the chorus": no plural
GENERIC_TAIL = re.compile(r"\b(?:the|its|their)\s+([a-z]+)$", re.IGNORECASE)


def may_name_spokes(part: str) -> bool:
    """False when SPOKES_FOR and SPOKES_NAMED cannot match (no head noun's stem in an ASCII
    text; outside ASCII, IGNORECASE matches more than str.lower() tells, so ask the patterns)."""
    if not part.isascii():
        return True
    low = part.lower()
    return "spoke" in low or "source" in low or "official" in low or "representative" in low or "statement" in low


# What follows a body's name after "a spokesman for": a bracketed short form, a relative or
# participle clause ("BSA which commissioned the survey", "... quoted in China Daily") or, after
# "in" or "at", the capitalised name of a place ("the Eastby embassy in London").
BODY_CLAUSE = re.compile(
    r"\s*\([^)]*\)|\s+(?:which|who|whose|that|quoted|where|when)\b.*$|,.*$|\s+(?:in|at)\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*$"
)


def _without_clause(org: str) -> str:
    """The body's name without what BODY_CLAUSE finds after it."""
    return BODY_CLAUSE.sub("", org).strip() or org if ("(" in org or " " in org) else org


def a_persons_name(org: str, names: ArticleNames) -> bool:
    """Whether what a spokesperson speaks for is a person: a name with an honorific ("Mr Lee"),
    a title word before a first name and surname ("trade commissioner Ann Lee"), or a first name
    and surname the article gives an honorific elsewhere ("Ann Lee" ... "Ms Lee"). (The names
    the article learns are no proof: "Ask Kenmark" may be learnt as a first name and surname.)"""
    words = org.split()
    if len(words) < 2:
        return False
    if words[0].lower() in HONORIFICS:
        return len(words) == 2 and words[1][:1].isupper() and words[1].lower() not in ORG_WORDS
    # the name is the last two words (a party before a title is no body: "Tory leader Ann Lee")
    if any(w.lower() in ORG_WORDS for w in (words if len(words) == 2 else words[-3:])):
        return False
    if not (words[-1][:1].isupper() and words[-2][:1].isupper() and words[-1].isalpha()):
        return False
    if len(words) >= 3:
        return words[-3].lower() in TITLE_WORDS and words[-3][:1].islower() or words[-3].lower() in ROLE_TITLES
    return names.titled_elsewhere(words[-1])


# Title words that, capitalised or not, head a person's name ("Commissioner Ann Lee"); a
# capitalised "Home" or "General" may instead open a body's name.
ROLE_TITLES = frozenset("commissioner minister secretary president chancellor senator governor mayor".split())


def _body(noun: str, names: ArticleNames) -> Speaker | str:
    """The body "the <noun>" stands for. A public body's noun ("the commission"): the one the
    article names that ends in the noun ("Low Pay Commission"), else "seen-org" (a body that has
    spoken before, else nobody rather than a guess). Any other noun ("the company"): "org"."""
    if noun == "government":
        return "government"  # the speaker trail resolves it (``named_government`` is its last resort)
    if noun not in PUBLIC_BODY_NOUNS:
        return "org"
    if body := names.body_named(noun):
        return Speaker(body, _place_kind(body) or "organisation")
    return "seen-org"


# "the UK government", "the Chinese government": a government the article names by its country
COUNTRY_GOVERNMENT = re.compile(r"\b(?:[Tt]he\s+)?([A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)\s+government\b")


def named_government(names: ArticleNames) -> Speaker:
    """The government the article names by its country ("the Chinese government"), the first
    one, else the government as the article writes it: "government"."""
    if "government" not in names.referents:
        names.referents["government"] = Speaker("government", "organisation")
        for m in COUNTRY_GOVERNMENT.finditer(names.text):
            if m.group(1).split()[0] not in ("A", "An", "The") and _where_from(m.group(1).split()[-1]):
                kind = _place_kind(m.group(1)) or "organisation"
                names.referents["government"] = Speaker(f"{m.group(1)} government", kind)
                break
    return names.referents["government"]


# Head nouns of a body described by where it is from ("the US firm"); a country's government,
# ministry or police are that country's own bodies
DESCRIBED_HEADS = frozenset(
    "company firm group bank airline carrier retailer business club giant maker manufacturer operator chain "
    "insurer lender carmaker supplier exporter importer regulator watchdog broadcaster".split()
)


# Lowercase words after a body's name that only say what kind of body it is
DESCRIPTOR_WORDS = frozenset(
    "news agency newspaper paper magazine daily weekly tabloid website channel network broadcaster station "
    "party".split()
)


def _where_from(word: str) -> bool:
    """ "US", "German", "Paris-based": a word that says where a body is from."""
    return word.endswith("-based") or is_nationality_word(word) or bool(_place_kind(word))


def _known_holder(role: str, names: ArticleNames) -> Speaker | None:
    """Who the article has shown holding ``role`` (lower case; learnt from earlier speakers), else None."""
    if role not in names.role_holders:
        return None
    full = names.role_holders[role]
    return Speaker(full, "person", role, names.gender_of(full))


def spokes_body(part: str, names: ArticleNames) -> Speaker | None:
    """Who speaks through "a spokeswoman for Kenmark" or "a Kenmark spokeswoman": the body
    named, or nobody named when it is a person's spokesperson; None when the part is neither."""
    for regex in (SPOKES_FOR, SPOKES_NAMED) if may_name_spokes(part) else ():
        if (m := regex.match(part)) and m.group(1)[:1].isupper():
            org = _without_clause(m.group(1)).removesuffix("'s").removesuffix("’s")
            if org.lower() not in COMMON_CAPS:
                if a_persons_name(org, names):
                    return Speaker(None, "")  # "a spokesman for Mr Lee": unnamed, like "Mr Lee's spokesman"
                head = next((w for w in part.lower().split() if w in SPOKES_HEADS), "")
                return Speaker(org, _place_kind(org) or "organisation", head, _gender_from_role(head))
    return None


def generic_subject(part: str, m: re.Match | None, names: ArticleNames) -> Speaker | str | None:
    """A body or a role that ``part`` describes ("A Kenmore bank", "the US firm", "Treasury
    officials", "the PM", "the minister"), given ``m``, its match of NAMED_ORG (or None)."""
    if m and m.group(1).startswith(("A ", "An ")) and (m.group(3) in GENERIC_ORGS or m.group(3) in ORG_WORDS):
        return Speaker(None, "")  # "A Kenmore bank said", "A New York appeals court": unnamed
    if m and m.group(3) in DESCRIBED_HEADS and all(_where_from(w) for w in m.group(1).split()):
        # "the US firm", "the French broadcasting regulator": a body described by where it is
        # from, not that country. (Read as "the firm", it went to the wrong body too often.)
        return Speaker(without_the(part), "organisation")
    if m and m.group(1).lower() not in COMMON_CAPS and (m.group(3) in GENERIC_ORGS or m.group(3) in ORG_WORDS):
        name = without_the(part)
        if all(w in DESCRIPTOR_WORDS for w in m.group(2).split()) and not _where_from(m.group(1).split()[-1]):
            # "the Interfax news agency", "the Vedomosti newspaper", "the Labour party": the body is
            # the name; the words after it say what it is (one actor with "Interfax" elsewhere)
            name = without_the(m.group(1))
        return Speaker(name, _place_kind(m.group(1)) or "organisation")
    if m and m.group(2) in MEMBERS_OF_BODY and _names_a_body(m.group(1), names):
        # "Rover bosses have said", "Treasury officials said": the body speaks through them
        return Speaker(m.group(1), _place_kind(m.group(1)) or "organisation")
    words = part.lower().split()
    if not words or len(words) > 10:
        return None
    head = words[-1]
    if len(words) == 2 and words[0] in ("a", "an", "the") and head in SPOKES_HEADS:
        return "spokes"  # "a spokeswoman said": for the body the text has just named
    if head in SPOKES_HEADS and ("'s " in part or "’s " in part):
        # "the prime minister's official spokesman": unnamed, but a spokesperson ("the spokesman"
        # said next is this one, not one quoted before)
        return Speaker(None, "", without_the(part))
    if head in ANONYMOUS or head in MEMBER_HEADS:
        return Speaker(None, "")
    role = " ".join(words).removeprefix("the ")
    if len(words) == 2 and words[0] == "the" and head in ROLE_ABBREVIATIONS:
        # "the PM said": the holder of the role written out, when the article names one; else
        # nobody (a guess from the sentences around is as likely someone else)
        role = ROLE_ABBREVIATIONS[head]
        return _known_holder(role, names) or names.holder_of(role) or Speaker(None, "")
    if words[0] == "the" and (holder := _known_holder(role, names)):
        return holder
    if words[0] == "the" and 2 <= len(words) <= 5 and head not in GENERIC_ORGS and (holder := names.holder_of(role)):
        return holder
    if (m := GENERIC_TAIL.search(part)) and m.group(1).lower() in GENERIC_ORGS:
        return _body(m.group(1).lower(), names)
    if words[0] == "the" and 2 <= len(words) <= 4:
        # "the defender", "the 25-year-old", "the minister": a person the article has named
        if head in ORG_WORDS:
            return _body(head, names)
        if head.endswith("s") and not head.endswith(SINGULAR_ENDINGS):
            return Speaker(None, "")  # "the authorities", "the organisers": a group, nobody named
        return "role"
    return None
