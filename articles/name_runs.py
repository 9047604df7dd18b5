"""One capitalised run of words read on its own, without the article: its tokens, titles,
honorifics, post-nominals and peerages, and whether it names a person, a body or a place.

Pure string work (no Django); the results are cached per run, as the same runs recur across
an article and a corpus. ``articles.names`` adds what the article around a run tells.
"""

import re
from functools import lru_cache

from articles.quote_lexicon import (
    CAPITALS,
    COUNTRIES,
    DEMONYMS,
    FEMALE_ROLE_WORDS,
    HONORIFICS,
    HONORIFICS_FEMALE,
    HONORIFICS_MALE,
    MALE_ROLE_WORDS,
    ORG_WORDS,
    PEERAGE_TITLES,
    TITLE_WORDS,
)

UPPER = "A-ZÀ-ÖØ-Þ"
_TOKEN = rf"(?:(?:[{UPPER}]\.){{1,3}}|[{UPPER}][\w'’&-]*)"
_PARTICLE = r"(?:de|da|del|van|von|der|den|bin|ibn|al|el|le|la|du|di|dos|of|and|for|&)"
PARTICLES = frozenset(_PARTICLE[3:-1].split("|"))
# A run of capitalised words. Its first token is written as "(?<![\w'’-]){_TOKEN}" with the
# look-behind moved after the first capital, which matches the same (the capital is no word
# character's neighbour either way) and lets the regex engine jump from capital to capital
# instead of trying the look-behind at every position: several times faster over a text.
_FIRST_TOKEN = rf"[{UPPER}](?<![\w'’-].)(?:\.(?:[{UPPER}]\.){{0,2}}|[\w'’&-]*)"
NAME_RUN = re.compile(rf"{_FIRST_TOKEN}(?:[ \t]+(?:{_PARTICLE}[ \t]+)?{_TOKEN})*")
MULTI_NAME_RUN = re.compile(rf"{_FIRST_TOKEN}(?:[ \t]+(?:{_PARTICLE}[ \t]+)?{_TOKEN})+")

SETTING_START = re.compile(r"^(?:to|in|on|at|during|after|before|speaking|asked|with)\b", re.IGNORECASE)
ARTICLE = re.compile(r"^(?:the|a|an)\b\s*", re.IGNORECASE)
THE = re.compile(r"^[Tt]he\s+")


def without_the(s: str) -> str:
    """``s`` without an opening "The"/"the" (ARTICLE also takes "a", "an" and any case)."""
    return THE.sub("", s)


# A relative clause after a role says what the body did, not who the person is: "a spokesman for
# Kenmark which ran the survey" -> "spokesman for Kenmark"
ROLE_CLAUSE = re.compile(r",?\s+(?:(?:in|of|at|by|for|with|from|on|through|under)\s+)?(?:who|which|whose)\s.*$")


def _role(prefix: str, titles: list[str]) -> str:
    role = ARTICLE.sub("", " ".join(filter(None, [prefix, " ".join(titles)])).strip())
    return ROLE_CLAUSE.sub("", role) if " wh" in role else role


def _role_of(prefix: str, titles: list[str]) -> str:
    """The role ``titles`` give without their honorifics; none when ``prefix`` opens a setting
    ("Speaking to the BBC News website, Mr Reed"), not a role."""
    role = _role(prefix, [t for t in titles if t.lower().rstrip(".") not in HONORIFICS])
    return "" if SETTING_START.match(role) else role


# Prepositions that can open a sentence before a name ("For Rick Dean, ...") and belong to neither
PREPOSITIONS = frozenset(
    "for with without until under from by about after before since against among between into over through "
    "to at in on of as like".split()
)
# Quantifiers and adverbs that open a sentence, never a name ("Some Liverpool fans ...")
SENTENCE_OPENERS = frozenset(
    "some many most several few both each every other such often also only even yet so then now still one "
    "yesterday today tomorrow".split()
)
COMMON_CAPS = (
    set(
        (
            "the a an but and in on at for of to it its this that these those there he she they "
            "we i his her their our mr mrs ms monday tuesday wednesday thursday friday saturday "
            "sunday january february march april may june july august september october "
            "november december if when while as after before however meanwhile"
        ).split()
    )
    | SENTENCE_OPENERS
)


def _unpossess(word: str) -> str:
    return word[:-2] if word.endswith(("'s", "’s")) else word


def _bare(word: str) -> str:
    return _unpossess(word.strip(".,")).strip("'’")


def _words(s: str) -> list[str]:
    return s.split()


def _is_title(word: str) -> bool:
    return word.lower().strip(",") in TITLE_WORDS


POSSESSIVE_ENDS = ("'s", "’s", "s'", "s’")


def _strip_titles(tokens: list[str]) -> tuple[list[str], list[str]]:
    """Split "Trade and Industry Secretary Patricia Hewitt" into titles and the name."""
    cut = 0
    for i, t in enumerate(tokens[:-1]):
        if _is_title(t) or t.lower().endswith(POSSESSIVE_ENDS):
            cut = i + 1
    return tokens[:cut], tokens[cut:]


def _place_kind(name: str) -> str:
    low = name.lower()
    if low.startswith("the "):
        low = low[4:]
    if low in COUNTRIES or low in CAPITALS:
        return "country"
    return ""


def _looks_org(tokens: list[str]) -> bool:
    for t in tokens:
        if _bare(t).lower() in ORG_WORDS:
            return True
    return len(tokens) == 1 and (tokens[0].isupper() and len(tokens[0]) > 1)


# Letters after a name ("Ann Lee MP", "Tom Reed QC"): no part of the name itself.
POST_NOMINALS = frozenset("MP MPs MEP MSP AM QC KC MBE OBE CBE KBE".split())


def _without_post_nominals(tokens: list[str]) -> list[str]:
    while len(tokens) > 2 and _bare(tokens[-1]) in POST_NOMINALS:
        tokens = tokens[:-1]
    return tokens


def _org_from_run(run: str) -> str:
    """A body's name from a capitalised run: without opening words ("The", "Yesterday"), an owner
    before it ("BBC's EastEnders") or a trailing apostrophe."""
    words = run.rstrip(".,").split()
    while len(words) > 1 and words[0].lower() in COMMON_CAPS:
        words = words[1:]
    while len(words) > 1 and words[0].endswith(("'s", "’s")):
        words = words[1:]
    return " ".join(words).rstrip("'’")


def _peer_name(run: str) -> str | None:
    """ "Lord Armstrong" (or "Lord Nicholls of Birkenhead"): a title and one name, which together
    are how the article names the person; None for "Lord Robert Armstrong" or "Lord Chancellor"."""
    tokens = _words(run.rstrip(".,"))
    if len(tokens) < 2 or tokens[0].lower() not in PEERAGE_TITLES or (len(tokens) > 2 and tokens[2] != "of"):
        return None
    name = _bare(tokens[1])
    if name.lower() in TITLE_WORDS or name.lower() in COMMON_CAPS or name.lower() in PEERAGE_TITLES:
        return None
    return f"{tokens[0]} {name}"


@lru_cache(maxsize=1 << 16)
def _analyse_run(run: str):
    """What one capitalised run tells about names: (honorific gender, organisation, person)."""
    tokens = _without_post_nominals(_words(run.rstrip(".,")))
    honorific = None
    hon = tokens[0].lower().rstrip(".")
    if (hon in HONORIFICS_MALE or hon in HONORIFICS_FEMALE) and len(tokens) > 1:
        honorific = (_bare(tokens[1]), "m" if hon in HONORIFICS_MALE else "f")
    while tokens and tokens[0].lower() in COMMON_CAPS:
        tokens = tokens[1:]
    while tokens and tokens[-1].lower() in ("of", "and", "for", "&"):
        tokens = tokens[:-1]
    if not tokens:
        return honorific, None, None
    if "of" in tokens[1:]:
        tokens = tokens[: tokens.index("of", 1)]
    titles, rest = _strip_titles(tokens)
    joined = " ".join(rest)
    if not rest or _place_kind(joined) or rest[0].lower() in DEMONYMS:
        return honorific, None, None
    if _looks_org(rest) or (len(rest) == 1 and not titles):
        if joined.lower() not in COMMON_CAPS and joined.lower() not in TITLE_WORDS:
            return honorific, joined, None
        return honorific, None, None
    if 2 <= len(rest) <= 4 and all(t[0].isupper() for t in rest):
        surname = _bare(rest[-1])
        joined = " ".join([*rest[:-1], surname])
        kept = [t for t in titles if t.lower().rstrip(".") not in HONORIFICS]
        role = " ".join(kept) if kept and kept[-1].lower() not in ("of", "and", "for", "&") else ""
        return honorific, None, (surname, joined, role)
    return honorific, None, None


def _person_after_office(titles: list[str], rest: list[str]) -> bool:
    """Whether a first name and surname follow a capitalised office with "of"/"for" in it
    ("Secretary of State for Health John Reid"), unlike a body after "at" ("analyst at Goldman
    Sachs")."""
    return (
        2 <= len(rest) <= 3
        and any(t in ("for", "of") for t in titles[1:])  # not "Labour MP (for West Ham)"
        and titles[-1][:1].isupper()
        and all(t[:1].isupper() and t.isalpha() for t in rest)
        and not _looks_org(rest)
        and _body_word_at(titles) is None
    )


def _body_word_at(titles: list[str]) -> int | None:
    """Where a capitalised body's word stands right before "for"/"of" among ``titles``
    ("Office" in "Office for National"), else None."""
    for i, word in enumerate(titles[:-1]):
        if titles[i + 1] in ("for", "of") and word[:1].isupper() and _bare(word).lower() in ORG_WORDS:
            return i
    return None


def _body_lead(titles: list[str], end: int) -> int:
    """Where the capitalised words that end at ``end`` among ``titles`` begin: a body's name
    opens there ("Home" in "Home Office"); a possessive ("Labour's") is its owner, not part of it."""
    lead = end
    while lead and titles[lead - 1][:1].isupper() and not titles[lead - 1].endswith(POSSESSIVE_ENDS):
        lead -= 1
    return lead


@lru_cache(maxsize=1 << 16)
def _name_parts(prefix: str, tokens: tuple[str, ...]):
    """The article-independent reading of "[prefix] Title Name": (kind, name, role, honorific, rest)."""
    if tokens and tokens[0].lower() == "the":
        tokens = tokens[1:]
    while len(tokens) > 1 and tokens[0].lower() in SENTENCE_OPENERS:
        tokens = tokens[1:]
    # "A Department for Media spokesman": an indefinite article opens no name. What follows it is
    # a body's name, else a title ("A Quiet Life") or an unnamed one ("A Harbour of ..."): no person.
    indefinite = len(tokens) > 1 and tokens[0] in ("A", "An")
    if indefinite:
        tokens = tokens[1:]
    if tokens:
        tokens = (*tokens[:-1], _unpossess(tokens[-1]))
    titles, rest = _strip_titles(_without_post_nominals(list(tokens)))
    run = [*titles, *rest]  # the words as written, for a body's name that spans the titles
    if len(rest) >= 2 and rest[0] == "and" and titles and titles[-1][:1].isupper() and _looks_org(rest):
        # "Health and Safety Executive", "Foreign and Commonwealth Office": the capitalised word
        # before "and" belongs to the body's name, not to a title ("Health Secretary")
        titles, rest = titles[:-1], [titles[-1], *rest]
    if len(rest) >= 2 and rest[0] == "of" and titles and titles[-1].lower() in PEERAGE_TITLES:
        # "the Prince of Wales", "Lord Browne of Madingley": the whole title is the name
        name = " ".join([titles[-1], *rest])
        return "person?", name, ARTICLE.sub("", prefix).strip(), titles[-1].lower(), ()
    affiliated = bool(rest) and rest[0][:1].islower() or any(t in ("for", "of") for t in titles[1:])
    while rest and rest[0][:1].islower():
        rest = rest[1:]
    if not rest:
        return None
    joined = " ".join(rest)
    if joined.endswith(("'s", "’s")):
        joined = joined[:-2]
    role = _role_of(prefix, titles)
    if joined.lower() in COMMON_CAPS or joined.lower() in TITLE_WORDS:
        return None
    # the honorific stands right before the name: "Mr Brown's Budget" is no person called Budget
    last_title = titles[-1].lower().rstrip(".") if titles else ""
    honorific = last_title if last_title in HONORIFICS else ""
    if not honorific and (place := _place_kind(joined)):  # "Baroness Scotland" is no country
        if indefinite:
            return None  # "A New York court": not the place, and no name
        return place, joined.removeprefix("the ").removeprefix("The "), role, "", ()
    if affiliated and not honorific and _person_after_office(titles, rest):
        # "Secretary of State for Health John Reid": the holder of the office, if the article
        # knows the surname ("Dr Reid"); "Minister for National Development Planning" is no one
        return (
            "office-holder?",
            joined,
            _role(prefix, [t for t in titles if t.lower() not in HONORIFICS]),
            "",
            tuple(rest),
        )
    if (_looks_org(rest) or affiliated) and not honorific:
        if titles and affiliated and (body := _body_word_at(titles)) is not None:
            # "Office for National Statistics", "Association of Chief Police Officers": a body's
            # word before "for"/"of" opens the name; the title words after it belong to the name
            lead = _body_lead(titles, body)
            name = " ".join(run[lead:]).removesuffix("'s").removesuffix("’s")
            return "organisation", name, _role_of(prefix, titles[:lead]), "", ()
        if titles and not affiliated:
            # "Home Office", "Foreign Ministry": the capitalised words before are the body's name
            lead = _body_lead(titles, len(titles))
            if lead < len(titles):
                joined = " ".join([*titles[lead:], joined])
                role = _role_of(prefix, titles[:lead])
        return "organisation", joined, role, "", ()
    if indefinite:
        return None
    return "person?", joined, role, honorific, tuple(rest)


NATION_WORDS = frozenset(("national", "international", "global", "royal", "federal"))


def _names_a_nation(word: str) -> bool:
    """ "UK", "EU", "British", "National": a capitalised word that names a country or its reach."""
    if not word[:1].isupper():
        return False
    if word.isupper() and 2 <= len(word.replace(".", "")) <= 3:
        return True
    low = word.lower()
    return low in DEMONYMS or low in NATION_WORDS


def _gender_from_role(role: str) -> str:
    words = set(role.lower().split())
    if words & FEMALE_ROLE_WORDS:
        return "f"
    if words & MALE_ROLE_WORDS:
        return "m"
    return ""


# "shadow chancellor Oliver Lee" or "former chancellor Ken Hall" is not "the chancellor"
ROLE_MODIFIERS = ("shadow", "former", "deputy", "vice", "assistant", "junior", "acting", "interim", "ex")


def other_holder(lowered: str, begin: int) -> bool:
    """Whether the role found at ``begin`` is qualified by a word that makes it another role."""
    before = lowered[max(0, begin - 12) : begin].rstrip(" -").rsplit(None, 1)
    return bool(before) and before[-1].rsplit("-", 1)[-1] in ROLE_MODIFIERS


def run_around(text: str, at: int) -> "re.Match | None":
    """The capitalised run that contains the word at ``at`` ("Kenmark Motors" for "Motors"):
    runs are searched from the start of the line, so the word's run is found whole."""
    start = max(text.rfind("\n", 0, at) + 1, text.rfind(" ", 0, max(at - 80, 0)) + 1)
    for m in NAME_RUN.finditer(text, start, at + 200):
        if m.start() <= at < m.end():
            if " and " not in m.group(0) and "&" not in m.group(0):  # not "US and South Korea"
                return m
            break
        if m.start() > at:
            break
    return NAME_RUN.match(text, at)
