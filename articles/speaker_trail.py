"""The speakers met so far in one article: pronouns, continuations and "the company said"."""

import re
from dataclasses import dataclass, field

from articles.speaker_bodies import named_government
from articles.speakers import UNKNOWN, ArticleNames, Speaker

GOVERNMENT_BODY = re.compile(
    r"\b(?:Ministry|Department|Office|Executive|Treasury|Cabinet|Government|Kremlin|Downing|White House)\b"
)


@dataclass
class SpeakerTrail:
    """Speakers met so far in the article, newest last, for pronouns and continuations."""

    names: ArticleNames
    seen: list[Speaker] = field(default_factory=list)
    spokes: Speaker = UNKNOWN  # the last speaker quoted through a spokesperson ("a Home Office spokesman")

    def note(self, speaker: Speaker) -> None:
        if "spokes" in speaker.role:
            self.spokes = speaker
        if speaker.name is None:
            return
        self.seen.append(speaker)
        if speaker.kind == "person":
            names, surname = self.names, speaker.name.split()[-1]
            names.lookup(surname)  # what the article says of the name comes before what was inferred
            if len(speaker.name.split()) >= 2:
                names.learn(names.full_names, surname, speaker.name)
            if speaker.gender:
                names.learn(names.genders, surname, speaker.gender)
            if speaker.role:
                names.learn(names.roles, speaker.name, speaker.role)
                names.learn(names.role_holders, speaker.role.lower(), speaker.name)

    def resolve(self, subject: Speaker | str | None, hint=None, org_hint=None, mentioned=None) -> Speaker:
        """Resolve a parsed subject; ``hint()`` and ``org_hint()`` give the person and the
        organisation the previous sentence is about, ``mentioned(gender)`` the last person it
        names anywhere."""
        if subject is None:
            return UNKNOWN
        if isinstance(subject, Speaker):
            return subject
        if subject.startswith("the-spokes-"):
            return self._the_spokesperson(subject.removeprefix("the-spokes-"))
        if subject == "government":
            return self._government()
        if subject == "spokes":
            named = org_hint() if org_hint is not None else None
            if named is not None:
                return named
            subject = "org"
        if subject in ("he", "she", "i", "role", "last"):
            want = {"he": "m", "she": "f"}.get(subject, "")
            previous = hint() if hint is not None else None
            if previous is not None and previous.kind == "person" and (not want or previous.gender in (want, "")):
                return previous
            if subject == "last":
                return self.last()
            last = self.last()
            if last.kind == "organisation" and last.gender and last.gender == want:
                return last
            for sp in reversed(self.seen):
                if sp.kind == "person" and (not want or sp.gender in (want, "")):
                    # A person of unknown gender found this way learns none from the pronoun: a
                    # wrong guess ("she said" given to Ronnie Corbett) would keep the right "he"
                    # from him for the rest of the article.
                    return sp
            main = self.names.main_person  # nobody has spoken yet: the person the article is about
            if main is not None and subject != "i" and (not want or main.gender in (want, "")):
                return main
            if subject in ("he", "she") and mentioned is not None and (named := mentioned(want)) is not None:
                # nobody who has spoken, nor the article's main person, fits the pronoun: the
                # person the sentence before names
                return named
            return UNKNOWN
        for sp in reversed(self.seen):
            if sp.kind in ("organisation", "country"):
                return sp
        if subject in ("org", "it") and self.names.main_org:  # "seen-org": no guess
            return Speaker(self.names.main_org, "organisation")
        return UNKNOWN

    def _the_spokesperson(self, want: str) -> Speaker:
        """ "said the spokesman": the spokesperson quoted last, if the noun fits (a spokeswoman's
        body is not the one "the spokesman" speaks for); else nobody."""
        return self.spokes if not want or self.spokes.gender in ("", want) else UNKNOWN

    def _government(self) -> Speaker:
        """ "the government said": a country or a ministry that has spoken, else the government
        the article names by its country, else the government as written."""
        for sp in reversed(self.seen):
            if sp.kind == "country" or (sp.kind == "organisation" and GOVERNMENT_BODY.search(sp.name)):
                return sp
        return named_government(self.names)

    def last(self) -> Speaker:
        return self.seen[-1] if self.seen else UNKNOWN
