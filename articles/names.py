"""Names in one article: capitalised runs, titles, people and organisations.

Pure string work (no Django), used by ``articles.speakers`` to resolve who speaks.
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from articles.quote_lexicon import (
    CAPITALS,
    COUNTRIES,
    CUE_WORD,
    DEMONYMS,
    FEMALE_ROLE_WORDS,
    HONORIFICS,
    HONORIFICS_FEMALE,
    HONORIFICS_MALE,
    MALE_ROLE_WORDS,
    ORG_WORDS,
    PEERAGE_TITLES,
    TITLE_WORDS,
    is_nationality_word,
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
SINGLE_CAP = re.compile(rf"(?<![\w'’-])[{UPPER}][\w'’&-]*")

SETTING_START = re.compile(r"^(?:to|in|on|at|during|after|before|speaking|asked|with)\b", re.IGNORECASE)
ARTICLE = re.compile(r"^(?:the|a|an)\b\s*", re.IGNORECASE)
# A relative clause after a role says what the body did, not who the person is: "a spokesman for
# Kenmark which ran the survey" -> "spokesman for Kenmark"
ROLE_CLAUSE = re.compile(r",?\s+(?:(?:in|of|at|by|for|with|from|on|through|under)\s+)?(?:who|which|whose)\s.*$")


def _role(prefix: str, titles: list[str]) -> str:
    role = ARTICLE.sub("", " ".join(filter(None, [prefix, " ".join(titles)])).strip())
    return ROLE_CLAUSE.sub("", role) if " wh" in role else role


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


@dataclass(frozen=True, slots=True)
class Speaker:
    name: str | None
    kind: str  # "person" | "organisation" | "country" | ""
    role: str = ""
    gender: str = ""  # "m" | "f" | "" for persons


UNKNOWN = Speaker(None, "")


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
        if _is_title(t) or t.lower().endswith(("'s", "’s", "s'", "s’")):
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


@dataclass
class ArticleNames:
    """People and organisations named in one article, for surname and pronoun resolution."""

    full_names: dict[str, str] = field(default_factory=dict)  # surname -> "First Last"
    peers: dict[str, str] = field(default_factory=dict)  # name -> "Lord Name", where no first name is given
    genders: dict[str, str] = field(default_factory=dict)  # surname -> "m" | "f"
    roles: dict[str, str] = field(default_factory=dict)  # full name -> first role seen
    role_holders: dict[str, str] = field(default_factory=dict)  # role (lower) -> full name
    _looked_up: set = field(default_factory=set)
    _holders: dict = field(default_factory=dict)
    version: int = 0
    parsed: dict = field(default_factory=dict)  # (noun phrase, version) -> parse_subject result
    _text: str = ""
    _main_org: str | None = None
    _main_person: "Speaker | None" = None
    _person_words: dict = field(default_factory=dict)  # word -> whether the article shows it is a person's
    _caps: Counter | None = None
    _inner_caps: Counter | None = None
    _bodies: dict = field(default_factory=dict)  # noun -> the body named that ends in it, or ""
    _lower: str | None = None  # the text in lower case, for case-blind searches
    _expansions: dict | None = None  # abbreviation -> the full name the article defines it by

    @classmethod
    def scan(cls, text: str) -> "ArticleNames":
        """Names are looked up lazily, one surname at a time, in ``text``."""
        return cls(_text=text)

    def _capitalised(self, inside_sentences: bool = False) -> Counter:
        """How often each capitalised word occurs (one cheap split of the text); with
        ``inside_sentences``, leaving out the first word of each sentence."""
        if self._caps is None:
            caps: dict[str, int] = {}  # plain dicts count faster; Counter(dict) keeps their order
            inner: dict[str, int] = {}
            words = self._text.split()
            for i, raw in enumerate(words):
                if "a" <= raw[0] <= "z":  # most words: stripping and unpossessing keep a lowercase start
                    continue
                word = raw.strip(".,;:!?\"'()[]“”‘’")
                if word.endswith(("'s", "’s")):
                    word = word[:-2]
                if word[:1].isupper():
                    caps[word] = caps.get(word, 0) + 1
                    if i and not words[i - 1].endswith((".", "!", "?", ":", '"', "”")):
                        inner[word] = inner.get(word, 0) + 1
            self._caps, self._inner_caps = Counter(caps), Counter(inner)
        return self._inner_caps if inside_sentences else self._caps

    @property
    def main_org(self) -> str | None:
        """The organisation the article names most often (for "the company said")."""
        if self._main_org is None and self._text:
            self._main_org = ""
            for word, _ in self._capitalised(inside_sentences=True).most_common(12):
                low = word.lower()
                if low in COMMON_CAPS or low in TITLE_WORDS or _place_kind(word) or self.knows(word):
                    continue
                if word[-1] == "s" and word[:-1].isupper():  # "MPs", "MEPs": a group, no body
                    continue
                # "Time Warner": the whole capitalised run the word first appears in
                at = self._text.find(word)
                run = _run_around(self._text, at) if at >= 0 else None
                name = word
                if run and " " in run.group(0):
                    analysed = _analyse_run(run.group(0))
                    if (person := analysed[2]) is not None and self._titled(person[0], person[1]):
                        continue  # "Michael Howard", whom the article calls "Mr Howard": no body
                    if not analysed[0]:
                        name = _org_from_run(run.group(0))
                # "Malaysian", "South Korea", "Saudi Arabia" (its second word): a people or a place
                before = self._text[max(0, at - 20) : at].split()[-1:]
                if not name or is_nationality_word(name):
                    continue
                if _place_kind(name) or _place_kind(" ".join([*before, word])):
                    continue
                self._main_org = name.removesuffix("'s").removesuffix("’s")
                break
        return self._main_org or None

    @property
    def lowered(self) -> str:
        """The article's text in lower case (made once, for every case-blind search)."""
        if self._lower is None:
            self._lower = self._text.lower()
        return self._lower

    def body_named(self, noun: str) -> str | None:
        """The body the article names whose name ends in ``noun`` ("the commission" -> "Low Pay
        Commission", "the committee" -> "Commons public accounts committee"): the most often
        named, else None."""
        if noun not in self._bodies:
            self._bodies[noun] = _body_named(self._text, noun, self)
        return self._bodies[noun] or None

    def _titled(self, surname: str, full: str) -> bool:
        """Whether the article gives the name an honorific ("Mr Howard") or a role ("President
        Pervez Musharraf"): a person's name."""
        self.lookup(surname)
        return surname in self.genders or full in self.roles

    @property
    def main_person(self) -> "Speaker | None":
        """The person the article names most often (by surname), for "the defender said"."""
        if self._main_person is None and self._text:
            self._main_person = UNKNOWN
            for word, _ in self._capitalised().most_common(12):
                self.lookup(word)
                if word in self.full_names:
                    full = self.full_names[word]
                    self._main_person = Speaker(full, "person", self.roles.get(full, ""), self.genders.get(word, ""))
                    break
        return self._main_person if self._main_person and self._main_person.name else None

    def _runs_with(self, word: str):
        """The capitalised runs of the article that contain ``word`` as a whole word, in order."""
        text, at = self._text, 0
        while (at := text.find(word, at)) >= 0:
            end = at + len(word)
            # Only a run with a capitalised word just before can name "First Surname" or "Mr Surname"
            # (the whole word first: "The" is mostly the start of "They" or "Then").
            if at > 1 and text[at - 1] in " \t" and (end == len(text) or not text[end].isalnum()):
                # the start of the word before (at most 39 characters back)
                chunk = text[max(0, at - 40) : at - 1]
                before = at - 1 if chunk[-1].isspace() else at - 1 - len(chunk.rsplit(None, 1)[-1])
            else:
                before = -1
            if before >= 0 and (text[before : before + 1].isupper() or text[before : at - 1] in PARTICLES):
                lo = max(0, at - 120)
                # No run holds a comma or a line break: scanning after the last one before the
                # word finds the runs there that a scan from ``lo`` finds, with fewer before them.
                cut = max(text.rfind(",", lo, at), text.rfind("\n", lo, at)) + 1
                for m in MULTI_NAME_RUN.finditer(text, max(lo, cut), min(len(text), end + 60)):
                    if m.start() <= at and end <= m.end() and (m.start() > lo or lo == 0):
                        yield m.group(0)
                        break
            at = end

    def lookup(self, surname: str) -> None:
        """Learn, once, the full name, gender and role the article gives for ``surname``."""
        if surname in self._looked_up or not self._text:
            return
        self._looked_up.add(surname)
        for run in self._runs_with(surname):
            honorific, _, person = _analyse_run(run)
            if honorific and honorific[0] == surname:
                self.genders.setdefault(*honorific)
                if (peer := _peer_name(run)) is not None:
                    self.peers.setdefault(surname, peer)
            if person and person[0] == surname:
                self.full_names.setdefault(surname, person[1])
                if person[2]:
                    self.roles.setdefault(person[1], person[2])
            full = self.full_names.get(surname)
            if full and surname in self.genders and full in self.roles:
                break  # nothing more to learn

    def holder_of(self, role: str) -> "Speaker | None":
        """The person the article names right after ``role`` ("Chancellor Gordon Brown")."""
        if role not in self._holders:
            self._holders[role] = None
            lowered, at = self.lowered, 0
            while (at := lowered.find(role + " ", at)) >= 0:
                at += len(role) + 1
                m = NAME_RUN.match(self._text, at)
                begin = at - len(role) - 1
                if m and (begin == 0 or not lowered[begin - 1].isalnum()) and not _other_holder(lowered, begin):
                    tokens = _words(m.group(0).rstrip(".,"))
                    found = _person_or_org(role, tokens, self) if len(tokens) >= 2 else None
                    if found is not None and found.kind == "person":
                        self._holders[role] = found
                        break
        return self._holders[role]

    def common_word(self, word: str) -> bool:
        """Whether a capitalised word is a plain word: never capitalised inside a sentence,
        and written in lower case elsewhere in the article ("Lawmakers ..." / "... lawmakers")."""
        if not word.isalpha():
            return False
        low, text, at = word.lower(), self._text, 0
        while (at := text.find(low, at)) >= 0:  # first the cheap search, mostly in vain
            end = at + len(low)
            if (at == 0 or not text[at - 1].isalnum()) and (end == len(text) or not text[end].isalnum()):
                return not self._capitalised(inside_sentences=True)[word]
            at = end
        return False

    def knows(self, surname: str) -> bool:
        self.lookup(surname)
        return surname in self.full_names or surname in self.genders

    def shown_as_person(self, word: str) -> bool:
        """Whether the article writes one capitalised word as a person's name: with an age
        ("Edu, 26,"), a relative or an agent ("Edu's brother"), "himself"/"herself", or after a
        word for what a person does ("star Ronaldinho", "actress Swank")."""
        if word not in self._person_words:
            self._person_words[word] = self._shown_as_person(word)
        return self._person_words[word]

    def _shown_as_person(self, word: str) -> bool:
        text, at = self._text, 0
        while (at := text.find(word, at)) >= 0:
            end = at + len(word)
            if at and (text[at - 1].isalnum() or text[at - 1] in WORD_JOINERS or text[at - 1] == "_"):
                at = end
                continue
            if PERSON_EVIDENCE_AFTER.match(text, end) is not None:
                return True
            after = text[end : end + 1]
            if (
                at > 1
                and text[at - 1] == " "
                and not (after.isalnum() or after == "_" or (after and after in WORD_JOINERS))
            ):
                before = text[max(0, at - 14) : at - 1].rsplit(None, 1)
                if before and before[-1] in PERSON_WORDS_BEFORE:
                    return True
            at = end
        return False

    def learn(self, table: dict, key: str, value: str) -> None:
        """Add what the article taught (first value wins); invalidates parse_subject's cache."""
        if key not in table:
            table[key] = value
            self.version += 1

    def expand(self, surname: str, honorific: str = "") -> str:
        if honorific in ("sir", "dame", "prince", "princess"):  # "Sir Digby" is Sir Digby Jones
            for run in self._runs_with(surname):
                person = _analyse_run(run)[2]
                if person and person[1].split()[0] == surname:
                    return person[1]
        self.lookup(surname)
        if surname in self.full_names:
            return self.full_names[surname]
        if honorific in PEERAGE_TITLES and surname.lower() not in PEERAGE_TITLES:  # not "The Queen and Duke"
            return f"{honorific.capitalize()} {surname}"  # "Baroness Scotland": the title names her
        return self.peers.get(surname, surname)  # "Armstrong said", after "Lord Armstrong"

    def expansion(self, abbreviation: str) -> str | None:
        """The full name the article gives for ``abbreviation`` ("the International Monetary Fund
        (IMF)" -> "International Monetary Fund"), or None."""
        if self._expansions is None:
            self._expansions = _expansions(self._text) if "(" in self._text else {}
        return self._expansions.get(abbreviation)

    def gender_of(self, full_name: str) -> str:
        surname = full_name.split()[-1]
        self.lookup(surname)
        return self.genders.get(surname, "")


# What follows a person's name: an age (", 26,"), a relative or an agent ("'s brother"), "himself"
PERSON_WORDS_AFTER = "wife|husband|brother|sister|mother|father|son|daughter|girlfriend|boyfriend|family|parents|agent"
PERSON_EVIDENCE_AFTER = re.compile(rf"(?:, [1-9]\d,|['’]s (?:{PERSON_WORDS_AFTER})\b| (?:himself|herself)\b)")
# Lowercase words for what only a person is or does, right before a name ("star Ronaldinho")
PERSON_WORDS_BEFORE = frozenset(
    "star striker midfielder defender goalkeeper winger coach captain actress actor singer rapper "
    "comedian presenter champion boss".split()
)
WORD_JOINERS = "'’-"  # characters inside a word: "O'Neill", "Jay-Z"


# "shadow chancellor Oliver Lee" or "former chancellor Ken Hall" is not "the chancellor"
ROLE_MODIFIERS = ("shadow", "former", "deputy", "vice", "assistant", "junior", "acting", "interim", "ex")


def _other_holder(lowered: str, begin: int) -> bool:
    """Whether the role found at ``begin`` is qualified by a word that makes it another role."""
    before = lowered[max(0, begin - 12) : begin].rstrip(" -").rsplit(None, 1)
    return bool(before) and before[-1].rsplit("-", 1)[-1] in ROLE_MODIFIERS


# Letters after a name ("Ann Lee MP", "Tom Reed QC"): no part of the name itself.
POST_NOMINALS = frozenset("MP MPs MEP MSP AM QC KC MBE OBE CBE KBE".split())


def _without_post_nominals(tokens: list[str]) -> list[str]:
    while len(tokens) > 2 and _bare(tokens[-1]) in POST_NOMINALS:
        tokens = tokens[:-1]
    return tokens


# "... the National Institute of Economic and Social Research (NIESR) ...": a capitalised name,
# small joining words allowed inside it, then an abbreviation in brackets
ABBREVIATION_DEFINED = re.compile(
    r"((?:[A-Z][\w'’&-]*)(?:\s+(?:[A-Z][\w'’&-]*|of|and|for|on|the|in)){1,9})\s+\(([A-Z][A-Z]{1,7})\)"
)


def _expansions(text: str) -> dict[str, str]:
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
            found.setdefault(abbreviation, " ".join(words[first:]).rstrip("'’"))
    return found


def _org_from_run(run: str) -> str:
    """A body's name from a capitalised run: without opening words ("The", "Yesterday"), an owner
    before it ("BBC's EastEnders") or a trailing apostrophe."""
    words = run.rstrip(".,").split()
    while len(words) > 1 and words[0].lower() in COMMON_CAPS:
        words = words[1:]
    while len(words) > 1 and words[0].endswith(("'s", "’s")):
        words = words[1:]
    return " ".join(words).rstrip("'’")


def _run_around(text: str, at: int) -> "re.Match | None":
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
    kept = [t for t in titles if t.lower().rstrip(".") not in HONORIFICS]
    role = _role(prefix, kept)
    if SETTING_START.match(role):  # "Speaking to the BBC News website, Mr Reed": a setting, no role
        role = ""
    if joined.lower() in COMMON_CAPS or joined.lower() in TITLE_WORDS:
        return None
    # the honorific stands right before the name: "Mr Brown's Budget" is no person called Budget
    last_title = titles[-1].lower().rstrip(".") if titles else ""
    honorific = last_title if last_title in HONORIFICS else ""
    if not honorific and (place := _place_kind(joined)):  # "Baroness Scotland" is no country
        if indefinite:
            return None  # "A New York court": not the place, and no name
        return place, joined.removeprefix("the ").removeprefix("The "), role, "", ()
    if (_looks_org(rest) or affiliated) and not honorific:
        if titles and not affiliated:
            # "Home Office", "Foreign Ministry": the capitalised words before are the body's name
            lead = len(titles)
            while lead and titles[lead - 1][:1].isupper() and not titles[lead - 1].endswith(POSSESSIVE_ENDS):
                lead -= 1
            if lead < len(titles):
                joined = " ".join([*titles[lead:], joined])
                kept = [t for t in titles[:lead] if t.lower().rstrip(".") not in HONORIFICS]
                role = _role(prefix, kept)
                role = "" if SETTING_START.match(role) else role
        return "organisation", joined, role, "", ()
    if indefinite:
        return None
    return "person?", joined, role, honorific, tuple(rest)


def _person_or_org(prefix: str, tokens: list[str], names: ArticleNames) -> Speaker | None:
    parts = _name_parts(prefix, tuple(tokens))
    if parts is None:
        return None
    kind, joined, role, honorific, rest = parts
    if kind != "person?":
        return Speaker(joined, kind, role)
    if len(rest) == 1 and not honorific and not names.knows(rest[0]):
        if is_nationality_word(rest[0]):
            # "the Frenchman said", "Britons said": a description, no name ("the Frenchman" is
            # then read like "the defender": a person the article has named). "Mr French" and a
            # surname the article gives in full stay names.
            return None
        if not rest[0].isupper() and names.shown_as_person(rest[0]):
            # "Edu, 26, added": one word the article shows to be a person's name (a surname,
            # a first name or a one-word name), not a body's
            return Speaker(rest[0], "person", role, _gender_from_role(role))
        if len(tokens) == 1 and rest[0].endswith(("s", "ly", "ing")) and names.common_word(rest[0]):
            # "Lawmakers said": a plain word that opens a sentence, no body's name
            return UNKNOWN if rest[0].endswith("s") and not rest[0].endswith("ss") else None
        # "UK Coal", "National Grid": a country's or a nation-wide word before one unknown
        # word belongs to the body's name (a role word before it stays a role)
        lead = len(tokens) - 1
        while lead and _names_a_nation(tokens[lead - 1]):
            lead -= 1
        if lead < len(tokens) - 1:
            joined = " ".join([*tokens[lead:-1], joined])
            role = " ".join(role.split()[: -(len(tokens) - 1 - lead)])
        return Speaker(joined, "organisation", role)
    if len(rest) >= 3 and not honorific and (is_nationality_word(rest[0]) or names.common_word(rest[0])):
        # "Referee Graham Poll", "For Rick Dean" opening a sentence: a plain word is no part of
        # the name; a noun goes to the role, a preposition nowhere
        if rest[0].lower() not in PREPOSITIONS:
            role = " ".join(filter(None, [role, rest[0]]))
        rest = rest[1:]
        joined = " ".join(rest)
    full = names.expand(rest[-1], honorific) if len(rest) == 1 else joined
    gender = "m" if honorific in HONORIFICS_MALE else "f" if honorific in HONORIFICS_FEMALE else ""
    gender = gender or names.gender_of(full) or _gender_from_role(role)
    names.lookup(full.split()[-1])
    return Speaker(full, "person", role or names.roles.get(full, ""), gender)


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


def _body_named(text: str, noun: str, names: "ArticleNames") -> str:
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
        while picked and not picked[-1][0].isupper():  # picked runs backwards: its start is last
            picked.pop()
        if not picked or len(picked) > 1 and not picked[0][0].isupper() and is_nationality_word(picked[-1]):
            continue  # "Norwegian telecoms company": a description, no name
        if names._capitalised(inside_sentences=True)[picked[-1]] == 0:
            continue  # "Rival local club": capitalised only at a sentence's start
        name = " ".join(reversed(picked)) + " " + text[end - len(noun) : end]
        if text[end - len(noun)].isupper() and (more := BODY_OF.match(text, end)):
            name += more.group(0)  # "Joint Committee on Human Rights"
        found[name] += 1
    return found.most_common(1)[0][0] if found else ""
