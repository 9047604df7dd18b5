"""Names in one article: who its capitalised runs name, learnt from the article around them
(surnames, honorifics, roles, its main body and person).

Pure string work (no Django), used by ``articles.speakers`` to resolve who speaks. The reading
of one run on its own is in ``articles.name_runs``.
"""

import re
from collections import Counter
from dataclasses import dataclass, field

from articles.body_names import defined_abbreviations, most_named_body
from articles.name_runs import (  # noqa: F401 (_PARTICLE, _TOKEN, _unpossess: re-exported for tests)
    _PARTICLE,
    _TOKEN,
    COMMON_CAPS,
    MULTI_NAME_RUN,
    NAME_RUN,
    PARTICLES,
    PREPOSITIONS,
    _analyse_run,
    _gender_from_role,
    _name_parts,
    _names_a_nation,
    _org_from_run,
    _peer_name,
    _place_kind,
    _unpossess,
    _words,
    other_holder,
    run_around,
)
from articles.quote_lexicon import HONORIFICS_FEMALE, HONORIFICS_MALE, PEERAGE_TITLES, TITLE_WORDS, is_nationality_word

# The honorifics ``titled_elsewhere`` looks for before a surname ("Dr Reid", "Mr. Brown"; fewer
# than HONORIFICS). Compiled once: the surname is matched where each ends.
HONORIFIC_BEFORE = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Dr|Sir)\.? ")


@dataclass(frozen=True, slots=True)
class Speaker:
    name: str | None
    kind: str  # "person" | "organisation" | "country" | "group" (named together) | ""
    role: str = ""
    gender: str = ""  # "m" | "f" | "" for persons


UNKNOWN = Speaker(None, "")


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
    referents: dict = field(default_factory=dict)  # "report", "government" -> whom "the report" stands for
    _titled_surnames: dict = field(default_factory=dict)  # surname -> whether an honorific precedes it

    @classmethod
    def scan(cls, text: str) -> "ArticleNames":
        """Names are looked up lazily, one surname at a time, in ``text``."""
        return cls(_text=text)

    @property
    def text(self) -> str:
        """The article's text, as scanned."""
        return self._text

    def capitalised(self, inside_sentences: bool = False) -> Counter:
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
            for word, _ in self.capitalised(inside_sentences=True).most_common(12):
                low = word.lower()
                if low in COMMON_CAPS or low in TITLE_WORDS or _place_kind(word) or self.knows(word):
                    continue
                if word[-1] == "s" and word[:-1].isupper():  # "MPs", "MEPs": a group, no body
                    continue
                # "Time Warner": the whole capitalised run the word first appears in
                at = self._text.find(word)
                run = run_around(self._text, at) if at >= 0 else None
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
            self._bodies[noun] = most_named_body(self._text, noun, self)
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
            for word, _ in self.capitalised().most_common(12):
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
                if m and (begin == 0 or not lowered[begin - 1].isalnum()) and not other_holder(lowered, begin):
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
                return not self.capitalised(inside_sentences=True)[word]
            at = end
        return False

    def titled_elsewhere(self, surname: str) -> bool:
        """Whether the article writes the surname after an honorific ("Dr Reid", "Mr Brown")."""
        if surname not in self._titled_surnames:
            after = re.compile(rf"{re.escape(surname)}\b")
            found = any(after.match(self._text, m.end()) for m in HONORIFIC_BEFORE.finditer(self._text))
            self._titled_surnames[surname] = found
        return self._titled_surnames[surname]

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
            self._expansions = defined_abbreviations(self._text) if "(" in self._text else {}
        return self._expansions.get(abbreviation)

    def gender_of(self, full_name: str) -> str:
        surname = full_name.split()[-1]
        self.lookup(surname)
        return self.genders.get(surname, "")


# What follows a person's name: an age (", 26,"), a relative or an agent ("'s brother"), "himself", or ",
# speaking" (bodies do not speak in person; ", who" is no proof: British English says "Leicester, who")
PERSON_WORDS_AFTER = "wife|husband|brother|sister|mother|father|son|daughter|girlfriend|boyfriend|family|parents|agent"
PERSON_EVIDENCE_AFTER = re.compile(
    rf"(?:, [1-9]\d,|['’]s (?:{PERSON_WORDS_AFTER})\b| (?:himself|herself)\b|, speaking\b)"
)
# Lowercase words for what only a person is or does, right before a name ("star Ronaldinho")
PERSON_WORDS_BEFORE = frozenset(
    "star striker midfielder defender goalkeeper winger coach captain actress actor singer rapper "
    "comedian presenter champion boss".split()
)
WORD_JOINERS = "'’-"  # characters inside a word: "O'Neill", "Jay-Z"


def _joint(rest: tuple[str, ...], role: str, names: ArticleNames) -> Speaker:
    """ "Jonathan Wolpaw and Dennis McFarlane", "Munich Re and Swiss Re": names joined by "and"
    speak as a group, no one person for "he" to find. But a title that ends in "and ..." before a
    full name the article knows ("Children, Young People and Families Margaret Hodge", with "Ms
    Hodge" elsewhere) is that person's."""
    after = rest[len(rest) - rest[::-1].index("and") :]
    if len(after) >= 3 and names.knows(after[-1]):
        full = " ".join(after[-2:])
        title = " ".join(rest[:-2])
        return Speaker(full, "person", f"{role}, {title}" if role else title, names.gender_of(full))
    return Speaker(" ".join(rest), "group", role)


def _person_or_org(prefix: str, tokens: list[str], names: ArticleNames) -> Speaker | None:
    parts = _name_parts(prefix, tuple(tokens))
    if parts is None:
        return None
    kind, joined, role, honorific, rest = parts
    if kind == "office-holder?":
        if not names.titled_elsewhere(rest[-1]):  # a learnt "full name" is no proof ("Development Planning")
            return Speaker(joined, "organisation", role)
        return Speaker(joined, "person", role, names.gender_of(joined))
    if kind != "person?":
        return Speaker(joined, kind, role)
    if "&" in rest:
        return Speaker(joined, "organisation", role)  # "Marks & Spencer", "Ernst & Young": a firm
    if "and" in rest:
        return _joint(rest, role, names)
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
