"""Reading our annotation exports (JSON Lines or CSV) into plain records: no database here.

Every line or row gives an ``Incoming`` record or a ``Problem`` saying why it cannot be read;
nothing is dropped silently. CSV cells are un-neutralised (``csvcells.restore``) first.
"""

import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime

from annotations.csvcells import restore
from annotations.exporting import ANNOTATION_COLUMNS
from annotations.models import Verdict

POSITION_COLUMNS = ("disagreement_ids", "disagreement_subjects", "position_actors", "position_stances")
# Longest values the database takes (the model's max_length), so a bad file is reported, not truncated.
MAX_LENGTHS = {"prefix": 64, "suffix": 64, "tag": 80, "actor": 200, "author": 150}
POSITION_MAX_LENGTHS = (None, 300, 200, 300)
# Python's csv refuses cells over 128 KB by default; a note or a long span may be larger.
CSV_CELL_LIMIT = 256 * 1024 * 1024


class FormatError(ValueError):
    """The file as a whole cannot be read (not our CSV header, not UTF-8, ...)."""


@dataclass(frozen=True)
class Position:
    disagreement_id: int
    subject: str
    actor: str
    stance: str


@dataclass
class Incoming:
    where: str
    id: int
    article_id: int
    article_title: str
    article_url: str
    tag: str
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str
    actor: str
    verdict: str
    note: str
    quote_id: int | None
    quote_speaker: str
    author: str
    created: datetime
    updated: datetime
    positions: list[Position] = field(default_factory=list)


@dataclass
class Problem:
    where: str
    id: int | None
    reason: str


def read_jsonl(lines: Iterable[bytes]) -> Iterator[Incoming | Problem]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"line {number}"
        try:
            data = json.loads(line)
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            yield Problem(where, None, f"not a JSON object: {error}")
            continue
        if not isinstance(data, dict):
            yield Problem(where, None, "not a JSON object")
            continue
        yield _record(where, data, lambda values: [] if values is None else values)


def read_csv(binary: io.BufferedIOBase) -> Iterator[Incoming | Problem]:
    csv.field_size_limit(max(csv.field_size_limit(), CSV_CELL_LIMIT))
    text = io.TextIOWrapper(binary, encoding="utf-8-sig", newline="")
    reader = csv.reader(text)
    try:
        header = next(reader)
    except StopIteration:
        raise FormatError("The file is empty.") from None
    except (UnicodeDecodeError, csv.Error) as error:
        raise FormatError(f"The file is not a UTF-8 CSV file: {error}") from None
    missing = [name for name in ANNOTATION_COLUMNS if name not in header]
    if missing:
        raise FormatError(f"Not an annotation export: the header lacks {', '.join(missing)}.")
    for number, cells in enumerate(_rows(reader), start=1):
        where = f"row {number}"
        if len(cells) != len(header):
            yield Problem(where, None, f"{len(cells)} cells where the header has {len(header)}")
            continue
        data = {name: restore(cell) for name, cell in zip(header, cells, strict=True)}
        yield _record(where, data, lambda cell: cell.split("\n") if cell else [])


def _rows(reader) -> Iterator[list[str]]:
    """The reader's rows; a file that stops being CSV (or UTF-8) halfway is refused, with where."""
    while True:
        try:
            yield next(reader)
        except StopIteration:
            return
        except (UnicodeDecodeError, csv.Error) as error:
            raise FormatError(f"The file stops being a UTF-8 CSV file after line {reader.line_num}: {error}") from None


def _record(where: str, data: dict, as_list) -> Incoming | Problem:
    """Check and type one line's values; a Problem says which value is wrong."""
    raw_id = data.get("id")
    try:
        record = Incoming(
            where=where,
            id=_integer(raw_id, "id", positive=True),
            article_id=_integer(data.get("article_id"), "article_id", positive=True),
            article_title=_text(data, "article_title"),
            article_url=_text(data, "article_url"),
            tag=_text(data, "tag", required=True),
            start=_integer(data.get("start"), "start"),
            end=_integer(data.get("end"), "end"),
            exact=_text(data, "exact", required=True),
            prefix=_text(data, "prefix"),
            suffix=_text(data, "suffix"),
            actor=_text(data, "actor"),
            verdict=_text(data, "verdict"),
            note=_text(data, "note"),
            quote_id=_integer(data.get("quote_id"), "quote_id", positive=True, optional=True),
            quote_speaker=_text(data, "quote_speaker"),
            author=_text(data, "author", required=True),
            created=_timestamp(data.get("created"), "created"),
            updated=_timestamp(data.get("updated"), "updated"),
            positions=_positions(data, as_list),
        )
        _check(record)
    except ValueError as error:
        return Problem(where, raw_id if isinstance(raw_id, int) else _maybe_int(raw_id), str(error))
    return record


def _check(record: Incoming) -> None:
    if not record.start < record.end or record.end - record.start != len(record.exact):
        raise ValueError(
            f"start {record.start} and end {record.end} do not span the {len(record.exact)} characters of exact"
        )
    if record.verdict and record.verdict not in Verdict.values:
        raise ValueError(f"verdict “{record.verdict}” is not one of {', '.join(Verdict.values)}")
    for name, limit in MAX_LENGTHS.items():
        if len(getattr(record, name)) > limit:
            raise ValueError(f"{name} is longer than {limit} characters")


def _text(data: dict, name: str, *, required: bool = False) -> str:
    value = data.get(name)
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValueError(f"{name} is not text")
    if required and not value:
        raise ValueError(f"{name} is empty")
    return value


def _integer(value, name: str, *, positive: bool = False, optional: bool = False) -> int | None:
    if optional and value in (None, ""):
        return None
    if isinstance(value, str) and value.isascii() and value.isdigit():
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool) or value < (1 if positive else 0):
        raise ValueError(f"{name} is not a whole number{' above 0' if positive else ''}: {value!r}")
    return value


def _maybe_int(value) -> int | None:
    return int(value) if isinstance(value, str) and value.isascii() and value.isdigit() else None


def _timestamp(value, name: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        parsed = None
    if parsed is None or parsed.tzinfo is None:
        raise ValueError(f"{name} is not an ISO 8601 timestamp with a time zone: {value!r}")
    return parsed


def _positions(data: dict, as_list) -> list[Position]:
    columns = [as_list(data.get(name)) for name in POSITION_COLUMNS]
    if any(not isinstance(values, list) for values in columns):
        raise ValueError("the disagreement columns are not lists")
    if len({len(values) for values in columns}) > 1:
        raise ValueError("the disagreement columns do not have the same number of lines")
    positions = []
    for disagreement_id, *texts in zip(*columns, strict=True):
        number = _integer(disagreement_id, "disagreement id", positive=True)
        for text, limit, name in zip(texts, POSITION_MAX_LENGTHS[1:], POSITION_COLUMNS[1:], strict=True):
            if not isinstance(text, str) or not text or len(text) > limit:
                raise ValueError(f"{name} has an empty, overlong or non-text value")
        positions.append(Position(number, *texts))
    return positions
