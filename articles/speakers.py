"""Who is speaking: parse an attribution's subject and resolve it within one article.

Pure functions over plain strings; no Django. Used by ``articles.quotes``.
"""

import re
from collections import Counter
from dataclasses import dataclass, field

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
    ORG_WORDS,
    PRONOUNS,
    TITLE_WORDS,
)

UPPER = "A-ZÀ-ÖØ-Þ"
_TOKEN = rf"(?:(?:[{UPPER}]\.){{1,3}}|[{UPPER}][\w'’&-]*)"
_PARTICLE = r"(?:de|da|del|van|von|der|den|bin|ibn|al|el|le|la|du|di|dos|of|and|for|&)"
NAME_RUN = re.compile(rf"{_TOKEN}(?:[ \t]+(?:{_PARTICLE}[ \t]+)?{_TOKEN})*")
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
    r"yesterday|today))+$",
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


def _words(s: str) -> list[str]:
    return s.split()


def _is_title(word: str) -> bool:
    return word.lower().strip(",") in TITLE_WORDS


def _strip_titles(tokens: list[str]) -> tuple[list[str], list[str]]:
    i = 0
    while i < len(tokens) - 1 and (_is_title(tokens[i]) or tokens[i].lower() in ("of", "and", "for", "&")):
        i += 1
    return tokens[:i], tokens[i:]


def _place_kind(name: str) -> str:
    low = name.lower()
    if low.startswith("the "):
        low = low[4:]
    if low in COUNTRIES or low in CAPITALS:
        return "country"
    return ""


def _looks_org(tokens: list[str]) -> bool:
    if any(t.lower().strip(".,'’s") in ORG_WORDS for t in tokens):
        return True
    return len(tokens) == 1 and (tokens[0].isupper() and len(tokens[0]) > 1)


@dataclass
class ArticleNames:
    """People and organisations named in one article, for surname and pronoun resolution."""

    full_names: dict[str, str] = field(default_factory=dict)  # surname -> "First Last"
    genders: dict[str, str] = field(default_factory=dict)  # surname -> "m" | "f"
    roles: dict[str, str] = field(default_factory=dict)  # full name -> first role seen
    role_holders: dict[str, str] = field(default_factory=dict)  # role (lower) -> full name
    main_org: str | None = None

    @classmethod
    def scan(cls, text: str) -> "ArticleNames":
        names = cls()
        for m in HONORIFIC_NAME.finditer(text):
            hon = m.group(1).lower()
            names.genders.setdefault(m.group(2), "m" if hon in HONORIFICS_MALE else "f" if hon in HONORIFICS_FEMALE else "")
        orgs: Counter[str] = Counter()
        for m in NAME_RUN.finditer(text):
            tokens = _words(m.group(0).rstrip(".,"))
            while tokens and tokens[0].lower() in COMMON_CAPS:
                tokens = tokens[1:]
            while tokens and tokens[-1].lower() in ("of", "and", "for", "&"):
                tokens = tokens[:-1]
            if not tokens:
                continue
            titles, rest = _strip_titles(tokens)
            joined = " ".join(rest)
            if _place_kind(joined) or rest[0].lower() in DEMONYMS:
                continue
            if _looks_org(rest) or (len(rest) == 1 and not titles):
                if joined.lower() not in COMMON_CAPS and joined.lower() not in TITLE_WORDS:
                    orgs[joined] += 1
                continue
            if 2 <= len(rest) <= 4 and all(t[0].isupper() for t in rest):
                surname = rest[-1].rstrip("'’s").rstrip("’'")
                names.full_names.setdefault(surname, joined)
                kept = [t for t in titles if t.lower().rstrip(".") not in HONORIFICS]
                if kept and kept[-1].lower() not in ("of", "and", "for", "&"):
                    names.roles.setdefault(joined, " ".join(kept))
        if orgs:
            names.main_org = orgs.most_common(1)[0][0]
        return names

    def expand(self, surname: str) -> str:
        return self.full_names.get(surname, surname)

    def gender_of(self, full_name: str) -> str:
        return self.genders.get(full_name.split()[-1], "")


def clean_subject(np: str) -> str:
    np = np.strip().strip(",;:—–- ").strip()
    np = LEADING_JUNK.sub("", np)
    np = TRAILING_JUNK.sub("", np)
    return np.strip().strip(",").strip()


def _name_at_end(part: str) -> tuple[str, list[str]] | None:
    """The capitalised run that ends ``part`` and what precedes it."""
    m = None
    for m in NAME_RUN.finditer(part):
        pass
    if m is None or part[m.end() :].strip(" .,'’s"):
        return None
    return part[: m.start()].strip(), _words(m.group(0).rstrip(",."))


def _person_or_org(prefix: str, tokens: list[str], names: ArticleNames) -> Speaker | None:
    if tokens and tokens[0].lower() == "the":
        tokens = tokens[1:]
    titles, rest = _strip_titles(tokens)
    if not rest:
        return None
    joined = " ".join(rest)
    if joined.endswith(("'s", "’s")):
        joined = joined[:-2]
    kept = [t for t in titles if t.lower().rstrip(".") not in HONORIFICS]
    role = " ".join(filter(None, [prefix, " ".join(kept)])).strip()
    role = re.sub(r"^(?:the|a|an)\s+", "", role, flags=re.IGNORECASE)
    if joined.lower() in COMMON_CAPS or joined.lower() in TITLE_WORDS:
        return None
    if place := _place_kind(joined):
        return Speaker(joined.removeprefix("the ").removeprefix("The "), place, role)
    honorific = next((t.lower().rstrip(".") for t in titles if t.lower().rstrip(".") in HONORIFICS), "")
    if _looks_org(rest) and not honorific:
        return Speaker(joined, "organisation", role)
    if len(rest) == 1 and not honorific and rest[0] not in names.full_names and rest[0] not in names.genders:
        return Speaker(joined, "organisation", role)
    full = names.expand(rest[-1]) if len(rest) == 1 else joined
    gender = "m" if honorific in HONORIFICS_MALE else "f" if honorific in HONORIFICS_FEMALE else ""
    gender = gender or names.gender_of(full) or _gender_from_role(role)
    return Speaker(full, "person", role or names.roles.get(full, ""), gender)


def _gender_from_role(role: str) -> str:
    words = set(role.lower().split())
    if words & FEMALE_ROLE_WORDS:
        return "f"
    if words & MALE_ROLE_WORDS:
        return "m"
    return ""


def parse_subject(np: str, names: ArticleNames) -> Speaker | str | None:
    """Return a Speaker, a pronoun/generic marker ("he", "she", "it", "they", "org"), or None."""
    np = clean_subject(np)
    low = np.lower()
    if not np or len(np) > 160:
        return None
    if low in PRONOUNS:
        return low
    parts = [p.strip() for p in re.split(r",\s*", np) if p.strip()]
    if len(parts) > 4:
        return None
    candidates = []
    for i, part in enumerate(parts):
        found = _name_at_end(part)
        if found is None:
            continue
        prefix, tokens = found
        if prefix and not re.search(r"[a-z]", prefix[-1:] + " ") and i > 0:
            continue
        others = [p for j, p in enumerate(parts) if j != i]
        speaker = _person_or_org(prefix if not others else " ".join([prefix] + others).strip(), tokens, names)
        if speaker is not None:
            candidates.append((i, prefix, speaker))
    for i, prefix, speaker in candidates:
        if speaker.kind == "person":
            return speaker
    if candidates:
        return candidates[0][2]
    return _generic(parts[0], names)


NAMED_ORG = re.compile(rf"^(?:the\s+)?({_TOKEN}(?:[ \t]+{_TOKEN})*)\s+((?:[a-z-]+\s+){{0,2}}([a-z]+))$")


def _generic(part: str, names: ArticleNames) -> Speaker | str | None:
    if (m := NAMED_ORG.match(part)) and (m.group(3) in GENERIC_ORGS or m.group(3) in ORG_WORDS):
        return Speaker(m.group(1), _place_kind(m.group(1)) or "organisation", m.group(2))
    words = part.lower().split()
    if not words or len(words) > 8:
        return None
    head = words[-1]
    if head in GENERIC_ORGS and words[0] in ("the", "its", "their"):
        return "org"
    if head in ANONYMOUS or (words[0] in ("a", "an") and head in ANONYMOUS):
        return Speaker(None, "")
    role = " ".join(words).removeprefix("the ")
    if words[0] == "the" and role in names.role_holders:
        full = names.role_holders[role]
        return Speaker(full, "person", role, names.gender_of(full))
    return None


@dataclass
class SpeakerTrail:
    """Speakers met so far in the article, newest last, for pronouns and continuations."""

    names: ArticleNames
    seen: list[Speaker] = field(default_factory=list)

    def note(self, speaker: Speaker) -> None:
        if speaker.name is None:
            return
        self.seen.append(speaker)
        if speaker.kind == "person":
            if speaker.gender:
                self.names.genders.setdefault(speaker.name.split()[-1], speaker.gender)
            if speaker.role:
                self.names.roles.setdefault(speaker.name, speaker.role)
                self.names.role_holders.setdefault(speaker.role.lower(), speaker.name)

    def resolve(self, subject: Speaker | str | None) -> Speaker:
        if subject is None:
            return UNKNOWN
        if isinstance(subject, Speaker):
            return subject
        if subject in ("he", "she", "i"):
            want = {"he": "m", "she": "f"}.get(subject, "")
            for sp in reversed(self.seen):
                if sp.kind == "person" and (not want or sp.gender in (want, "")):
                    if want and not sp.gender:
                        sp = Speaker(sp.name, sp.kind, sp.role, want)
                        self.names.genders.setdefault(sp.name.split()[-1], want)
                    return sp
            return UNKNOWN
        for sp in reversed(self.seen):
            if sp.kind in ("organisation", "country"):
                return sp
        if subject in ("org", "it") and self.names.main_org:
            return Speaker(self.names.main_org, "organisation")
        return UNKNOWN

    def last(self) -> Speaker:
        return self.seen[-1] if self.seen else UNKNOWN
