"""The pure part of an import, which runs in worker processes: parse each item read from an
upload (decoding, cleaning) and extract its quotes. No Django here: workers are spawned and
import only this and the pure modules it uses."""

import logging

from articles.parsing import body_hash
from articles.quotes import ExtractedQuote, extract_quotes
from articles.sources import Pending, SourceItem, parse_pending

logger = logging.getLogger(__name__)


def parse_and_extract(items: list[SourceItem | Pending]) -> list[SourceItem]:
    """The items parsed, each parsed one carrying its body's hash and the quotes found in it.

    A fault of ours on one item (an exception the parser or the extractor should not raise) is
    kept to that item: a parser fault makes it a failed item with the reason, an extractor fault
    leaves the article without suggestions and says so in its notes. The others go on.
    """
    return [_one(item) for item in items]


def _one(item: SourceItem | Pending) -> SourceItem:
    if isinstance(item, Pending):
        try:
            item = parse_pending(item)
        except Exception as exc:
            logger.exception("Parsing %s failed", item.name)
            return SourceItem(
                item.name, item.format, error=f"This item could not be read (an internal error: {exc!r})."
            )
    if item.parsed:
        item.content_hash = body_hash(item.parsed.body)
        try:
            item.quotes = extract_quotes(item.parsed.body)
        except Exception as exc:
            logger.exception("Quote extraction failed on %s", item.name)
            item.quotes = []
            item.notes.append(f"Quote extraction failed on this article ({exc!r}); no suggestions were made.")
    return item


def extract_bodies(batch: list[tuple[int, str]]) -> list[tuple[int, str, list[ExtractedQuote] | None]]:
    """Re-extraction's pure part: for each (article id, body), the body's hash (so the writer can
    tell a body edited since) and its quotes, or None where the extractor failed on it."""
    found = []
    for article_id, body in batch:
        try:
            quotes = extract_quotes(body)
        except Exception:
            logger.exception("Quote extraction failed on article %s", article_id)
            quotes = None
        found.append((article_id, body_hash(body), quotes))
    return found
