"""The quotes that are someone's speech (direct, partial, continuation), for the extraction tests."""

from articles.quotes import ExtractedQuote, extract_quotes

SPEECH_KINDS = ("direct", "partial", "continuation")


def speech(text: str) -> list[ExtractedQuote]:
    return [q for q in extract_quotes(text) if q.kind in SPEECH_KINDS]


def speech_and_speakers(text: str) -> list[tuple[str, str | None]]:
    """(text, speaker) for each quote of speech in ``text``."""
    return [(q.text, q.speaker) for q in speech(text)]
