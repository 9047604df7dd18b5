"""From uploaded bytes to source items: decoding, file types, zips with their safety limits.

Pure (no ORM). Every problem becomes a per-item ``SourceItem`` with an ``error``, never an
exception that would abort the other items of the same upload.
"""

import codecs
import csv
import io
import json
import posixpath
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from articles.parsing import FIELDS, ItemError, ParsedArticle, parse_record, parse_text_document

TEXT_SUFFIXES = {".txt", ".text"}
CSV_SUFFIXES = {".csv"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
ZIP_SUFFIXES = {".zip"}


@dataclass(frozen=True)
class Limits:
    max_article_bytes: int = 2 * 1024 * 1024  # one plain-text article
    max_table_bytes: int = 200 * 1024 * 1024  # one CSV or JSON Lines file
    max_zip_entries: int = 20_000
    max_zip_total_bytes: int = 1024 * 1024 * 1024  # uncompressed, counted while reading
    max_zip_ratio: int = 100  # uncompressed / compressed, per entry (zip bombs)


DEFAULT_LIMITS = Limits()

# Bytes that do not occur in text files (all C0 controls but tab, newline, vertical tab, form feed, CR).
_CONTROL_BYTES = bytes([*range(0, 9), *range(14, 32)])


@dataclass(slots=True)
class SourceItem:
    """One would-be article, or the reason it cannot be one."""

    name: str
    format: str
    parsed: ParsedArticle | None = None
    error: str = ""
    notes: list[str] = field(default_factory=list)
    quotes: list | None = None  # what the quote extractor found in the body, once it has run
    content_hash: str = ""  # body_hash of the parsed body, once computed


@dataclass(slots=True)
class Pending:
    """An item read from its upload but not parsed yet: a text file's bytes, or a table's record.

    Reading (unpacking, size limits, splitting a table into rows) is cheap and stays with whoever
    walks the uploads; parsing (decoding, cleaning) is the costly part, which an import hands to
    its worker processes together with quote extraction. ``parse_pending`` finishes the item.
    """

    name: str
    format: str
    data: bytes | None = None  # a plain-text article
    record: dict | None = None  # a CSV row or a JSON line
    notes: list[str] = field(default_factory=list)


def parse_pending(pending: Pending) -> SourceItem:
    try:
        if pending.record is not None:
            parsed = parse_record(pending.record)
            return SourceItem(pending.name, pending.format, parsed=parsed, notes=pending.notes)
        text, notes = decode_bytes(pending.data)
        return SourceItem(pending.name, pending.format, parsed=parse_text_document(text), notes=notes)
    except ItemError as exc:
        return SourceItem(pending.name, pending.format, error=str(exc))


def decode_bytes(data: bytes) -> tuple[str, list[str]]:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252; refuse binary data."""
    notes: list[str] = []
    if data.startswith(codecs.BOM_UTF8):
        notes.append("UTF-8 with a byte-order mark (removed).")
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), ["UTF-16 text (converted)."]
        except UnicodeDecodeError:
            raise ItemError("The file claims to be UTF-16 but is not valid UTF-16.") from None
    if not data.strip():
        raise ItemError("The file is empty (no text).")
    sample = data[:8192]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if b"\x00" in sample or controls > len(sample) // 100 + 1:
        raise ItemError("This is a binary file, not text. Upload plain text (.txt), CSV, JSON Lines or a zip.")
    try:
        return data.decode("utf-8"), notes
    except UnicodeDecodeError as exc:
        notes.append(f"Not valid UTF-8 (byte {exc.start:,}); decoded as Windows-1252 (cp1252). Check accented letters.")
    try:
        return data.decode("cp1252"), notes
    except UnicodeDecodeError:
        return data.decode("latin-1"), notes


def file_format(name: str) -> str:
    """txt, csv, jsonl or zip by the file name, else the name's own suffix."""
    suffix = _suffix(name)
    for fmt, suffixes in (
        ("txt", TEXT_SUFFIXES),
        ("csv", CSV_SUFFIXES),
        ("jsonl", JSONL_SUFFIXES),
        ("zip", ZIP_SUFFIXES),
    ):
        if suffix in suffixes:
            return fmt
    return suffix.lstrip(".") or "unknown"


def items_from_file(name: str, data: bytes, limits: Limits = DEFAULT_LIMITS) -> Iterator[SourceItem]:
    """Every article a named upload holds (one for .txt, one per row or line, or per zip member)."""
    for item in read_items(name, data, limits):
        yield parse_pending(item) if isinstance(item, Pending) else item


def read_items(name: str, data: bytes, limits: Limits = DEFAULT_LIMITS) -> Iterator[SourceItem | Pending]:
    """``items_from_file`` without the parsing: each item is a ``Pending`` to parse, or a
    ``SourceItem`` that already says why it cannot be an article."""
    suffix = _suffix(name)
    if suffix in ZIP_SUFFIXES:
        yield from _items_from_zip(name, data, limits)
    elif suffix in TEXT_SUFFIXES:
        yield _item_from_text(name, data, limits)
    elif suffix in CSV_SUFFIXES | JSONL_SUFFIXES:
        yield from _items_from_table(name, data, limits)
    else:
        yield SourceItem(
            name,
            suffix.lstrip(".") or "unknown",
            error=f"Unsupported file type “{suffix or name}”: use .txt, .csv, .jsonl or .zip.",
        )


def _item_from_text(name: str, data: bytes, limits: Limits) -> SourceItem | Pending:
    if len(data) > limits.max_article_bytes:
        return SourceItem(name, "txt", error=_too_big(len(data), limits.max_article_bytes, "an article"))
    return Pending(name, "txt", data=data)


def _items_from_table(name: str, data: bytes, limits: Limits) -> Iterator[SourceItem | Pending]:
    fmt = "csv" if _suffix(name) in CSV_SUFFIXES else "jsonl"
    if len(data) > limits.max_table_bytes:
        yield SourceItem(name, fmt, error=_too_big(len(data), limits.max_table_bytes, f"a {fmt.upper()} file"))
        return
    try:
        text, notes = decode_bytes(data)
    except ItemError as exc:
        yield SourceItem(name, fmt, error=str(exc))
        return
    rows = _csv_records(name, text, limits) if fmt == "csv" else _jsonl_records(name, text)
    for row_name, record, error in rows:
        if error:
            yield SourceItem(row_name, fmt, error=error)
            continue
        yield Pending(row_name, fmt, record=record, notes=list(notes))


def _csv_records(name: str, text: str, limits: Limits) -> Iterator[tuple[str, dict, str]]:
    csv.field_size_limit(limits.max_table_bytes)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        header = [column.strip().lower() for column in reader.fieldnames or []]
    except csv.Error as exc:
        yield name, {}, f"The CSV header could not be read: {exc}."
        return
    missing = [column for column in FIELDS if column not in header]
    if missing:
        yield (
            name,
            {},
            f"The CSV header is missing the column(s) {', '.join(missing)}. "
            f"A header row with {', '.join(FIELDS)} is required.",
        )
        return
    reader.fieldnames = header
    try:
        for record in reader:
            line = reader.line_num
            if None in record:
                yield f"{name} line {line}", {}, "This row has more cells than the header."
            elif not any((value or "").strip() for value in record.values()):
                continue  # blank line
            else:
                yield f"{name} line {line}", record, ""
    except csv.Error as exc:
        yield f"{name} line {reader.line_num}", {}, f"Malformed CSV: {exc}."


def _jsonl_records(name: str, text: str) -> Iterator[tuple[str, dict, str]]:
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        row_name = f"{name} line {number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield row_name, {}, f"Not valid JSON: {exc.msg} at column {exc.colno}."
            continue
        if not isinstance(record, dict):
            yield row_name, {}, "Each line must be a JSON object with title and body."
            continue
        missing = [key for key in ("title", "body") if key not in record]
        if missing:
            yield row_name, {}, f"The object is missing the key(s) {', '.join(missing)}."
            continue
        yield row_name, record, ""


def _items_from_zip(name: str, data: bytes, limits: Limits) -> Iterator[SourceItem | Pending]:
    if not zipfile.is_zipfile(io.BytesIO(data)):
        yield SourceItem(name, "zip", error="This is not a zip archive (or it is damaged).")
        return
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [info for info in archive.infolist() if not info.is_dir()]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError) as exc:
        yield SourceItem(name, "zip", error=f"The zip archive cannot be read: {exc}.")
        return
    if len(members) > limits.max_zip_entries:
        yield SourceItem(
            name,
            "zip",
            error=f"The zip holds {len(members):,} files; at most {limits.max_zip_entries:,} are accepted.",
        )
        return
    budget = [limits.max_zip_total_bytes]
    with archive:
        for info in members:
            yield from _items_from_member(name, archive, info, budget, limits)


def _items_from_member(
    zip_name: str, archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: list[int], limits: Limits
) -> Iterable[SourceItem | Pending]:
    member = info.filename
    label = f"{zip_name}: {member}"
    base = posixpath.basename(member)
    if base.startswith(".") or member.startswith("__MACOSX/"):
        return []  # editor and OS metadata, not articles
    if _unsafe_path(member):
        return [SourceItem(label, "zip", error="Unsafe path in the zip (absolute, or with “..”): refused.")]
    suffix = _suffix(member)
    if suffix in ZIP_SUFFIXES:
        return [SourceItem(label, "zip", error="Zips inside zips are not read; unpack the inner zip first.")]
    if suffix not in TEXT_SUFFIXES | CSV_SUFFIXES | JSONL_SUFFIXES:
        return [SourceItem(label, suffix.lstrip(".") or "unknown", error=f"Unsupported file type “{suffix or base}”.")]
    cap = limits.max_article_bytes if suffix in TEXT_SUFFIXES else limits.max_table_bytes
    if info.compress_size and info.file_size / info.compress_size > limits.max_zip_ratio and info.file_size > 1 << 20:
        return [SourceItem(label, "zip", error="Suspicious compression ratio (a zip bomb?): refused.")]
    try:
        data = _read_capped(archive, info, min(cap, budget[0]) + 1)
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError) as exc:
        return [SourceItem(label, "zip", error=f"This zip member cannot be read: {exc}.")]
    if len(data) > cap:
        return [
            SourceItem(
                label, suffix.lstrip("."), error=f"The file unpacks to more than {cap / 1048576:,.0f} MB: refused."
            )
        ]
    if len(data) > budget[0]:
        budget[0] = 0
        return [SourceItem(label, "zip", error="The zip unpacks to more than the total size allowed: refused.")]
    budget[0] -= len(data)
    return read_items(label, data, limits)


def _read_capped(archive: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int) -> bytes:
    """Read at most ``cap`` bytes, counting what is really inflated (the header may lie)."""
    chunks, total = [], 0
    with archive.open(info) as stream:
        while total < cap:
            chunk = stream.read(min(65536, cap - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    return b"".join(chunks)


def _unsafe_path(member: str) -> bool:
    normalised = member.replace("\\", "/")
    return normalised.startswith("/") or (len(normalised) > 1 and normalised[1] == ":") or ".." in normalised.split("/")


def _suffix(name: str) -> str:
    base = posixpath.basename(name.replace("\\", "/")).lower()
    return base[base.rfind(".") :] if "." in base else ""


def _too_big(size: int, cap: int, what: str) -> str:
    return f"The file is {size / 1048576:,.1f} MB; {what} may be at most {cap / 1048576:,.0f} MB."
