"""The pin tray: spans (annotations, quotes) an editor collects, across articles, to link in a disagreement.

Kept in the session so it survives navigation between articles; nothing is written to the database
until the disagreement is saved.
"""

from dataclasses import dataclass

from annotations.models import Annotation
from articles.models import Quote

SESSION_KEY = "workspace_pins"
MAX_PINS = 12
KINDS = ("annotation", "quote")
HEAVY = ("article__body", "article__raw_text", "article__cleanup_log")


@dataclass
class Pinned:
    kind: str
    obj: Annotation | Quote

    @property
    def key(self) -> str:
        return f"{self.kind}-{self.obj.pk}"

    @property
    def text(self) -> str:
        return self.obj.exact if self.kind == "annotation" else self.obj.text

    @property
    def actor(self):
        return self.obj.actor if self.kind == "annotation" else self.obj.speaker


def pins_of(session) -> list[tuple[str, int]]:
    return [(kind, pk) for kind, pk in session.get(SESSION_KEY, []) if kind in KINDS]


def pin_keys(session) -> frozenset[str]:
    return frozenset(f"{kind}-{pk}" for kind, pk in pins_of(session))


def pin_toggle(session, kind: str, pk: int) -> bool:
    """Pin or unpin; return whether it is pinned now. The oldest pin goes when the tray is full."""
    pins = pins_of(session)
    if (kind, pk) in pins:
        pins.remove((kind, pk))
        pinned = False
    else:
        pins = [*pins, (kind, pk)][-MAX_PINS:]
        pinned = True
    session[SESSION_KEY] = [list(pin) for pin in pins]
    return pinned


def pins_clear(session) -> None:
    session.pop(SESSION_KEY, None)


def pinned_items(session) -> list[Pinned]:
    """The pinned spans that still exist, in the order pinned (two queries at most)."""
    pins = pins_of(session)
    ids = {kind: [pk for k, pk in pins if k == kind] for kind in KINDS}
    found = {}
    if ids["annotation"]:
        for obj in (
            Annotation.objects.filter(pk__in=ids["annotation"]).select_related("article", "actor", "tag").defer(*HEAVY)
        ):
            found["annotation", obj.pk] = obj
    if ids["quote"]:
        for obj in Quote.objects.filter(pk__in=ids["quote"]).select_related("article", "speaker").defer(*HEAVY):
            found["quote", obj.pk] = obj
    return [Pinned(kind, found[kind, pk]) for kind, pk in pins if (kind, pk) in found]
