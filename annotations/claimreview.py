"""schema.org ClaimReview (JSON-LD) for the claims that carry a verdict.

The claim is the annotated text, its author the annotation's actor, its appearance the article;
the review's author is the article's outlet, its rating the verdict on a 1 (false) to 4
(accurate) scale with the verdict's name as ``alternateName``. "Unverified" is not a verdict
a reader can use, so those claims are left out.
"""

import json
from collections.abc import Iterable, Iterator, Sequence

from django.db.models import QuerySet

from annotations.exporting import AnnotationRow, article_page
from annotations.models import Verdict
from articles.models import Actor

RATINGS = {Verdict.FALSE: 1, Verdict.MISLEADING: 2, Verdict.UNSUPPORTED: 3, Verdict.ACCURATE: 4}
BEST, WORST = max(RATINGS.values()), min(RATINGS.values())
PUBLISHER_FALLBACK = "Newsroom"


def reviewable(queryset: QuerySet) -> QuerySet:
    return queryset.filter(verdict__in=list(RATINGS))


def claim_review(row: AnnotationRow, *, base_url: str, actor_kinds: dict[str, str]) -> dict:
    page = article_page(base_url, row.article_id)
    publisher = {"@type": "Organization", "name": row.outlet or PUBLISHER_FALLBACK}
    appearance = {"@type": "NewsArticle", "url": row.article_url or page, "headline": row.article_title}
    if row.published_on:
        appearance["datePublished"] = row.published_on
    if row.outlet:
        appearance["publisher"] = publisher
    claim = {"@type": "Claim", "appearance": appearance}
    if row.actor:
        kind = "Person" if actor_kinds.get(row.actor) == Actor.Kind.PERSON else "Organization"
        claim["author"] = {"@type": kind, "name": row.actor}
    review = {
        "@type": "ClaimReview",
        "url": f"{page}#annotation-{row.id}",
        "claimReviewed": row.exact,
        "itemReviewed": claim,
        "author": publisher,
        "datePublished": row.updated[:10],
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": RATINGS[row.verdict],
            "bestRating": BEST,
            "worstRating": WORST,
            "alternateName": Verdict(row.verdict).label,
        },
    }
    if row.note:
        review["reviewBody"] = row.note
    return review


def graph_stream(chunks: Iterable[Sequence[tuple]], *, base_url: str) -> Iterator[str]:
    yield '{"@context": "https://schema.org", "@graph": [\n'
    first = True
    for chunk in chunks:
        rows = [AnnotationRow._make(row) for row in chunk]
        # Person or Organization depends on the actor's kind: one query per chunk.
        names = {row.actor for row in rows if row.actor}
        kinds = dict(Actor.objects.filter(name__in=names).values_list("name", "kind"))
        reviews = (claim_review(row, base_url=base_url, actor_kinds=kinds) for row in rows)
        yield ("" if first else ",\n") + ",\n".join(json.dumps(review, ensure_ascii=False) for review in reviews)
        first = False
    yield "\n]}\n"
