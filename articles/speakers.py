"""Who is speaking: parse an attribution's subject and resolve it within one article.

Pure functions over plain strings; no Django. Used by ``articles.quotes``.
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from articles.quote_lexicon import (
    ANONYMOUS,
    CAPITALS,
    COUNTRIES,
    DEMONYMS,
    FEMALE_ROLE_WORDS,
    GENERIC_ORGS,
    HONORIFICS,
    HONORIFICS_FEMALE,
    HONORIFICS_MALE,
    MALE_ROLE_WORDS,
    MEMBER_HEADS,
    ORG_WORDS,
    PRONOUNS,
    SPOKES_HEADS,
    TITLE_WORDS,
)

UPPER = "A-ZÀ-ÖØ-Þ"
_TOKEN = rf"(?:(?:[{UPPER}]\.){{1,3}}|[{UPPER}][\w'’&-]*)"
_PARTICLE = r"(?:de|da|del|van|von|der|den|bin|ibn|al|el|le|la|du|di|dos|of|and|for|&)"
PARTICLES = frozenset(_PARTICLE[3:-1].split("|"))
NAME_RUN = re.compile(rf"(?<![\w'’-]){_TOKEN}(?:[ \t]+(?:{_PARTICLE}[ \t]+)?{_TOKEN})*")
MULTI_NAME_RUN = re.compile(rf"(?<![\w'’-]){_TOKEN}(?:[ \t]+(?:{_PARTICLE}[ \t]+)?{_TOKEN})+")
SINGLE_CAP = re.compile(rf"(?<![\w'’-])[{UPPER}][\w'’&-]*")
HONORIFIC_NAME = re.compile(r"\b(Mr|Mrs|Ms|Miss|Dr|Sir|Lord|Lady|Dame|Baroness)\.?\s+([A-Z][\w'’-]+)")
LEADING_JUNK = re.compile(
    r"^(?:(?:but|and|yet|so|now|however|meanwhile|instead|also|then|still|while|although|"
    r"though|because|as|if|when|after|before|since|where|in a statement|in an interview|"
    r"speaking|separately|earlier|later|last \w+|on \w+|in \w+)\b[,\s]*)+",
    re.IGNORECASE,
)
TRAILING_JUNK = re.compile(
    r"(?:[\s,]+(?:has|had|have|would|will|could|also|has also|had also|then|later|now|"
    r"previously|repeatedly|recently|earlier|once|again|however|himself|herself|"
    r"itself|themselves|too|both|all|only|even|just|quickly|publicly|privately|"
    r"had previously|has previously|has repeatedly|has already|already|last week|"
    r"yesterday|today|went on to|went on|go on to|goes on to|continued to|was quick to|"
    r"wanted to|wants to|is expected to|is likely to|was to|would|will|did|does|do))+$",
    re.IGNORECASE,
)
COMMON_CAPS = set(
    (
        "the a an but and in on at for of to it its this that these those there he she they "
        "we i his her their our mr mrs ms monday tuesday wednesday thursday friday saturday "
        "sunday january february march april may june july august september october "
        "november december if when while as after before however meanwhile"
    ).split()
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


def _strip_titles(tokens: list[str]) -> tuple[list[str], list[str]]:
    """Split "Trade and Industry Secretary Patricia Hewitt" into titles and the name."""
    cut = 0
    for i, t in enumerate(tokens[:-1]):
        if _is_title(t) or t.endswith(("'s", "’s")):
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
    genders: dict[str, str] = field(default_factory=dict)  # surname -> "m" | "f"
    roles: dict[str, str] = field(default_factory=dict)  # full name -> first role seen
    role_holders: dict[str, str] = field(default_factory=dict)  # role (lower) -> full name
    _looked_up: set = field(default_factory=set)
    version: int = 0
    parsed: dict = field(default_factory=dict)  # (noun phrase, version) -> parse_subject result
    _text: str = ""
    _main_org: str | None = None

    @classmethod
    def scan(cls, text: str) -> "ArticleNames":
        """Names are looked up lazily, one surname at a time, in ``text``."""
        return cls(_text=text)

    @property
    def main_org(self) -> str | None:
        """The organisation the article names most often (for "the company said")."""
        if self._main_org is None and self._text:
            orgs: Counter[str] = Counter()
            for m in MULTI_NAME_RUN.finditer(self._text):
                org = _analyse_run(m.group(0))[1]
                if org:
                    orgs[org] += 1
            for m in SINGLE_CAP.finditer(self._text):
                word = m.group(0).rstrip(".,")
                if word.lower() not in COMMON_CAPS and word.lower() not in TITLE_WORDS:
                    orgs[word] += 1
            self._main_org = orgs.most_common(1)[0][0] if orgs else ""
        return self._main_org or None

    def _runs_with(self, word: str):
        """The capitalised runs of the article that contain ``word`` as a whole word, in order."""
        text, at = self._text, 0
        while (at := text.find(word, at)) >= 0:
            end = at + len(word)
            # Only a run with a capitalised word just before can name "First Surname" or "Mr Surname".
            before = -1
            if at > 1 and text[at - 1] in " \t":
                before = at - 1
                while before > 0 and not text[before - 1].isspace() and at - before < 40:
                    before -= 1
            if (
                before >= 0
                and (text[before : before + 1].isupper() or text[before : at - 1] in PARTICLES)
                and (end == len(text) or not text[end].isalnum())
            ):
                lo = max(0, at - 120)
                for m in MULTI_NAME_RUN.finditer(text, lo, min(len(text), end + 60)):
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
            if person and person[0] == surname:
                self.full_names.setdefault(surname, person[1])
                if person[2]:
                    self.roles.setdefault(person[1], person[2])
            full = self.full_names.get(surname)
            if full and surname in self.genders and full in self.roles:
                break  # nothing more to learn

    def knows(self, surname: str) -> bool:
        self.lookup(surname)
        return surname in self.full_names or surname in self.genders

    def learn(self, table: dict, key: str, value: str) -> None:
        """Add what the article taught (first value wins); invalidates parse_subject's cache."""
        if key not in table:
            table[key] = value
            self.version += 1

    def expand(self, surname: str, honorific: str = "") -> str:
        if honorific in ("sir", "dame"):  # "Sir Digby" is Sir Digby Jones
            for run in self._runs_with(surname):
                person = _analyse_run(run)[2]
                if person and person[1].split()[0] == surname:
                    return person[1]
        self.lookup(surname)
        return self.full_names.get(surname, surname)

    def gender_of(self, full_name: str) -> str:
        surname = full_name.split()[-1]
        self.lookup(surname)
        return self.genders.get(surname, "")


@lru_cache(maxsize=1 << 16)
def _analyse_run(run: str):
    """What one capitalised run tells about names: (honorific gender, organisation, person)."""
    tokens = _words(run.rstrip(".,"))
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


def clean_subject(np: str) -> str:
    np = np.strip().strip(",;:—–- ").strip()
    np = LEADING_JUNK.sub("", np)
    np = TRAILING_JUNK.sub("", np)
    return np.strip().strip(",").strip()


def _name_at_end(part: str) -> tuple[str, list[str]] | None:
    """The capitalised run that ends ``part`` and what precedes it."""
    m = None
    for m in NAME_RUN.finditer(part):  # noqa: B007 (the last run is the one wanted)
        pass
    if m is None or re.sub(r"^['’]s\b", "", part[m.end() :].strip()).strip(" .,"):
        return None
    return part[: m.start()].strip(), _words(m.group(0).rstrip(",."))


def _person_or_org(prefix: str, tokens: list[str], names: ArticleNames) -> Speaker | None:
    if tokens and tokens[0].lower() == "the":
        tokens = tokens[1:]
    if tokens:
        tokens = tokens[:-1] + [_unpossess(tokens[-1])]
    titles, rest = _strip_titles(tokens)
    affiliated = bool(rest) and rest[0][:1].islower()
    while rest and rest[0][:1].islower():
        rest = rest[1:]
    if not rest:
        return None
    joined = " ".join(rest)
    if joined.endswith(("'s", "’s")):
        joined = joined[:-2]
    kept = [t for t in titles if t.lower().rstrip(".") not in HONORIFICS]
    role = " ".join(filter(None, [prefix, " ".join(kept)])).strip()
    role = ARTICLE.sub("", role)
    if joined.lower() in COMMON_CAPS or joined.lower() in TITLE_WORDS:
        return None
    if place := _place_kind(joined):
        return Speaker(joined.removeprefix("the ").removeprefix("The "), place, role)
    honorific = next((t.lower().rstrip(".") for t in titles if t.lower().rstrip(".") in HONORIFICS), "")
    if (_looks_org(rest) or affiliated) and not honorific:
        return Speaker(joined, "organisation", role)
    known = names.knows(rest[0])
    if len(rest) == 1 and not honorific and not known:
        return Speaker(joined, "organisation", role)
    full = names.expand(rest[-1], honorific) if len(rest) == 1 else joined
    gender = "m" if honorific in HONORIFICS_MALE else "f" if honorific in HONORIFICS_FEMALE else ""
    gender = gender or names.gender_of(full) or _gender_from_role(role)
    names.lookup(full.split()[-1])
    return Speaker(full, "person", role or names.roles.get(full, ""), gender)


def _gender_from_role(role: str) -> str:
    words = set(role.lower().split())
    if words & FEMALE_ROLE_WORDS:
        return "f"
    if words & MALE_ROLE_WORDS:
        return "m"
    return ""


ARTICLE = re.compile(r"^(?:the|a|an)\b\s*", re.IGNORECASE)
RELATIVE_PRONOUN = re.compile(r"^(?:which|that|who|whom|as)\s+(he|she|they|it|we)$", re.IGNORECASE)
INTRO = re.compile(
    r"^(?:in|at|on|during|speaking|asked|after|before|despite|with|responding|pointing|earlier|"
    r"later|however|meanwhile|separately|instead|but|and|also|when|while|as|writing|quoted)\b",
    re.IGNORECASE,
)
RELATIVE = re.compile(r"^(?:which|who|whose|where|whom|when|adding|saying|speaking)\b", re.IGNORECASE)
PLACE_PREP = re.compile(r"\b(?:of|at|in|for|from|with|to)(?:\s+the)?\s*$", re.IGNORECASE)
AFFILIATION = re.compile(r"\s+(?:of|at|from|with|for|in)\s+")
DASH_CLAUSE = re.compile(r"\s+[-–—]\s+[^-–—]*?\s+[-–—](?=\s|$)|\s*\([^)]*\)|\s+[-–—]\s+[^-–—]*$")


def _person_before_affiliation(part: str, names: ArticleNames) -> tuple[str, str]:
    """ "Cara Diemont of IT firm Dimension Data" -> ("Cara Diemont", "of IT firm Dimension Data")."""
    for m in AFFILIATION.finditer(part):
        left = part[: m.start()]
        found = _name_at_end(left)
        if found is None:
            continue
        speaker = _person_or_org(found[0], found[1], names)
        if speaker is not None and speaker.kind == "person":
            return left, part[m.start() :].strip()
        break
    return part, ""


def parse_subject(np: str, names: ArticleNames) -> Speaker | str | None:
    """Return a Speaker, a pronoun/generic marker ("he", "she", "it", "they", "org"), or None."""
    key = (np, names.version)
    if key not in names.parsed:
        names.parsed[key] = _parse_subject(np, names)
    return names.parsed[key]


def _parse_subject(np: str, names: ArticleNames) -> Speaker | str | None:
    np = clean_subject(DASH_CLAUSE.sub("", np))
    if not np or len(np) > 200:
        return None
    parts = [p.strip() for p in np.split(",") if p.strip()]
    while len(parts) > 1 and INTRO.match(parts[0]):
        parts = parts[1:]
    if m := RELATIVE_PRONOUN.match(parts[-1]):
        return m.group(1).lower()
    parts = [p for i, p in enumerate(parts) if i == 0 or not RELATIVE.match(p)]
    if len(parts) > 4:
        return None
    if parts[-1].lower() in PRONOUNS:
        return parts[-1].lower()
    if parts[-1].lower().removeprefix("the ").removeprefix("some ") in ANONYMOUS:
        return Speaker(None, "")
    if len(parts) == 1 and parts[0].split()[-1].lower() in ("he", "she") and len(parts[0].split()) <= 10:
        return parts[0].split()[-1].lower()
    for part in parts:
        if (m := SPOKES_FOR.match(part)) and m.group(1)[:1].isupper():
            return _generic(part, names)
    candidates = []
    for i, part in enumerate(parts):
        part, affiliation = _person_before_affiliation(part, names)
        found = _name_at_end(part)
        if found is None:
            continue
        prefix, tokens = found
        if _anonymous_member(prefix):
            return Speaker(None, "")
        others = [p for j, p in enumerate(parts) if j != i] + ([affiliation] if affiliation else [])
        speaker = _person_or_org(" ".join([prefix, *others]).strip(), tokens, names)
        if speaker is not None and speaker.kind == "person" and PLACE_PREP.search(prefix):
            speaker = Speaker(speaker.name, _place_kind(speaker.name) or "organisation", speaker.role)
        if speaker is not None:
            candidates.append(speaker)
    persons = [c for c in candidates if c.kind == "person"]
    if persons:
        return persons[-1]
    if candidates:
        return candidates[0]
    return _generic(parts[-1], names) or _generic(parts[0], names)


def leading_person(sentence: str, names: ArticleNames) -> Speaker | None:
    """The person a sentence opens with ("And ex-Tory secretary Gillian Shepherd remembered ...")."""
    head = LEADING_JUNK.sub("", sentence.lstrip())
    if head[:1] in "\"“‘'":
        return None
    at = 0
    for m in NAME_RUN.finditer(head, 0, 100):
        between = head[at : m.start()].split()
        if (
            len(head[: m.start()].split()) > 6
            or len(between) > 3
            or any(w[:1].isupper() is False and not w.islower() for w in between)
        ):
            return None
        found = parse_subject(head[: m.end()], names)
        if isinstance(found, Speaker) and found.kind == "person":
            return found
        at = m.end()
    return None


def _anonymous_member(prefix: str) -> bool:
    words = prefix.lower().split()
    if words and words[-1] == "the":
        words = words[:-1]
    return len(words) >= 2 and words[-1] in ("of", "in", "at") and any(w in MEMBER_HEADS for w in words[:-1])


NAMED_ORG = re.compile(rf"^(?:[Tt]he\s+)?({_TOKEN}(?:[ \t]+{_TOKEN})*)\s+((?:[a-z-]+\s+){{0,4}}([a-z]+))$")
SPOKES_FOR = re.compile(
    r"^(?:an?|the)?\s*(?:[\w-]+\s+)?(?:{})\s+(?:for|of|at|from)\s+(?:the\s+)?(.+)$".format("|".join(SPOKES_HEADS)),
    re.IGNORECASE,
)
SPOKES_NAMED = re.compile(r"^(?:an?|the)\s+(.+?)\s+(?:{})$".format("|".join(SPOKES_HEADS)), re.IGNORECASE)
GENERIC_TAIL = re.compile(r"\b(?:the|its|their)\s+([a-z]+)$", re.IGNORECASE)


def _generic(part: str, names: ArticleNames) -> Speaker | str | None:
    for regex in (SPOKES_FOR, SPOKES_NAMED):
        if (m := regex.match(part)) and m.group(1)[:1].isupper():
            org = m.group(1).removesuffix("'s").removesuffix("’s")
            if org.lower() not in COMMON_CAPS:
                head = next((w for w in part.lower().split() if w in SPOKES_HEADS), "")
                return Speaker(org, _place_kind(org) or "organisation", head, _gender_from_role(head))
    m = NAMED_ORG.match(part)
    if m and m.group(1).lower() not in COMMON_CAPS and (m.group(3) in GENERIC_ORGS or m.group(3) in ORG_WORDS):
        name = re.sub(r"^[Tt]he\s+", "", part)
        return Speaker(name, _place_kind(m.group(1)) or "organisation")
    words = part.lower().split()
    if not words or len(words) > 10:
        return None
    head = words[-1]
    if head in ANONYMOUS or head in MEMBER_HEADS:
        return Speaker(None, "")
    role = " ".join(words).removeprefix("the ")
    if words[0] == "the" and role in names.role_holders:
        full = names.role_holders[role]
        return Speaker(full, "person", role, names.gender_of(full))
    if (m := GENERIC_TAIL.search(part)) and m.group(1).lower() in GENERIC_ORGS:
        return "org"
    if words[0] == "the" and len(words) <= 4 and any(w in TITLE_WORDS for w in words[1:]):
        return "role"
    return None
