"""Storing extracted quotes as suggestions, with their speakers as Actor records.

``quotes_refresh_many`` re-runs extraction on stored articles (``quotes_refresh`` on one);
``quotes_store_for_new`` does it for articles an import has just written, inside the import's
transaction. Neither ever drops or duplicates a quote an editor has touched: only the extractor's
*untouched* suggestions are replaced (origin extracted, status suggested, and linked from no
annotation and no disagreement position), and a new suggestion overlapping a kept quote is left
out. Untouched suggestions have no history rows (they are written in bulk without one) and are
removed without one, in plain SQL.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import astuple, dataclass
from itertools import batched
from operator import add

from django.conf import settings
from django.db import IntegrityError, connection

from articles.bulk import delete_ids, ids_by, insert_many
from articles.import_work import extract_bodies
from articles.models import Actor, ActorAlias, Article, Quote, name_key
from articles.parallel import map_in_processes
from articles.parsing import body_hash
from articles.quotes import ExtractedQuote
from articles.search import QUOTE_FTS
from articles.search_index import fts_bulk_load

ROLE_MAX = Quote._meta.get_field("role").max_length
CUE_MAX = Quote._meta.get_field("cue").max_length
NAME_MAX = Actor._meta.get_field("name").max_length
ACTOR_KINDS = {
    "person": Actor.Kind.PERSON,
    "organisation": Actor.Kind.ORGANISATION,
    "country": Actor.Kind.COUNTRY,
    "group": Actor.Kind.GROUP,
}


REFRESH_BATCH = 50  # articles per worker task, and per transaction when writing
REFRESH_IN_FLIGHT = 16  # batches handed to the workers ahead of the one being written
PARALLEL_MIN = 100  # below this many articles, extraction runs in this process (no pool to start)
ANALYZE_MIN = 1000  # from this many articles on, PostgreSQL's statistics of the quotes are refreshed first


@dataclass(frozen=True, slots=True)
class RefreshResult:
    created: int = 0  # suggestions written
    replaced: int = 0  # old untouched suggestions removed
    kept: int = 0  # quotes editors had touched, left as they were
    skipped: int = 0  # extracted quotes left out because they overlap a kept quote
    articles: int = 0  # articles refreshed
    failed: int = 0  # articles the extractor failed on: their quotes were left as they were

    def __add__(self, other: "RefreshResult") -> "RefreshResult":
        return RefreshResult(*map(add, astuple(self), astuple(other)))


def actors_for(speakers: Iterable[tuple[str, str]]) -> dict[str, int]:
    """Actor ids by name key for (name, kind) pairs: matched by name or alias, created when new.

    Creation is safe against a concurrent import: the unique name key plus ``ON CONFLICT DO NOTHING``
    means a second writer of the same name inserts nothing, and both read back the same row.
    """
    return _actor_ids({key: (name[:NAME_MAX], kind) for name, kind in speakers if (key := name_key(name[:NAME_MAX]))})


def _actor_ids(wanted: Mapping[str, tuple[str, str]]) -> dict[str, int]:
    """``actors_for`` of the (name, kind) wanted under each name key."""
    if not wanted:
        return {}
    keys = list(wanted)
    found = ids_by(Actor, "name_key", keys)
    found.update(
        (key, actor_id)
        for key, actor_id in ids_by(ActorAlias, "key", keys, column="actor_id").items()
        if key not in found
    )
    missing = [key for key in keys if key not in found]
    if missing:
        rows = [
            {"name": wanted[key][0], "name_key": key, "kind": ACTOR_KINDS.get(wanted[key][1], Actor.Kind.UNKNOWN)}
            for key in missing
        ]
        insert_many(Actor, rows, ignore_conflicts=True)
        found.update(ids_by(Actor, "name_key", missing))
    return found


def _speaker_ids(quotes: Iterable[ExtractedQuote]) -> dict[str, int]:
    """Actor ids by speaker name as the extractor wrote it (each distinct name keyed once)."""
    kinds = {q.speaker: q.speaker_kind for q in quotes if q.speaker}
    keys = {name: name_key(name[:NAME_MAX]) for name in kinds}
    ids_by_key = _actor_ids({key: (name[:NAME_MAX], kinds[name]) for name, key in keys.items() if key})
    return {name: ids_by_key.get(key) for name, key in keys.items()}


def _rows(article_id: int, quotes: list[ExtractedQuote], speaker_ids: Mapping[str, int]) -> list[dict]:
    return [
        {
            "article_id": article_id,
            "start": q.start,
            "end": q.end,
            "text": q.text,
            "speaker_id": speaker_ids.get(q.speaker) if q.speaker else None,
            "role": q.role[:ROLE_MAX],
            "cue": q.cue[:CUE_MAX],
            "kind": q.kind,
            "origin": Quote.Origin.EXTRACTED,
            "status": Quote.Status.SUGGESTED,
        }
        for q in quotes
    ]


def quotes_store_for_new(articles: Mapping[int, str], extracted: Mapping[int, list[ExtractedQuote]]) -> int:
    """Store the suggestions an import's workers ``extracted`` (id -> quotes) for the articles it
    has just created (id -> body); returns the count. Call it inside the transaction that created
    the articles, so each is saved with its quotes."""
    return _store(extracted, articles)


def _store(extracted: Mapping[int, list[ExtractedQuote]], bodies: Mapping[int, str]) -> int:
    """Write ``extracted`` (article id -> quotes) as suggestions, speakers resolved to actors."""
    speaker_ids = _speaker_ids(q for quotes in extracted.values() for q in quotes)
    rows = [row for article_id, quotes in extracted.items() for row in _rows(article_id, quotes, speaker_ids)]
    insert_many(Quote, rows, bodies=bodies)
    return len(rows)


def quotes_refresh(*, article: Article) -> RefreshResult:
    """Re-run extraction on ``article.body``: replace untouched suggestions, keep editors' work."""
    return quotes_refresh_many([article.pk], workers=1)


def quotes_refresh_many(
    article_ids: Iterable[int],
    *,
    workers: int | None = None,
    progress: Callable[[RefreshResult], None] | None = None,
) -> RefreshResult:
    """``quotes_refresh`` for many articles: the bodies are extracted in worker processes while
    this process writes, one transaction per batch of articles. An article whose body changed
    after it was read is extracted again under the lock; one the extractor fails on keeps its
    quotes as they were. ``progress`` gets the running totals after each batch."""
    ids = list(article_ids)
    workers = settings.NEWSROOM_IMPORT_WORKERS if workers is None else workers
    if len(ids) < PARALLEL_MIN:
        workers = 1
    if len(ids) >= ANALYZE_MIN and connection.vendor == "postgresql":
        # Right after a large import the planner's statistics still describe the table before it,
        # and it scans every quote for each batch's look-ups (measured: 48 s instead of 14 s for
        # 23,000 articles). Autovacuum would catch up within a minute or so; this is 0.4 s.
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {Quote._meta.db_table}")
    bodies = (
        list(Article.objects.filter(pk__in=part).values_list("pk", "body")) for part in batched(ids, REFRESH_BATCH)
    )
    total = RefreshResult()
    for done in map_in_processes(extract_bodies, bodies, workers=workers, window=REFRESH_IN_FLIGHT):
        try:
            total += _refresh_batch(done)
        except IntegrityError:
            # An editor linked one of these suggestions into a disagreement while it was being
            # replaced (PostgreSQL refuses the delete at commit): the batch was rolled back whole;
            # once more, now seeing the link and keeping that suggestion.
            total += _refresh_batch(done)
        if progress is not None:
            progress(total)
    return total


def _refresh_batch(done: list[tuple[int, str, list[ExtractedQuote] | None]]) -> RefreshResult:
    with fts_bulk_load([QUOTE_FTS]):  # a transaction (on SQLite, the new rows indexed at its end)
        # Lock the articles: a refresh, an annotation or a text correction of one of them waits.
        locked = Article.objects.select_for_update().filter(pk__in=[article_id for article_id, _, _ in done])
        current = dict(locked.values_list("pk", "body"))
        extracted, failed = {}, 0
        for article_id, digest, quotes in done:
            body = current.get(article_id)
            if body is None:
                continue  # deleted meanwhile
            if body_hash(body) != digest:  # corrected since it was read: extract what it says now
                _, _, quotes = extract_bodies([(article_id, body)])[0]
            if quotes is None:
                failed += 1
                continue
            extracted[article_id] = quotes
        # (no ordering: Quote's default one joins every row to its article only to sort it)
        quotes_here = Quote.objects.filter(article_id__in=extracted).order_by()
        stale = list(quotes_here.untouched().values_list("pk", flat=True))
        kept_spans: dict[int, list[tuple[int, int]]] = {}
        kept_rows = quotes_here.exclude(pk__in=stale)
        for article_id, start, end in kept_rows.values_list("article_id", "start", "end"):
            kept_spans.setdefault(article_id, []).append((start, end))
        replaced = delete_ids(Quote, stale)
        fresh = {
            article_id: [q for q in quotes if not _overlaps(q, kept_spans.get(article_id, ()))]
            for article_id, quotes in extracted.items()
        }
        created = _store(fresh, current)
    return RefreshResult(
        created=created,
        replaced=replaced,
        kept=sum(map(len, kept_spans.values())),
        skipped=sum(len(extracted[a]) - len(fresh[a]) for a in extracted),
        articles=len(extracted),
        failed=failed,
    )


def _overlaps(quote: ExtractedQuote, spans: Iterable[tuple[int, int]]) -> bool:
    return any(start < quote.end and quote.start < end for start, end in spans)
