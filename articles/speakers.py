"""Who is speaking: parse an attribution's subject and resolve it within one article.

Pure functions over plain strings; no Django. Used by ``articles.quotes``. The bodies and roles
that a subject naming no person stands for are read in ``articles.speaker_bodies``.
"""

import re

from articles.name_runs import (
    NAME_RUN,
    POST_NOMINALS,
    _gender_from_role,
    _is_title,
    _place_kind,
)
from articles.names import UNKNOWN, ArticleNames, Speaker, _person_or_org  # noqa: F401 (UNKNOWN: re-exported)
from articles.quote_lexicon import (
    ANONYMOUS,
    CUE_WORD,
    EVAL_WORD,
    MEMBER_HEADS,
    PRONOUNS,
    cue_spans,
)
from articles.speaker_bodies import (
    NAMED_ORG,
    SPOKES_FOR,
    a_persons_name,
    generic_subject,
    may_name_spokes,
    spokes_body,
)
from articles.subject_phrases import (  # noqa: F401 (TRAILING_JUNK: re-exported for the tests)
    AUXILIARY_WORDS,
    LEADING_JUNK,
    PLACE_PREP,
    SENTENCE_ADVERBS,
    TRAILING_JUNK,
    _name_at_end,
    _person_before_affiliation,
    _person_before_setting,
    clean_subject,
)
from articles.subject_referents import (
    DOCUMENTS,
    author_before_relative,
    described_body,
    document_author,
    named_document_author,
    shared_subject,
)

RELATIVE_PRONOUN = re.compile(r"^(?:which|that|who|whom|as)\s+(he|she|they|it|we)$", re.IGNORECASE)
CONJOINED = re.compile(r".*\s(?:and|but|while|as|so)\s+(?=\S)", re.IGNORECASE)
# What CONJOINED needs somewhere: looked for first, because CONJOINED's leading ".*" makes a
# failed search try every start and take quadratic time.
CONJUNCTION_INSIDE = re.compile(r"\s(?:and|but|while|as|so)\s+(?=\S)", re.IGNORECASE)
CLAUSE_WORD = re.compile(rf"\s(?:{'|'.join(AUXILIARY_WORDS)})\s")
SHORT_PRONOUN = re.compile(
    r"^[\s,]*(?:(?:but|and|so|yet|now|then)\s+)?(he|she|it|they|we|i)(?:\s+(?:also|then|later|now|again))?[\s,]*$",
    re.IGNORECASE,
)
# An opening phrase of time or place with no comma before the subject ("In a statement on Monday
# the minister said"): what starts at its last lowercase "the" is the subject.
SETTING_BEFORE_SUBJECT = re.compile(r"(?i:in|at|on|during|after|before|with)\s+[^,]*\s(?=the\s+\S+)")


def _plural_initialism(part: str) -> bool:
    """Whether the part ends in a plural initialism ("Male MPs jeered", "Tory MEPs said": a group)."""
    last = part.rsplit(None, 1)[-1] if part else ""
    return len(last) > 2 and last[-1] == "s" and last[:-1].isascii() and last[:-1].isupper() and last[:-1].isalpha()


PARTY_STATE = re.compile(r"^[DRI]-[A-Z][A-Za-z.]*$")  # "Sen. John Thune, R-S.D."
INTRO = re.compile(
    r"^(?:in|at|on|during|speaking|asked|after|before|despite|with|responding|pointing|earlier|"
    r"later|however|meanwhile|separately|instead|but|and|also|when|while|as|writing|quoted|"
    rf"{SENTENCE_ADVERBS})\b",
    re.IGNORECASE,
)
# "Echoing the new US Secretary of State Ann Lee, the prime minister said": an opening participle
# phrase (not "Manning, the coach": the participle is followed by a small word)
PARTICIPLE_INTRO = re.compile(r"^[A-Z][a-z]+ing\s+(?:the|a|an|his|her|their|its|on|to|at|in|with|about|from)\s")
RELATIVE = re.compile(
    r"^(?:which|who|whose|where|whom|when|adding|saying|speaking|"
    r"filed|published|issued|released|written|based|signed|sent|posted|quoted|cited)\b",
    re.IGNORECASE,
)
DASH_CLAUSE = re.compile(r"\s+[-–—]\s+[^-–—]*?\s+[-–—](?=\s|$)|\s*\([^)]*\)")
DASH = re.compile(r"\s[-–—]\s")
LONE_SPOKES_NOUNS = frozenset(("spokesman", "spokeswoman", "spokesperson"))
LONE_SPOKESPERSONS = LONE_SPOKES_NOUNS | {"official", "source", "representative"}


def parse_subject(np: str, names: ArticleNames) -> Speaker | str | None:
    """Return a Speaker, a pronoun/generic marker ("he", "she", "it", "they", "org"), or None."""
    key = (np, names.version)
    if key not in names.parsed:
        names.parsed[key] = _parse_subject(np, names)
    return names.parsed[key]


def _referent(parts: list[str], bare: str, names: ArticleNames) -> Speaker | str | None:
    """What a subject that names nobody itself stands for (articles.subject_referents), else None:
    the subject of the clause before a verb after "but"/"and", the spokesperson quoted last, a
    document's author, a body described by its rank, a named committee's MPs."""
    if shared := shared_subject(", ".join(parts), names, parse_subject):
        return shared
    if bare in LONE_SPOKES_NOUNS and parts[-1][:4].lower() == "the ":
        # "said the spokesman": the spokesperson the article last quoted ("the-spokes-m")
        return "the-spokes-" + _gender_from_role(bare)
    if bare in DOCUMENTS and parts[-1][:4].lower() == "the ":
        # "the report warned": the author the article gave the report, else the body it has named
        return named_document_author(bare, names, parse_subject) or "org"
    if (author := document_author(parts[-1], names, parse_subject)) is not None:
        return author
    if len(parts) == 1 and (described := described_body(parts[0])) is not None:
        return described
    if bare in ("mps", "the committee's mps") and (committee := names.body_named("committee")):
        return Speaker(committee, "organisation")  # "the MPs said", of a committee the article has named
    return None


def _names_a_person(parts: list[str], names: ArticleNames) -> bool:
    """Whether one of ``parts`` (the other comma parts of a subject) is a person's name."""
    for part in parts:
        found = _name_at_end(part)
        if found is not None and found[0] == "":
            speaker = _person_or_org(found[0], found[1], names)
            if speaker is not None and speaker.kind == "person":
                return True
    return False


def _parse_subject(np: str, names: ArticleNames) -> Speaker | str | None:
    if (pronoun := SHORT_PRONOUN.match(np)) is not None:  # "he", "But she also": most subjects
        return pronoun.group(1).lower()
    if "-" in np or "(" in np or "–" in np or "—" in np:
        np = DASH_CLAUSE.sub("", np)  # "Gerry Conlon - who was wrongly convicted -"
        np = DASH.split(np)[-1]  # "... Robbie Savage - but managing director Karen Brady"
    if "the" in np and (setting := SETTING_BEFORE_SUBJECT.match(np)) is not None:
        np = np[setting.end() :]  # "In his New Year message the party leader": the leader
    np = clean_subject(np)
    if np.endswith("which") and (author := author_before_relative(np[:-5].rstrip(), names, parse_subject)):
        return author
    if np.endswith(("who", "which")) and (relative := np.rsplit(None, 1)) and len(relative) == 2:
        # "Sport Secretary Ann Lee who said:": the relative pronoun is no part of the name
        np = relative[0] if relative[1] in ("who", "which") else np
    if " who " in np and "," not in np and not np.startswith(("a ", "an ")):
        head = np[: np.index(" who ")]  # "The lawyer who had represented Mr Hale": the lawyer
        np = head if len(head.split()) <= 5 else np
    if not np or len(np) > 200:
        return None
    parts = [q for p in np.split(",") if (q := p.strip()) and not PARTY_STATE.match(q)]
    if not parts:
        return None  # only a party-and-state tag ("R-S.D."): no name
    while len(parts) > 1 and (INTRO.match(parts[0]) or PARTICIPLE_INTRO.match(parts[0])):
        parts = parts[1:]
    if m := RELATIVE_PRONOUN.match(parts[-1]):
        return m.group(1).lower()
    parts = [p for i, p in enumerate(parts) if i == 0 or not RELATIVE.match(p)]
    if len(parts) > 4:
        return None
    if parts[-1].lower() in PRONOUNS:
        return parts[-1].lower()
    if len(parts) > 1 and parts[-1].lower() in ("and", "but", "and also", "but also"):
        # "PBS is seen in ... with TV, and describes itself as": the verb shares the subject
        # of the clause before it.
        clause = CLAUSE_WORD.search(parts[0])
        return parse_subject(parts[0][: clause.start()], names) if clause else None
    bare = parts[-1].lower().removeprefix("the ").removeprefix("some ")
    if (referent := _referent(parts, bare, names)) is not None:
        return referent
    if (
        bare in ANONYMOUS
        or bare in MEMBER_HEADS
        or bare in ("others", "many people", "some people")
        or (parts[-1][-1] == "s" and parts[-1][-2:-1].isupper() and _plural_initialism(parts[-1]))
    ):
        return Speaker(None, "")
    if len(parts) == 1 and parts[0].split()[-1].lower() in ("he", "she") and len(parts[0].split()) <= 10:
        return parts[0].split()[-1].lower()
    for i, part in enumerate(parts):
        if may_name_spokes(part) and (m := SPOKES_FOR.match(part)):
            if m.group(1)[:1].isupper():
                if _names_a_person([p for j, p in enumerate(parts) if j != i], names):
                    break  # "Ann Lee, a spokeswoman for Kenmark": a named spokesperson speaks as herself
                return _generic(part, names)
            if part[:2].lower() in ("a ", "an") and a_persons_name(m.group(1), names):
                # "a spokesman for trade commissioner Ann Lee": her unnamed spokesman, not she
                # (unlike "Tory spokesman for sport Ann Lee", who is the spokesman)
                return Speaker(None, "")
    candidates = []
    for i, part in enumerate(parts):
        part, affiliation = _person_before_affiliation(part, names)
        found = _name_at_end(part)
        if found is None:
            continue
        prefix, tokens = found
        if tokens[-1] in POST_NOMINALS and len(tokens) <= 4 and (tokens[0] == "The" or prefix[-3:].lower() == "the"):
            continue  # "Ann Lee, the Eastby North MP": a role, said of the name beside it
        if _anonymous_member(prefix):
            if len(parts) > 1 and _names_a_person([p for j, p in enumerate(parts) if j != i], names):
                continue  # "Eva Lee, a Green member of the European Parliament": she, named
            return Speaker(None, "")
        others = [p for j, p in enumerate(parts) if j != i] + ([affiliation] if affiliation else [])
        speaker = _person_or_org(" ".join([prefix, *others]).strip(), tokens, names)
        # "head of strategy at Bank of America in New York": after a preposition, an untitled
        # name is a place or a body ("denied by Foreign Secretary Jack Straw" keeps its person).
        titled = _is_title(tokens[0]) and len(tokens) > 1
        if speaker is not None and speaker.kind == "person" and PLACE_PREP.search(prefix) and not titled:
            speaker = Speaker(speaker.name, _place_kind(speaker.name) or "organisation", speaker.role)
        if speaker is not None and speaker.kind != "person" and prefix.endswith((" in", " at")):
            # "coach Ann Lee on arrival back in Eastby": a place the person speaks in, not a body
            speaker = _person_before_setting(prefix[:-3], names) or speaker
        if speaker is not None:
            candidates.append(speaker)
    persons = [c for c in candidates if c.kind == "person"]
    if persons:
        return persons[-1]
    if candidates:
        return candidates[0]
    found = _generic(parts[-1], names) or (_generic(parts[0], names) if len(parts) > 1 else None)
    if found is None and CONJUNCTION_INSIDE.search(parts[-1]) and (joint := CONJOINED.search(parts[-1])):
        # "Early talks have taken place and the defender said": the last clause's subject
        return parse_subject(parts[-1][joint.end() :], names)
    return found


# "Transport Workers' Union general secretary Tony Woodley repeated ...": the person a sentence
# is about is named among its first few words (an organisation's name counts as one word).
MAX_WORDS_BEFORE_NAME = 6
# ", said Ann Lee." / ", said Ann Lee, head of research at Foo." / ", Ann Lee said on Monday."
END_ATTRIBUTION = re.compile(
    rf",\s+(?:(?:{CUE_WORD.pattern})\s+(?P<after>[A-Z][^,]{{1,80}})(?:,\s+(?:an?|the)?\s*[a-z][^,]{{0,80}})?|(?P<before>[^,]{{2,80}}?)\s+(?:{CUE_WORD.pattern})"
    rf"(?:\s+[\w'’]+){{0,4}})$"
)


def end_attribution(sentence: str, names: ArticleNames) -> tuple[Speaker | str | None, str] | None:
    """The subject (parsed) and text of the attribution that ends ``sentence`` (", said Ann Lee.",
    ", Ann Lee said on Monday."), else None."""
    tail = sentence.rstrip().rstrip(".!?")
    if "," not in tail or (m := END_ATTRIBUTION.search(tail)) is None:  # the comma: cheap first
        return None
    return parse_subject(m.group("after") or m.group("before"), names), m.group()


def leading_person(sentence: str, names: ArticleNames) -> Speaker | None:
    """The person a sentence is about: its attribution (", argued Mr Howard."), the subject of
    its first verb of saying, or the person it opens with ("And ex-Tory secretary Gillian
    Shepherd remembered ...")."""
    head = LEADING_JUNK.sub("", sentence.lstrip())
    if head[:1] in "\"“‘'":
        return None
    if (end := end_attribution(head, names)) and isinstance(end[0], Speaker) and end[0].kind == "person":
        return end[0]
    limit = min(len(head), 100)
    # CUE_WORD.search(head, 0, 150), else EVAL_WORD's: where the first verb of saying starts
    if cues := cue_spans(head, 0, 150, first=True):
        verb = cues[0][0]
    else:
        verb = found.start() if (found := EVAL_WORD.search(head, 0, 150)) is not None else None
    if verb is not None:
        lead = sentence.lstrip()
        # the opening phrase tells where the subject starts
        if "the" in lead[: len(lead) - len(head) + verb] and SETTING_BEFORE_SUBJECT.match(lead):
            found = parse_subject(lead[: len(lead) - len(head) + verb], names)
        else:
            found = parse_subject(head[:verb], names)
        if isinstance(found, Speaker) and found.name:
            return found if found.kind == "person" else None
        anonymous = isinstance(found, Speaker) and not found.kind
        if (found == "spokes" or anonymous) and (role := _lone_spokesperson(head[:verb])):
            # "The minister's spokesman said ... He added:": he is the unnamed spokesman
            return Speaker(None, "person", role, _gender_from_role(role))
        if found in (
            "role",
            "org",
            "seen-org",
            "spokes",
            "government",
        ):  # "In his message the party leader said": no name before
            return None
        if found in PRONOUNS and "," in head[:verb] and SHORT_PRONOUN.match(head[:verb].rsplit(",", 1)[1]):
            # "Asked about Mr Hale's case, she said", "Mr Hale was wrong, she said": the name
            # before the comma is no subject (unlike "..., which she said")
            return None
        limit = min(limit, verb)  # a name after the verb is its object, not its subject
    at = units = 0  # units: the words before the run, an earlier run counting as one
    for m in NAME_RUN.finditer(head, 0, limit):
        between = head[at : m.start()].split()
        units += len(between)
        # lowercase-first words ("ex-Tory education secretary") or titles may stand between
        if (
            units > MAX_WORDS_BEFORE_NAME
            or len(between) > 3
            or not all(w[:1].islower() or _is_title(w) for w in between)
        ):
            return None
        if m.group().endswith(("'s", "’s")) and (role := _spokesperson_after(head, m.end())):
            # "Tony Blair's official spokesman declined to ...": the unnamed spokesman
            return Speaker(None, "person", role, _gender_from_role(role))
        found = parse_subject(head[: m.end()], names)
        if isinstance(found, Speaker) and found.kind == "person":
            return found
        at = m.end()
        units += 1
    return None


def _spokesperson_after(head: str, at: int) -> str:
    """The spokesperson noun among the three words after a possessive name, else ""."""
    for word in head[at : at + 40].split()[:3]:
        if (word := word.lower().strip(",")) in LONE_SPOKESPERSONS:
            return word
    return ""


def _lone_spokesperson(subject: str) -> str:
    """The head noun of an unnamed single spokesperson ("the minister's official spokesman"), else ""."""
    words = subject.split()
    last = words[-1].lower().strip(",") if words else ""
    return last if last in LONE_SPOKESPERSONS else ""


def leading_org(sentence: str, names: ArticleNames) -> Speaker | None:
    """The organisation a sentence opens with ("The Justice Department refused to say ...")."""
    head = LEADING_JUNK.sub("", sentence.lstrip())
    m = NAME_RUN.search(head, 0, 80)
    if m is None or len(head[: m.start()].split()) > 2:
        return None
    found = parse_subject(head[: m.end()], names)
    return found if isinstance(found, Speaker) and found.kind in ("organisation", "country") else None


def _anonymous_member(prefix: str) -> bool:
    words = prefix.lower().split()
    if words and words[-1] == "the":
        words = words[:-1]
    return len(words) >= 2 and words[-1] in ("of", "in", "at") and any(w in MEMBER_HEADS for w in words[:-1])


def _generic(part: str, names: ArticleNames) -> Speaker | str | None:
    if (spokes := spokes_body(part, names)) is not None:
        return spokes
    m = NAMED_ORG.match(part)
    if m and m.group(2).split(None, 1)[0] in ("said", "says", "told") and m.group(1)[:1].isupper():
        # "Mr Lee said the police (had said ...)": a person reporting what others said speaks
        reporter = parse_subject(m.group(1), names)
        if isinstance(reporter, Speaker) and reporter.kind == "person":
            return reporter
    return generic_subject(part, m, names)
