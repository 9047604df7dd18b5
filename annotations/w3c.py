"""W3C Web Annotation Data Model (JSON-LD): an AnnotationCollection with one AnnotationPage.

Each annotation targets the article (its own URL, else its page here) with a TextQuoteSelector
(exact, prefix, suffix) and a TextPositionSelector (start, end: code points into the article's
cleaned text); its bodies carry the tag, the actor, the verdict and the note.
"""

import json
from collections.abc import Iterable, Iterator, Sequence

from annotations.exporting import AnnotationRow, article_page

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
LABEL = "Newsroom annotations"


def annotation_item(row: AnnotationRow, *, base_url: str) -> dict:
    page = article_page(base_url, row.article_id)
    bodies = [_text_body(row.tag, "tagging")]
    if row.actor:
        bodies.append(_text_body(row.actor, "identifying"))
    if row.verdict:
        bodies.append(_text_body(row.verdict, "assessing"))
    if row.note:
        bodies.append(_text_body(row.note, "commenting"))
    quote = {"type": "TextQuoteSelector", "exact": row.exact}
    if row.prefix:
        quote["prefix"] = row.prefix
    if row.suffix:
        quote["suffix"] = row.suffix
    return {
        "id": f"{page}#annotation-{row.id}",
        "type": "Annotation",
        "motivation": "tagging",
        "creator": {"type": "Person", "nickname": row.author},
        "created": row.created,
        "modified": row.updated,
        "body": bodies,
        "target": {
            "type": "SpecificResource",
            "source": row.article_url or page,
            "selector": [quote, {"type": "TextPositionSelector", "start": row.start, "end": row.end}],
        },
    }


def _text_body(value: str, purpose: str) -> dict:
    return {"type": "TextualBody", "purpose": purpose, "value": value, "format": "text/plain"}


def collection_stream(chunks: Iterable[Sequence[tuple]], *, base_url: str, collection_id: str) -> Iterator[str]:
    """The collection as JSON text; ``total`` comes last, once the rows are counted (JSON keys have no order)."""
    head = {"@context": CONTEXT, "id": collection_id, "type": "AnnotationCollection", "label": LABEL}
    yield json.dumps(head)[:-1] + ', "first": {"type": "AnnotationPage", "startIndex": 0, "items": [\n'
    total = 0
    for chunk in chunks:
        items = (annotation_item(AnnotationRow._make(row), base_url=base_url) for row in chunk)
        yield (",\n" if total else "") + ",\n".join(json.dumps(item, ensure_ascii=False) for item in items)
        total += len(chunk)
    yield f'\n]}}, "total": {total}}}\n'
