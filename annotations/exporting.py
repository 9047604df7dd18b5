"""Exports: one row generator per kind, shared by the web view, the admin action and the command.

Rows come from ``values_list(...).iterator(chunk_size=...)`` with every join done in that one
query (dates and timestamps formatted by the database); the disagreement positions of a chunk of
annotations come from one more query per chunk, never one per row. The writers
(``export_writers``) turn chunks into text and send their header before the query starts, so
the first bytes leave at once and memory stays flat. On PostgreSQL the annotations CSV skips all
that: the server writes it with COPY, byte for byte the same (``pgcopy``).

The CSV columns are documented in README.md ("Exporting annotations"); keep the two in step.
"""

from collections import namedtuple
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing, contextmanager
from itertools import batched
from urllib.parse import urlencode

from django.db import connection, transaction
from django.db.models import CharField, QuerySet, Value
from django.urls import reverse
from django.utils import timezone

from annotations.export_writers import DATE, FLAG, INT, LIST, MOMENT, TEXT, csv_header, csv_stream, jsonl_stream
from annotations.models import Annotation, Disagreement, ExportLog, Position
from annotations.pgcopy import annotation_csv_rows
from annotations.sqltext import IsoDate, IsoUtc
from articles.models import Quote

CHUNK_SIZE = 5000


def _query(sources) -> tuple:
    """What values_list() selects: dates and timestamps come from the database as ISO 8601 text, and
    a column filled in per chunk (source None) as an empty placeholder, so that rows come out of
    the database in column order and only the few rows with something to add are rebuilt."""
    return tuple(_select(source, kind) for _, source, kind in sources)


def _select(source: str | None, kind: str):
    if source is None:
        return Value(None, output_field=CharField())
    if kind == MOMENT:
        return IsoUtc(source)
    if kind == DATE:
        return IsoDate(source)
    return source


# name in the file, source in the query, kind. The four position columns are filled per chunk.
# A span's article, as the annotation and quote files both give it after the span's id.
_ARTICLE_SOURCES = (
    ("article_id", "article_id", INT),
    ("article_title", "article__title", TEXT),
    ("article_url", "article__url", TEXT),
    ("published_on", "article__published_on", DATE),
    ("outlet", "article__outlet__name", TEXT),
)
_ANNOTATION_SOURCES = (
    ("id", "id", INT),
    *_ARTICLE_SOURCES,
    ("tag", "tag__name", TEXT),
    ("start", "start", INT),
    ("end", "end", INT),
    ("exact", "exact", TEXT),
    ("prefix", "prefix", TEXT),
    ("suffix", "suffix", TEXT),
    ("actor", "actor__name", TEXT),
    ("verdict", "verdict", TEXT),
    ("note", "note", TEXT),
    ("quote_id", "quote_id", INT),
    ("quote_speaker", "quote__speaker__name", TEXT),
    ("disagreement_ids", None, LIST),
    ("disagreement_subjects", None, LIST),
    ("position_actors", None, LIST),
    ("position_stances", None, LIST),
    ("author", "author__username", TEXT),
    ("created", "created_at", MOMENT),
    ("updated", "updated_at", MOMENT),
)
ANNOTATION_COLUMNS = tuple(name for name, _, _ in _ANNOTATION_SOURCES)
AnnotationRow = namedtuple("AnnotationRow", ANNOTATION_COLUMNS)  # for the JSON-LD writers

_ANNOTATION_QUERY = _query(_ANNOTATION_SOURCES)
_POSITIONS_AT = ANNOTATION_COLUMNS.index("disagreement_ids")

_QUOTE_SOURCES = (
    ("id", "id", INT),
    *_ARTICLE_SOURCES,
    ("start", "start", INT),
    ("end", "end", INT),
    ("text", "text", TEXT),
    ("speaker", "speaker__name", TEXT),
    ("role", "role", TEXT),
    ("cue", "cue", TEXT),
    ("kind", "kind", TEXT),
    ("origin", "origin", TEXT),
    ("status", "status", TEXT),
    ("orphaned", "orphaned", FLAG),
    ("created", "created_at", MOMENT),
    ("updated", "updated_at", MOMENT),
)
QUOTE_COLUMNS = tuple(name for name, _, _ in _QUOTE_SOURCES)
_QUOTE_QUERY = _query(_QUOTE_SOURCES)

_DISAGREEMENT_SOURCES = (
    ("disagreement_id", "id", INT),
    ("subject", "subject", TEXT),
    ("description", "description", TEXT),
    ("created_by", "created_by__username", TEXT),
    ("disagreement_created", "created_at", MOMENT),
    ("disagreement_updated", "updated_at", MOMENT),
    ("position_id", "positions__id", INT),
    ("actor", "positions__actor__name", TEXT),
    ("stance", "positions__stance", TEXT),
    ("note", "positions__note", TEXT),
    ("annotation_ids", None, LIST),
    ("quote_ids", None, LIST),
    ("position_created", "positions__created_at", MOMENT),
    ("position_updated", "positions__updated_at", MOMENT),
)
DISAGREEMENT_COLUMNS = tuple(name for name, _, _ in _DISAGREEMENT_SOURCES)
_DISAGREEMENT_QUERY = _query(_DISAGREEMENT_SOURCES)
_SPANS_AT = DISAGREEMENT_COLUMNS.index("annotation_ids")
_POSITION_ID_AT = DISAGREEMENT_COLUMNS.index("position_id")

KINDS = {
    ExportLog.Kind.ANNOTATIONS: tuple(kind for _, _, kind in _ANNOTATION_SOURCES),
    ExportLog.Kind.QUOTES: tuple(kind for _, _, kind in _QUOTE_SOURCES),
    ExportLog.Kind.DISAGREEMENTS: tuple(kind for _, _, kind in _DISAGREEMENT_SOURCES),
}
COLUMNS = {
    ExportLog.Kind.ANNOTATIONS: ANNOTATION_COLUMNS,
    ExportLog.Kind.QUOTES: QUOTE_COLUMNS,
    ExportLog.Kind.DISAGREEMENTS: DISAGREEMENT_COLUMNS,
}
FORMATS = {
    ExportLog.Kind.ANNOTATIONS: (
        ExportLog.Format.CSV,
        ExportLog.Format.JSONL,
        ExportLog.Format.W3C,
        ExportLog.Format.CLAIMREVIEW,
    ),
    ExportLog.Kind.QUOTES: (ExportLog.Format.CSV, ExportLog.Format.JSONL),
    ExportLog.Kind.DISAGREEMENTS: (ExportLog.Format.CSV, ExportLog.Format.JSONL),
}


# Row generators: chunks (sequences) of plain tuples in the column order above. A multi-valued
# column holds a tuple, or None when it is empty.


def annotation_chunks(queryset: QuerySet, *, chunk_size: int = CHUNK_SIZE) -> Iterator[Sequence[tuple]]:
    rows = _without_distinct(queryset).order_by("id").values_list(*_ANNOTATION_QUERY)
    any_positions = Position.annotations.through.objects.exists()
    at, after = _POSITIONS_AT, _POSITIONS_AT + 4
    for batch in batched(rows.iterator(chunk_size=chunk_size), chunk_size):
        positions = _positions_by_annotation(batch[0][0], batch[-1][0]) if any_positions else {}
        if positions:
            batch = [row[:at] + positions[row[0]] + row[after:] if row[0] in positions else row for row in batch]
        yield batch


def quote_chunks(queryset: QuerySet, *, chunk_size: int = CHUNK_SIZE) -> Iterator[Sequence[tuple]]:
    rows = _without_distinct(queryset).order_by("id").values_list(*_QUOTE_QUERY)
    yield from batched(rows.iterator(chunk_size=chunk_size), chunk_size)


def disagreement_chunks(queryset: QuerySet, *, chunk_size: int = CHUNK_SIZE) -> Iterator[Sequence[tuple]]:
    """One row per position; a disagreement without positions still gets one row (positions empty)."""
    rows = _without_distinct(queryset).order_by("id", "positions__id").values_list(*_DISAGREEMENT_QUERY)
    at, after = _SPANS_AT, _SPANS_AT + 2
    for batch in batched(rows.iterator(chunk_size=chunk_size), chunk_size):
        spans = _spans_by_position([row[_POSITION_ID_AT] for row in batch if row[_POSITION_ID_AT] is not None])
        yield [
            row[:at] + spans[row[_POSITION_ID_AT]] + row[after:] if row[_POSITION_ID_AT] in spans else row
            for row in batch
        ]


def _without_distinct(queryset: QuerySet) -> QuerySet:
    # Filters on to-many relations add DISTINCT; over every exported column it would make the
    # database sort the whole result before the first row. A subquery on the keys keeps it cheap.
    if queryset.query.distinct:
        return queryset.model._default_manager.filter(pk__in=queryset.values("pk"))
    return queryset


def _positions_by_annotation(first_id: int, last_id: int) -> dict[int, tuple]:
    # Rows come in id order, so a chunk's ids lie in [first_id, last_id]: a range scan on the link
    # table's index, cheaper than a list of every id. Links of rows outside the chunk go unused.
    links = (
        Position.annotations.through.objects.filter(annotation_id__gte=first_id, annotation_id__lte=last_id)
        .order_by("position__disagreement_id", "position_id")
        .values_list(
            "annotation_id",
            "position__disagreement_id",
            "position__disagreement__subject",
            "position__actor__name",
            "position__stance",
        )
    )
    found: dict[int, tuple[list, list, list, list]] = {}
    for annotation_id, *values in links:
        lists = found.setdefault(annotation_id, ([], [], [], []))
        for into, value in zip(lists, values, strict=True):
            into.append(value)
    return {key: tuple(tuple(values) for values in lists) for key, lists in found.items()}


def _spans_by_position(position_ids: list[int]) -> dict[int, tuple[tuple, tuple]]:
    found: dict[int, tuple[list, list]] = {}
    for index, through in enumerate((Position.annotations.through, Position.quotes.through)):
        field = "annotation_id" if index == 0 else "quote_id"
        links = through.objects.filter(position_id__in=position_ids).order_by(field).values_list("position_id", field)
        for position_id, span_id in links:
            found.setdefault(position_id, ([], []))[index].append(span_id)
    return {key: (tuple(annotations), tuple(quotes)) for key, (annotations, quotes) in found.items()}


ROW_CHUNKS: dict[str, Callable[..., Iterator[Sequence[tuple]]]] = {
    ExportLog.Kind.ANNOTATIONS: annotation_chunks,
    ExportLog.Kind.QUOTES: quote_chunks,
    ExportLog.Kind.DISAGREEMENTS: disagreement_chunks,
}
BASE_QUERYSETS = {
    ExportLog.Kind.ANNOTATIONS: lambda: Annotation.objects.all(),
    ExportLog.Kind.QUOTES: lambda: Quote.objects.all(),
    ExportLog.Kind.DISAGREEMENTS: lambda: Disagreement.objects.all(),
}


# The export as a whole: a logged run of one serialiser over one row generator.


def export_log_start(*, user, kind: str, format: str, via: str, filters: dict) -> ExportLog:
    if format not in FORMATS.get(kind, ()):
        raise ValueError(f"{kind} cannot be exported as {format}")
    return ExportLog.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        kind=kind,
        format=format,
        via=via,
        filters=filters,
    )


def export_log_finish(*, log: ExportLog, rows: int, complete: bool) -> None:
    log.rows, log.complete, log.finished_at = rows, complete, timezone.now()
    # update(), not save(): this runs when the stream ends or is dropped, whatever happened meanwhile.
    ExportLog.objects.filter(pk=log.pk).update(rows=rows, complete=complete, finished_at=log.finished_at)


def export_stream(
    *,
    log: ExportLog,
    queryset: QuerySet,
    base_url: str = "",
    collection_id: str = "",
    chunk_size: int = CHUNK_SIZE,
    progress: Callable[[int], None] | None = None,
) -> Iterator[bytes]:
    """The export ``log`` describes, UTF-8, chunk by chunk; the log gets its row count at the end."""
    from annotations import claimreview, w3c  # they build on this module

    rows = 0
    complete = False

    def sent(count: int) -> None:
        nonlocal rows
        rows = count
        if progress:
            progress(rows)

    def counted(chunks):
        for chunk in chunks:
            sent(rows + len(chunk))
            yield chunk

    try:
        if log.format == ExportLog.Format.CLAIMREVIEW:
            queryset = claimreview.reviewable(queryset)
        if _by_copy(log):
            data = _annotation_csv_by_copy(queryset, on_rows=sent, chunk_size=chunk_size)
        else:
            chunks = counted(ROW_CHUNKS[log.kind](queryset, chunk_size=chunk_size))
            if log.format == ExportLog.Format.CSV:
                text = csv_stream(COLUMNS[log.kind], KINDS[log.kind], chunks)
            elif log.format == ExportLog.Format.JSONL:
                text = jsonl_stream(COLUMNS[log.kind], KINDS[log.kind], chunks)
            elif log.format == ExportLog.Format.W3C:
                collection_id = collection_id or export_url(base_url, log)
                text = w3c.collection_stream(chunks, base_url=base_url, collection_id=collection_id)
            else:
                text = claimreview.graph_stream(chunks, base_url=base_url)
            data = _utf8(text)
        with _read_transaction():
            yield from data
        complete = True
    finally:
        export_log_finish(log=log, rows=rows, complete=complete)


def _utf8(text: Iterator[str]) -> Iterator[bytes]:
    with closing(text):  # a download given up stops the writer too
        for chunk in text:
            yield chunk.encode("utf-8")


def _by_copy(log: ExportLog) -> bool:
    # The annotations CSV is the export of every size; on PostgreSQL the server writes it (pgcopy).
    return (
        connection.vendor == "postgresql"
        and log.kind == ExportLog.Kind.ANNOTATIONS
        and log.format == ExportLog.Format.CSV
    )


def _annotation_csv_by_copy(queryset: QuerySet, *, on_rows: Callable[[int], None], chunk_size: int) -> Iterator[bytes]:
    yield csv_header(ANNOTATION_COLUMNS).encode("utf-8")  # before the query starts
    yield from annotation_csv_rows(
        _without_distinct(queryset),
        sources=_ANNOTATION_SOURCES,
        query=_ANNOTATION_QUERY,
        on_rows=on_rows,
        rows_per_chunk=chunk_size,
    )


def article_page(base_url: str, article_id: int) -> str:
    """The article's page in this app (the W3C target when the article has no URL of its own)."""
    return base_url.rstrip("/") + reverse("annotations:workspace", args=[article_id])


def export_url(base_url: str, log: ExportLog) -> str:
    """The web address that gives this export (the W3C collection's id)."""
    name = "annotations:export" if log.kind == ExportLog.Kind.ANNOTATIONS else f"annotations:export_{log.kind}"
    query = urlencode({**log.filters, "format": log.format}, doseq=True)
    return f"{base_url.rstrip('/')}{reverse(name)}?{query}"


@contextmanager
def _read_transaction():
    # PostgreSQL declares a server-side cursor outside a transaction WITH HOLD, which computes the
    # whole result before the first row; inside one, rows stream. SQLite streams either way, and a
    # transaction there would take the write lock (the project uses BEGIN IMMEDIATE).
    if connection.vendor == "postgresql":
        with transaction.atomic():
            yield
    else:
        yield


def filename(log: ExportLog) -> str:
    extension = {"csv": "csv", "jsonl": "jsonl", "w3c": "jsonld", "claimreview": "jsonld"}[log.format]
    suffix = "" if log.format in ("csv", "jsonl") else f"-{log.format}"
    return f"{log.kind}{suffix}-{log.created_at:%Y%m%d-%H%M%S}.{extension}"
