"""The side panel's rows (one per annotation or quote), rendered in Python: pure, plain data in, HTML out.

At 1,000 annotations the template engine spends about 0.3 ms a row (300 ms a page); this renders the
same markup in microseconds. Every value is escaped here, as the template would have.
"""

from dataclasses import dataclass, field
from html import escape


@dataclass(frozen=True, slots=True)
class Row:
    kind: str  # "annotation" | "quote"
    pk: int
    start: int
    end: int
    text: str
    version: int
    orphaned: bool = False
    can_change: bool = False
    pinned: bool = False
    urls: dict[str, str] = field(default_factory=dict)
    # annotations
    tag_id: int | None = None
    tag_name: str = ""
    verdict: str = ""
    verdict_label: str = ""
    note: str = ""
    author: str = ""
    # both: the actor (annotations) or the speaker (quotes)
    actor_id: int | None = None
    actor: str = ""
    # quotes
    status: str = ""
    status_label: str = ""
    quote_kind: str = ""
    kind_label: str = ""
    role: str = ""
    cue: str = ""
    origin_label: str = ""

    @property
    def key(self) -> str:
        return f"{self.kind}-{self.pk}"

    @property
    def label(self) -> str:
        """What the highlight is, shown on hover and focus."""
        if self.kind == "quote" and self.quote_kind == "designation":
            return f"Scare quotes · {self.status_label.lower()}"  # what someone calls something: no speaker
        if self.kind == "quote":
            return f"{self.kind_label} quote · {self.actor or 'speaker unknown'} · {self.status_label.lower()}"
        parts = [self.tag_name, self.actor, self.verdict_label, f"by {self.author}"]
        return " · ".join(part for part in parts if part)


def render_rows(rows: list[Row], *, can_link: bool, pins_url: str) -> str:
    return "".join(
        _annotation(row, can_link, pins_url) if row.kind == "annotation" else _quote(row, can_link, pins_url)
        for row in rows
    )


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _annotation(row: Row, can_link: bool, pins_url: str) -> str:
    e = escape
    actor = _actor(row) if row.actor else ""
    verdict = f'<span class="verdict verdict-{e(row.verdict)}">{e(row.verdict_label)}</span>' if row.verdict else ""
    note = f'<p class="span-note">{e(row.note)}</p>' if row.note else ""
    actions = ""
    if row.can_change:
        question = f"Delete the annotation “{shorten(row.text, 60)}”? You can restore it from its history."
        actions += (
            f'<button type="button" class="btn btn-link btn-sm" hx-get="{e(row.urls["edit"])}" '
            f'hx-target="#composer-body" data-composer-for="{row.key}">Edit</button>'
            f'<button type="button" class="btn btn-link btn-sm text-danger" hx-post="{e(row.urls["delete"])}" '
            f'hx-vals=\'{{"version": {row.version}}}\' hx-confirm="{e(question)}">Delete</button>'
        )
    if can_link:
        actions += _pin(row, pins_url)
    actions += f'<a class="btn btn-link btn-sm" href="{e(row.urls["history"])}">History</a>'
    return (
        f'<li class="span-item span-annotation" id="panel-{row.key}" data-span="{row.key}">'
        f'<div class="span-head"><span class="tag-chip tag-{row.tag_id}">{e(row.tag_name)}</span>{actor}{verdict}</div>'
        f'<a class="span-text" href="#{row.key}">{e(shorten(row.text, 160))}</a>{note}'
        f'<div class="span-foot"><span class="span-meta">{e(row.author)}{" · edited" if row.version > 1 else ""}</span>'
        f'<span class="span-actions">{actions}</span></div></li>'
    )


def _quote(row: Row, can_link: bool, pins_url: str) -> str:
    e = escape
    speaker = f' data-speaker-id="{row.actor_id}" data-speaker-name="{e(row.actor)}"' if row.actor_id else ""
    scare_quotes = row.quote_kind == "designation"
    kind = "Scare quotes" if scare_quotes else row.kind_label
    speaker_name = "" if scare_quotes else _actor(row, missing="Speaker unknown")
    details = " · ".join(part for part in (e(row.role), f"cue “{e(row.cue)}”" if row.cue else "") if part)
    actions = ""
    if row.can_change:
        status_url = e(row.urls["status"])
        if row.status != "confirmed":
            actions += (
                f'<button type="button" class="btn btn-link btn-sm" hx-post="{status_url}" '
                f'hx-vals=\'{{"status": "confirmed", "version": {row.version}}}\'>Confirm</button>'
            )
        actions += (
            f'<button type="button" class="btn btn-link btn-sm text-danger" hx-post="{status_url}" '
            f'hx-vals=\'{{"status": "rejected", "version": {row.version}}}\'>Reject</button>'
            f'<button type="button" class="btn btn-link btn-sm" hx-get="{e(row.urls["edit"])}" '
            f'hx-target="#composer-body" data-composer-for="{row.key}">Correct</button>'
        )
    if can_link:
        actions += _pin(row, pins_url)
    return (
        f'<li class="span-item span-quote" id="panel-{row.key}" data-span="{row.key}"{speaker}>'
        f'<div class="span-head"><span class="quote-chip quote-{e(row.status)}">{e(kind)}</span>{speaker_name}'
        f'<span class="status status-{e(row.status)}">{e(row.status_label)}</span></div>'
        f'<a class="span-text" href="#{row.key}">{e(shorten(row.text, 160))}</a>'
        + (f'<p class="span-note">{details}</p>' if details else "")
        + f'<div class="span-foot"><span class="span-meta">{e(row.origin_label)}</span>'
        f'<span class="span-actions">{actions}</span></div></li>'
    )


def _actor(row: Row, missing: str = "") -> str:
    """The actor's name, linked to its page when it has one."""
    if row.urls.get("actor"):
        return f'<a class="span-actor" href="{escape(row.urls["actor"])}">{escape(row.actor)}</a>'
    return f'<span class="span-actor">{escape(row.actor or missing)}</span>'


def _pin(row: Row, pins_url: str) -> str:
    pressed = "true" if row.pinned else "false"
    return (
        f'<button type="button" class="btn btn-link btn-sm" data-pin="{row.key}" aria-pressed="{pressed}" '
        f'hx-post="{escape(pins_url)}" hx-vals=\'{{"kind": "{row.kind}", "id": {row.pk}}}\' '
        f'hx-target="#pin-tray" hx-swap="outerHTML" hx-sync="body:queue all">'
        f"{'Pinned' if row.pinned else 'Pin'}</button>"
    )
