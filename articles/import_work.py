"""The pure part of an import, which runs in worker processes: parse each item read from an
upload (decoding, cleaning) and extract its quotes. No Django here: workers are spawned and
import only this and the pure modules it uses."""

from articles.parsing import body_hash
from articles.quotes import extract_quotes
from articles.sources import Pending, SourceItem, parse_pending


def parse_and_extract(items: list[SourceItem | Pending]) -> list[SourceItem]:
    """The items parsed, each parsed one carrying its body's hash and the quotes found in it."""
    done = [parse_pending(item) if isinstance(item, Pending) else item for item in items]
    for item in done:
        if item.parsed:
            item.content_hash = body_hash(item.parsed.body)
            item.quotes = extract_quotes(item.parsed.body)
    return done
