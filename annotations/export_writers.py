"""Writers: chunks of export rows in, chunks of text out (CSV, JSON Lines).

Pure: no database. Each chunk is rendered in a worker thread while the next one is fetched.
"""

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor

from annotations.csvcells import FIRST_CHARS, neutralise

BOM = "\ufeff"  # lets Excel recognise UTF-8

# What a column holds. Dates and timestamps arrive as ISO 8601 text; only text can start like a
# formula; a multi-valued (LIST) column holds a tuple, or None when empty.
INT, TEXT, DATE, MOMENT, LIST, FLAG = "int", "text", "date", "moment", "list", "flag"


def _csv_cells(kinds: tuple[str, ...]) -> Callable[[tuple], list]:
    """A function making one row's CSV cells, for rows whose columns hold ``kinds``."""
    texts = [index for index, kind in enumerate(kinds) if kind == TEXT]
    lists = [index for index, kind in enumerate(kinds) if kind == LIST]
    flags = [index for index, kind in enumerate(kinds) if kind == FLAG]
    first_chars = FIRST_CHARS  # the only cells neutralise may change start with one of these

    def cells(row: tuple) -> list:
        cells = list(row)  # ints, ISO dates and timestamps, and None (an empty cell) go as they are
        for index in texts:
            value = cells[index]
            if value and value[0] in first_chars:
                cells[index] = neutralise(value)
        for index in lists:
            # one line per item: a line break inside an item would shift the lines of the next columns
            items = cells[index]
            cells[index] = neutralise("\n".join(str(item).replace("\n", " ") for item in items)) if items else ""
        for index in flags:
            cells[index] = "true" if cells[index] else "false"
        return cells

    return cells


def _json_values(kinds: tuple[str, ...]) -> Callable[[tuple], list]:
    lists = [index for index, kind in enumerate(kinds) if kind == LIST]

    def values(row: tuple) -> list:
        values = list(row)
        for index in lists:
            values[index] = list(values[index] or ())
        return values

    return values


def _csv_text(rows: Iterable[Sequence]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


def csv_header(columns: tuple[str, ...]) -> str:
    """The first line of a CSV export: the byte order mark, then the column names."""
    return BOM + _csv_text([columns])


def csv_stream(columns: tuple[str, ...], kinds: tuple[str, ...], chunks: Iterable[Sequence[tuple]]) -> Iterator[str]:
    """RFC 4180: comma, double quotes, CRLF; UTF-8 with a byte order mark; formulas neutralised."""
    cells = _csv_cells(kinds)
    yield csv_header(columns)
    yield from rendered_alongside(chunks, lambda chunk: _csv_text(map(cells, chunk)))


def jsonl_stream(columns: tuple[str, ...], kinds: tuple[str, ...], chunks: Iterable[Sequence[tuple]]) -> Iterator[str]:
    """One JSON object a line, the CSV's columns as keys; lists for the multi-valued columns."""
    values = _json_values(kinds)

    def render(chunk: Sequence[tuple]) -> str:
        return "".join(
            json.dumps(dict(zip(columns, values(row), strict=True)), ensure_ascii=False) + "\n" for row in chunk
        )

    yield from rendered_alongside(chunks, render)


def rendered_alongside(chunks: Iterable[Sequence[tuple]], render: Callable[[Sequence[tuple]], str]) -> Iterator[str]:
    """``render(chunk)`` for every chunk, done in a worker thread while the next chunk is fetched.

    Fetching mostly waits on the database (PostgreSQL's server, SQLite's C code), which releases
    the GIL; rendering is Python. Side by side, an export takes about the longer of the two
    instead of their sum. At most two chunks are held at once. ``render`` must not use the
    database: only this thread does.
    """
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="export-render") as worker:
        pending = None
        for chunk in chunks:
            rendering = worker.submit(render, chunk)
            if pending is not None:
                yield pending.result()
            pending = rendering
        if pending is not None:
            yield pending.result()
