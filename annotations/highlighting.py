"""Highlighting an article body: a pure function, text + spans in, segments (and markup) out.

The body is cut at every span boundary into segments; each segment knows the spans that cover
it, outermost first. Rendering turns the segments into properly nested ``<mark>`` elements: a
span that overlaps another without nesting in it is split into pieces, the first of which carries
the span's id (the URL fragment that scrolls to it). Every character of the text is escaped, and
nothing but the text itself ends up in text nodes, so the DOM's text content equals the body and
browser offsets map to body offsets.
"""

from bisect import insort
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    key: str  # unique on the page, e.g. "annotation-12"; the id of its first piece
    kind: str = "annotation"  # "annotation" or "quote": a CSS class hl-<kind>
    css: str = ""  # more classes, e.g. "tag-3" or "quote-suggested"
    label: str = ""  # what the span is, shown on hover and focus


@dataclass(frozen=True, slots=True)
class Segment:
    start: int
    end: int
    text: str
    spans: tuple[Span, ...]  # the spans covering this piece of text, outermost first


def segment(text: str, spans: Iterable[Span]) -> list[Segment]:
    """Cut ``text`` at every span boundary. Spans outside the text or empty are left out."""
    # Outermost first: earlier start, then longer; on the very same range a quote goes outside the
    # annotations made on its words.
    ordered = sorted(
        (span for span in spans if 0 <= span.start < span.end <= len(text)),
        key=lambda span: (span.start, -span.end, span.kind != "quote", span.key),
    )
    opening: dict[int, list[int]] = defaultdict(list)
    closing: dict[int, list[int]] = defaultdict(list)
    for rank, span in enumerate(ordered):
        opening[span.start].append(rank)
        closing[span.end].append(rank)
    bounds = sorted({0, len(text), *opening, *closing})
    active: list[int] = []  # ranks of the covering spans: sorted, so outermost first
    segments = []
    for start, end in zip(bounds, bounds[1:], strict=False):
        for rank in closing.get(start, ()):
            active.remove(rank)
        for rank in opening.get(start, ()):
            insort(active, rank)
        segments.append(Segment(start, end, text[start:end], tuple(ordered[rank] for rank in active)))
    return segments


def render(segments: Iterable[Segment]) -> str:
    """Nested ``<mark>`` markup for the segments; the text escaped, character for character."""
    parts: list[str] = []
    stack: list[Span] = []
    tags: dict[str, str] = {}  # key -> the opening tag of its later pieces, once the first is out
    for piece in segments:
        keep = 0
        while keep < len(stack) and keep < len(piece.spans) and stack[keep].key == piece.spans[keep].key:
            keep += 1
        parts.append("</mark>" * (len(stack) - keep))
        del stack[keep:]
        for span in piece.spans[keep:]:
            tag = tags.get(span.key)
            if tag is None:
                tag = _open(span, first=True)
                tags[span.key] = _open(span, first=False)
            parts.append(tag)
            stack.append(span)
        parts.append(escape_text(piece.text))
    parts.append("</mark>" * len(stack))
    return "".join(parts)


def highlight(text: str, spans: Iterable[Span]) -> str:
    return render(segment(text, spans))


def escape_text(text: str) -> str:
    # A raw CR would reach the DOM as LF; the character reference keeps it a CR.
    return escape(text, quote=False).replace("\r", "&#13;")


def _open(span: Span, *, first: bool) -> str:
    # No tabindex: Chromium starts no text selection on a focusable element, so editors could not select
    # from inside a highlight. Keyboard users step through highlights with j/k (workspace.js).
    attrs = f' id="{escape(span.key)}"' if first else " data-continued"
    css = f"hl hl-{span.kind} {span.css}".strip()
    return f'<mark class="{escape(css)}" data-span="{escape(span.key)}"{attrs} data-label="{escape(span.label)}">'
