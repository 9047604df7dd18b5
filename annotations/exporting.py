"""Exports: one row generator per kind, shared by the web view, the admin action and the command.

Rows come from ``values_list(...).iterator(chunk_size=...)`` with every join done in that one
query; the disagreement positions of a chunk of annotations come from one more query per chunk
(never one per row). Serialisers turn chunks of rows into text chunks and write their header
before the query starts, so the first bytes leave at once and memory stays flat.

The CSV columns are documented in README.md ("Exporting"); keep the two in step.
"""

import csv
import io
import json
from collections import namedtuple
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from itertools import batched
from urllib.parse import urlencode

from django.db import connection, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from annotations.csvcells import neutralise
from annotations.models import Annotation, Disagreement, ExportLog, Position
from articles.models import Quote

CHUNK_SIZE = 2000
BOM = "\ufeff"  # lets Excel recognise UTF-8

# name in the file, source in the query. The four position columns are filled per chunk.
_ANNOTATION_SOURCES = (
    ("id", "id"),
    ("article_id", "article_id"),
    ("article_title", "article__title"),
    ("article_url", "article__url"),
    ("published_on", "article__published_on"),
    ("outlet", "article__outlet__name"),
    ("tag", "tag__name"),
    ("start", "start"),
    ("end", "end"),
    ("exact", "exact"),
    ("prefix", "prefix"),
    ("suffix", "suffix"),
    ("actor", "actor__name"),
    ("verdict", "verdict"),
    ("note", "note"),
    ("quote_id", "quote_id"),
    ("quote_speaker", "quote__speaker__name"),
    ("disagreement_ids", None),
    ("disagreement_subjects", None),
    ("position_actors", None),
    ("position_stances", None),
    ("author", "author__username"),
    ("created", "created_at"),
    ("updated", "updated_at"),
)
ANNOTATION_COLUMNS = tuple(name for name, _ in _ANNOTATION_SOURCES)
AnnotationRow = namedtuple("AnnotationRow", ANNOTATION_COLUMNS)  # for the JSON-LD writers
_ANNOTATION_QUERY = tuple(source for _, source in _ANNOTATION_SOURCES if source)
_POSITIONS_AT = ANNOTATION_COLUMNS.index("disagreement_ids")
_NO_POSITIONS = ((), (), (), ())

_QUOTE_SOURCES = (
    ("id", "id"),
    ("article_id", "article_id"),
    ("article_title", "article__title"),
    ("article_url", "article__url"),
    ("published_on", "article__published_on"),
    ("outlet", "article__outlet__name"),
    ("start", "start"),
    ("end", "end"),
    ("text", "text"),
    ("speaker", "speaker__name"),
    ("role", "role"),
    ("cue", "cue"),
    ("kind", "kind"),
    ("origin", "origin"),
    ("status", "status"),
    ("orphaned", "orphaned"),
    ("created", "created_at"),
    ("updated", "updated_at"),
)
QUOTE_COLUMNS = tuple(name for name, _ in _QUOTE_SOURCES)

_DISAGREEMENT_SOURCES = (
    ("disagreement_id", "id"),
    ("subject", "subject"),
    ("description", "description"),
    ("created_by", "created_by__username"),
    ("disagreement_created", "created_at"),
    ("disagreement_updated", "updated_at"),
    ("position_id", "positions__id"),
    ("actor", "positions__actor__name"),
    ("stance", "positions__stance"),
    ("note", "positions__note"),
    ("annotation_ids", None),
    ("quote_ids", None),
    ("position_created", "positions__created_at"),
    ("position_updated", "positions__updated_at"),
)
DISAGREEMENT_COLUMNS = tuple(name for name, _ in _DISAGREEMENT_SOURCES)
_DISAGREEMENT_QUERY = tuple(source for _, source in _DISAGREEMENT_SOURCES if source)
_SPANS_AT = DISAGREEMENT_COLUMNS.index("annotation_ids")
_POSITION_ID_AT = DISAGREEMENT_COLUMNS.index("position_id")

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


# Row generators: chunks (lists) of plain tuples in the column order above.


def annotation_chunks(queryset: QuerySet, *, chunk_size: int = CHUNK_SIZE) -> Iterator[list[tuple]]:
    rows = _without_distinct(queryset).order_by("id").values_list(*_ANNOTATION_QUERY)
    any_positions = Position.annotations.through.objects.exists()
    for batch in batched(rows.iterator(chunk_size=chunk_size), chunk_size):
        positions = _positions_by_annotation([row[0] for row in batch]) if any_positions else {}
        yield [row[:_POSITIONS_AT] + positions.get(row[0], _NO_POSITIONS) + row[_POSITIONS_AT:] for row in batch]


def annotation_rows(queryset: QuerySet, *, chunk_size: int = CHUNK_SIZE) -> Iterator[tuple]:
    for chunk in annotation_chunks(queryset, chunk_size=chunk_size):
        yield from chunk


def quote_chunks(queryset: QuerySet, *, chunk_size: int = CHUNK_SIZE) -> Iterator[list[tuple]]:
    rows = _without_distinct(queryset).order_by("id").values_list(*(source for _, source in _QUOTE_SOURCES))
    for batch in batched(rows.iterator(chunk_size=chunk_size), chunk_size):
        yield list(batch)


def disagreement_chunks(queryset: QuerySet, *, chunk_size: int = CHUNK_SIZE) -> Iterator[list[tuple]]:
    """One row per position; a disagreement without positions still gets one row (positions empty)."""
    rows = _without_distinct(queryset).order_by("id", "positions__id").values_list(*_DISAGREEMENT_QUERY)
    for batch in batched(rows.iterator(chunk_size=chunk_size), chunk_size):
        spans = _spans_by_position([row[_POSITION_ID_AT] for row in batch if row[_POSITION_ID_AT] is not None])
        yield [row[:_SPANS_AT] + spans.get(row[_POSITION_ID_AT], ((), ())) + row[_SPANS_AT:] for row in batch]


def _without_distinct(queryset: QuerySet) -> QuerySet:
    # Filters on to-many relations add DISTINCT; over every exported column it would make the
    # database sort the whole result before the first row. A subquery on the keys keeps it cheap.
    if queryset.query.distinct:
        return queryset.model._default_manager.filter(pk__in=queryset.values("pk"))
    return queryset


def _positions_by_annotation(annotation_ids: list[int]) -> dict[int, tuple]:
    links = (
        Position.annotations.through.objects.filter(annotation_id__in=annotation_ids)
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


ROW_CHUNKS: dict[str, Callable[..., Iterator[list[tuple]]]] = {
    ExportLog.Kind.ANNOTATIONS: annotation_chunks,
    ExportLog.Kind.QUOTES: quote_chunks,
    ExportLog.Kind.DISAGREEMENTS: disagreement_chunks,
}
BASE_QUERYSETS = {
    ExportLog.Kind.ANNOTATIONS: lambda: Annotation.objects.all(),
    ExportLog.Kind.QUOTES: lambda: Quote.objects.all(),
    ExportLog.Kind.DISAGREEMENTS: lambda: Disagreement.objects.all(),
}


# Values as text.


def iso_utc(value: datetime) -> str:
    """ISO 8601 in UTC with microseconds, e.g. 2016-09-15T10:30:00.000000Z (fixed width, exact)."""
    if value.utcoffset():
        value = value.astimezone(UTC)
    return value.isoformat(timespec="microseconds").removesuffix("+00:00") + "Z"


def _csv_cells(row: tuple) -> list:
    cells = []
    for value in row:
        if value.__class__ is str:
            cells.append(neutralise(value) if value else value)
        elif value.__class__ is datetime:
            cells.append(iso_utc(value))
        elif value.__class__ is tuple:
            # one line per item: a line break inside an item would shift the lines of the next columns
            cells.append(neutralise("\n".join(str(item).replace("\n", " ") for item in value)) if value else "")
        elif value.__class__ is bool:
            cells.append("true" if value else "false")
        else:  # int, date (str() is ISO 8601) or None (written as an empty cell)
            cells.append(value)
    return cells


def _json_value(value):
    if value.__class__ is datetime:
        return iso_utc(value)
    if value.__class__ is date:
        return value.isoformat()
    if value.__class__ is tuple:
        return list(value)
    return value


# Serialisers: text chunks.


def csv_stream(columns: tuple[str, ...], chunks: Iterable[list[tuple]]) -> Iterator[str]:
    """RFC 4180: comma, double quotes, CRLF; UTF-8 with a byte order mark; formulas neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    yield BOM + buffer.getvalue()
    for chunk in chunks:
        buffer.seek(0)
        buffer.truncate()
        writer.writerows(map(_csv_cells, chunk))
        yield buffer.getvalue()


def jsonl_stream(columns: tuple[str, ...], chunks: Iterable[list[tuple]]) -> Iterator[str]:
    """One JSON object a line, the CSV's columns as keys; lists for the multi-valued columns."""
    for chunk in chunks:
        yield "".join(
            json.dumps(dict(zip(columns, map(_json_value, row), strict=True)), ensure_ascii=False) + "\n"
            for row in chunk
        )


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
) -> Iterator[str]:
    """The text of the export ``log`` describes, chunk by chunk; the log gets its row count at the end."""
    from annotations import claimreview, w3c  # they build on this module

    rows = 0
    complete = False

    def counted(chunks):
        nonlocal rows
        for chunk in chunks:
            rows += len(chunk)
            if progress:
                progress(rows)
            yield chunk

    try:
        if log.format == ExportLog.Format.CLAIMREVIEW:
            queryset = claimreview.reviewable(queryset)
        chunks = counted(ROW_CHUNKS[log.kind](queryset, chunk_size=chunk_size))
        if log.format == ExportLog.Format.CSV:
            text = csv_stream(COLUMNS[log.kind], chunks)
        elif log.format == ExportLog.Format.JSONL:
            text = jsonl_stream(COLUMNS[log.kind], chunks)
        elif log.format == ExportLog.Format.W3C:
            collection_id = collection_id or export_url(base_url, log)
            text = w3c.collection_stream(chunks, base_url=base_url, collection_id=collection_id)
        else:
            text = claimreview.graph_stream(chunks, base_url=base_url)
        with _read_transaction():
            yield from text
        complete = True
    finally:
        export_log_finish(log=log, rows=rows, complete=complete)


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
