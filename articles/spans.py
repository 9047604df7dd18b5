"""The span invariant, in one place: every write of a quote or an annotation goes through here.

Offsets are Python string indices (code points) into an article's cleaned body.
"""

from django.core.exceptions import ValidationError

CONTEXT_CHARS = 32


def check_span(body: str, start: int, end: int, exact: str | None = None) -> None:
    """Raise ValidationError unless 0 <= start < end <= len(body) and exact == body[start:end]."""
    if not isinstance(start, int) or not isinstance(end, int):
        raise ValidationError("Span offsets must be whole numbers.", code="span_type")
    if not 0 <= start < end <= len(body):
        raise ValidationError(
            "Span %(start)s-%(end)s is outside the article text (0-%(length)s) or empty.",
            code="span_range",
            params={"start": start, "end": end, "length": len(body)},
        )
    if exact is not None and body[start:end] != exact:
        raise ValidationError(
            "The selected text does not match the article at %(start)s-%(end)s: expected "
            "“%(expected)s”, got “%(exact)s”. The article may have changed; reload and select again.",
            code="span_mismatch",
            params={
                "start": start,
                "end": end,
                "expected": _shorten(body[start:end]),
                "exact": _shorten(exact),
            },
        )


def context_of(body: str, start: int, end: int, size: int = CONTEXT_CHARS) -> tuple[str, str]:
    """The W3C TextQuoteSelector prefix and suffix around a span."""
    return body[max(0, start - size) : start], body[end : end + size]


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
