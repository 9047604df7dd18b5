"""Storing extracted quotes as suggestions, with their speakers as Actor records.

``quotes_refresh`` re-runs extraction on one article; ``quotes_store_for_new`` does the same for
articles an import has just written, inside the import's transaction. Neither ever drops or
duplicates a quote an editor has touched (origin editor, or status other than suggested): only
the extractor's untouched suggestions are replaced, and a new suggestion overlapping a kept
quote is left out.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db import transaction

from articles.bulk import ids_by, insert_many
from articles.models import Actor, ActorAlias, Article, Quote, name_key
from articles.quotes import ExtractedQuote, extract_quotes

ROLE_MAX = Quote._meta.get_field("role").max_length
CUE_MAX = Quote._meta.get_field("cue").max_length
NAME_MAX = Actor._meta.get_field("name").max_length
ACTOR_KINDS = {"person": Actor.Kind.PERSON, "organisation": Actor.Kind.ORGANISATION, "country": Actor.Kind.COUNTRY}


@dataclass(frozen=True, slots=True)
class RefreshResult:
    created: int  # suggestions written
    replaced: int  # old untouched suggestions removed
    kept: int  # quotes editors had touched, left as they were
    skipped: int  # extracted quotes left out because they overlap a kept quote


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


def quotes_store_for_new(
    articles: Mapping[int, str], extracted: Mapping[int, list[ExtractedQuote]] | None = None
) -> int:
    """Store suggestions for freshly created articles (id -> body); returns the count. The import
    passes what its workers already ``extracted`` (id -> quotes); otherwise extraction runs here.

    Call it inside the transaction that created the articles, so each is saved with its quotes.
    """
    if extracted is None:
        extracted = {article_id: extract_quotes(body) for article_id, body in articles.items()}
    speaker_ids = _speaker_ids(q for quotes in extracted.values() for q in quotes)
    rows = [row for article_id, quotes in extracted.items() for row in _rows(article_id, quotes, speaker_ids)]
    insert_many(Quote, rows, bodies=articles)
    return len(rows)


def quotes_refresh(*, article: Article) -> RefreshResult:
    """Re-run extraction on ``article.body``: replace untouched suggestions, keep editors' work."""
    with transaction.atomic():
        # Lock the article so two refreshes of it cannot interleave and double the suggestions.
        article = Article.objects.select_for_update().get(pk=article.pk)
        untouched = article.quotes.filter(origin=Quote.Origin.EXTRACTED, status=Quote.Status.SUGGESTED)
        kept = list(article.quotes.exclude(pk__in=untouched.values("pk")).values_list("start", "end"))
        replaced, _ = untouched.delete()
        extracted = extract_quotes(article.body)
        fresh = [q for q in extracted if not any(start < q.end and q.start < end for start, end in kept)]
        skipped = len(extracted) - len(fresh)
        insert_many(Quote, _rows(article.pk, fresh, _speaker_ids(fresh)), bodies={article.pk: article.body})
    return RefreshResult(created=len(fresh), replaced=replaced, kept=len(kept), skipped=skipped)
