"""The import workflow shared by the admin upload and ``manage.py import_articles``.

Items are parsed by the pure modules (sources, parsing, cleaning), then saved in chunks: one
transaction per chunk, articles and their quotes together, so no half-written article is ever
left. If a chunk meets a concurrent writer (a unique constraint fires), it is saved again one
article at a time, each in its own transaction, and the clash is reported as a duplicate.
"""

import gc
import os
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import batched, chain, islice
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from articles.bulk import ids_by, insert_many
from articles.import_work import parse_and_extract
from articles.models import Article, ImportBatch, Outlet
from articles.parallel import map_in_processes
from articles.quote_sync import quotes_store_for_new
from articles.search import ARTICLE_FTS, QUOTE_FTS
from articles.search_index import fts_bulk_load
from articles.sources import DEFAULT_LIMITS, Limits, Pending, SourceItem, file_format, read_items

CHUNK_SIZE = 500
BULK_INDEXES = [ARTICLE_FTS, QUOTE_FTS]  # SQLite full-text indexes filled per chunk, not per row
EXTRACT_BATCH = 64  # items sent to a worker at a time
IN_FLIGHT = 24  # batches handed to the workers ahead of the chunk being written (about three chunks)
PARALLEL_MIN = 256  # below this many items, extraction runs in this process (no pool to start)

CREATED, DUPLICATE, FAILED = "created", "duplicate", "failed"

Progress = Callable[[dict], None]


@dataclass(frozen=True, slots=True)
class Upload:
    name: str
    data: bytes


def uploads_from_paths(paths: Iterable[str | Path]) -> Iterator[Upload]:
    """Files as given, folders walked in name order, read lazily one at a time."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs.sort()
                # Names relative to the folder's parent ("bbc/business/001.txt"); os.path, not a Path per
                # file: for 22,250 files pathlib cost more than reading them.
                folder = os.path.relpath(root, path.parent)
                for filename in sorted(files):
                    if not filename.startswith("."):
                        with open(os.path.join(root, filename), "rb") as file:
                            yield Upload(os.path.normpath(os.path.join(folder, filename)), file.read())
        else:
            yield Upload(path.name, path.read_bytes())


_gc_lock = threading.Lock()
_gc_depth = 0  # imports running in this process
_gc_saved = gc.get_threshold()  # the thresholds to restore when the last one ends


@contextmanager
def _fewer_collections(threshold: int = 50_000):
    """Run the cyclic garbage collector's youngest pass every ``threshold`` allocations instead of
    Python's default 2,000. An import allocates hundreds of thousands of rows, items and quotes
    that live until their chunk is written, and each pass re-examines them: this took about 0.5 of
    the 6.5 CPU-seconds of the importing process for 22,250 files. Nested or concurrent imports
    restore the default when the last one ends."""
    global _gc_depth, _gc_saved
    with _gc_lock:
        if _gc_depth == 0:
            _gc_saved = gc.get_threshold()
            gc.set_threshold(threshold, *_gc_saved[1:])
        _gc_depth += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_depth -= 1
            if _gc_depth == 0:
                gc.set_threshold(*_gc_saved)


@contextmanager
def _larger_page_cache(kib: int = 65_536):
    """SQLite: a 64 MB page cache on this connection while it imports (the default is 2 MB), so
    the B-trees of the indexes and full-text tables being filled stay in memory: about 0.3 of 6
    CPU-seconds for 22,250 files. Restored after; other engines are left as they are."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        saved = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = -{int(kib)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(saved)}")


@_fewer_collections()
@_larger_page_cache()
def articles_import(
    *,
    uploads: Iterable[Upload],
    source: str,
    user=None,
    outlet_name: str = "",
    limits: Limits = DEFAULT_LIMITS,
    progress: Progress | None = None,
    workers: int | None = None,
) -> ImportBatch:
    """Import every article the uploads hold; return the finished batch with its per-item report.

    Parsing and quote extraction, the costly pure steps, run in ``workers`` processes (default:
    the NEWSROOM_IMPORT_WORKERS setting) while this process reads the uploads and writes.
    """
    batch = ImportBatch.objects.create(created_by=user, source=source[:500])
    run = _Run(batch=batch, default_outlet=outlet_name.strip(), progress=progress)
    formats: set[str] = set()
    chunk: list[SourceItem] = []
    workers = settings.NEWSROOM_IMPORT_WORKERS if workers is None else workers
    try:
        items = _items(uploads, limits, formats)
        for item in _with_quotes(items, workers):
            chunk.append(item)
            if len(chunk) >= CHUNK_SIZE:
                run.save_chunk(chunk)
                chunk = []
        if chunk:
            run.save_chunk(chunk)
        batch.status = ImportBatch.Status.FINISHED
    finally:
        # Interrupted or not, the batch tells what was saved (every saved chunk is complete).
        if batch.status != ImportBatch.Status.FINISHED:
            batch.status = ImportBatch.Status.INTERRUPTED
        batch.format = ", ".join(sorted(formats))
        batch.finished_at = timezone.now()
        batch.save()
    return batch


def _items(uploads: Iterable[Upload], limits: Limits, formats: set[str]) -> Iterator[SourceItem | Pending]:
    for upload in uploads:
        formats.add(file_format(upload.name))
        for item in read_items(upload.name, upload.data, limits):
            formats.add(item.format)
            yield item


def _with_quotes(items: Iterator[SourceItem | Pending], workers: int) -> Iterator[SourceItem]:
    """The items in order, parsed, each parsed one carrying its extracted quotes."""
    head = list(islice(items, PARALLEL_MIN))
    if len(head) < PARALLEL_MIN:
        workers = 1
    batches = batched(chain(head, items), EXTRACT_BATCH)
    for done in map_in_processes(parse_and_extract, batches, workers=workers, window=IN_FLIGHT):
        yield from done


@dataclass(slots=True)
class NewArticle:
    """An article of the chunk being saved: its row, and its id once written."""

    item: SourceItem
    row: dict
    pk: int | None = None

    @property
    def body(self) -> str:
        return self.row["body"]


class _Run:
    """The state of one import: counts, the report, and what it has already seen."""

    def __init__(self, *, batch: ImportBatch, default_outlet: str, progress: Progress | None):
        self.batch = batch
        self.default_outlet = default_outlet
        self.progress = progress
        # Hash or URL -> the id of the article that has it, or the NewArticle of this chunk.
        self.seen_hashes: dict[str, NewArticle | int] = {}
        self.seen_urls: dict[str, NewArticle | int] = {}
        self.outlets: dict[tuple[str, str], int | None] = {}

    def save_chunk(self, items: list[SourceItem]) -> None:
        parsed = [item for item in items if item.parsed]
        self._remember_existing(
            [item.content_hash for item in parsed], {item.parsed.url for item in parsed if item.parsed.url}
        )
        pending: list[NewArticle] = []
        repeats: list[tuple[dict, NewArticle]] = []  # duplicates of articles of this very chunk
        for item in items:
            if item.error:
                self._report(item, FAILED, reason=item.error)
                continue
            original, why = self._duplicate_of(item)
            if original is None:
                new = NewArticle(item, self._row_for(item))
                # Claim the hash and URL now so that a repeat later in this chunk is a duplicate.
                self.seen_hashes[new.row["content_hash"]] = new
                if new.row["url"]:
                    self.seen_urls[new.row["url"]] = new
                pending.append(new)
            elif isinstance(original, NewArticle):
                repeats.append((self._report(item, DUPLICATE, reason=why), original))
            else:
                self._report(item, DUPLICATE, reason=f"{why} as article #{original}.", article_id=original)
        if pending:
            self._save(pending)
        for entry, original in repeats:
            entry["article_id"] = original.pk
            entry["reason"] = f"{entry['reason']} as article #{original.pk}."

    def _remember_existing(self, hashes: Iterable[str], urls: set[str]) -> None:
        self.seen_hashes.update(ids_by(Article, "content_hash", [h for h in hashes if h not in self.seen_hashes]))
        self.seen_urls.update(ids_by(Article, "url", [url for url in urls if url not in self.seen_urls]))

    def _duplicate_of(self, item: SourceItem) -> tuple[NewArticle | int | None, str]:
        original = self.seen_hashes.get(item.content_hash)
        if original is not None:
            return original, "Same text"
        if item.parsed.url and item.parsed.url in self.seen_urls:
            return self.seen_urls[item.parsed.url], "Same URL"
        return None, ""

    def _row_for(self, item: SourceItem) -> dict:
        parsed = item.parsed
        return {
            "title": parsed.title,
            "published_on": parsed.published_on,
            "url": parsed.url,
            "outlet_id": self._outlet_id(parsed.outlet or self.default_outlet, parsed.url),
            "body": parsed.body,
            "raw_text": parsed.raw_text,
            "cleanup_log": parsed.cleanup_log,
            "content_hash": item.content_hash,
            "import_batch_id": self.batch.pk,
        }

    def _outlet_id(self, name: str, url: str) -> int | None:
        domain = _domain(url)
        key = (name.casefold(), "" if name else domain)
        if key == ("", ""):
            return None
        if key not in self.outlets:
            if name:
                outlet = Outlet.objects.filter(name__iexact=name).first() or Outlet.objects.create(name=name)
            else:
                outlet = Outlet.objects.filter(domain=domain).first()
                outlet = outlet or Outlet.objects.get_or_create(name=domain, defaults={"domain": domain})[0]
            self.outlets[key] = outlet.pk
        return self.outlets[key]

    def _save(self, pending: list[NewArticle]) -> None:
        try:
            with fts_bulk_load(BULK_INDEXES):
                insert_many(Article, [new.row for new in pending])
                ids = ids_by(Article, "content_hash", [new.row["content_hash"] for new in pending])
                for new in pending:
                    new.pk = ids[new.row["content_hash"]]
                self._after_create(pending)
        except IntegrityError:
            # Another import wrote some of these meanwhile: save one by one to tell which.
            for new in pending:
                self._save_one(new)
            return
        for new in pending:
            self._created(new)

    def _save_one(self, new: NewArticle) -> None:
        try:
            with transaction.atomic():
                article = Article.objects.create(**new.row)
                new.pk = article.pk
                self._after_create([new])
        except IntegrityError:
            existing = Article.objects.filter(content_hash=new.row["content_hash"]).values_list("id", flat=True).first()
            self._report(new.item, DUPLICATE, reason="Imported meanwhile by another import.", article_id=existing)
            return
        self._created(new)

    def _after_create(self, created: list[NewArticle]) -> None:
        """Runs inside the articles' transaction: what is stored with each new article."""
        quotes_store_for_new(
            {new.pk: new.body for new in created}, extracted={new.pk: new.item.quotes for new in created}
        )

    def _created(self, new: NewArticle) -> None:
        self.seen_hashes[new.row["content_hash"]] = new.pk
        if new.row["url"]:
            self.seen_urls[new.row["url"]] = new.pk
        self._report(new.item, CREATED, article_id=new.pk, title=new.row["title"])

    def _report(self, item: SourceItem, status: str, *, reason: str = "", article_id=None, title: str = "") -> dict:
        entry = {"name": item.name, "status": status}
        if reason:
            entry["reason"] = reason
        if article_id:
            entry["article_id"] = article_id
        if title:
            entry["title"] = title
        if item.notes:
            entry["notes"] = item.notes
        self.batch.report.append(entry)
        counter = {CREATED: "created_count", DUPLICATE: "duplicate_count", FAILED: "failed_count"}[status]
        setattr(self.batch, counter, getattr(self.batch, counter) + 1)
        if self.progress:
            self.progress(entry)
        return entry


def _domain(url: str) -> str:
    host = (urlsplit(url).hostname or "") if url else ""
    return host.removeprefix("www.")
