"""Bulk data for benchmarks: articles from the BBC texts (or synthetic text) and annotations on them.

Writes with bulk_create in large batches; not the import path (bench_import measures that).
Call after bench.common.setup().
"""

import random
from itertools import islice

from articles.sources import items_from_file
from bench.common import CORPUS

WORDS = (
    "government minister said would plan market people year percent company report public service "
    "election party police court health school money bank growth rate price deal talks security "
    "council budget energy trade union labour foreign policy crisis vote campaign leader opposition"
).split()


def corpus_bodies() -> list[tuple[str, str]]:
    """(title, body) of every BBC file, or synthetic ones when the corpus is absent."""
    if not CORPUS.is_dir():
        print(f"(no corpus at {CORPUS}: synthetic text instead; set NEWSROOM_CORPUS to the BBC folder)")
        rng = random.Random(7)
        return [
            (f"Synthetic story {n}", "\n\n".join(" ".join(rng.choices(WORDS, k=60)) + "." for _ in range(8)))
            for n in range(2225)
        ]
    texts = []
    for path in sorted(CORPUS.rglob("*.txt")):
        parsed = next(items_from_file(path.name, path.read_bytes())).parsed  # as an import reads it
        texts.append((parsed.title, parsed.body))
    return texts


def make_articles(count: int, *, start: int = 0, batch_size: int = 2000) -> list[int]:
    """Create ``count`` articles (the corpus repeated, each copy made distinct), numbered from
    ``start`` (call again with ``start`` = the number made so far to grow a database); return
    the ids of all articles."""
    from articles.models import Article, Outlet, body_hash

    outlet, _ = Outlet.objects.get_or_create(name="BBC News", defaults={"domain": "bbc.co.uk"})
    sources = corpus_bodies()

    def generate():
        for n in range(start, start + count):
            title, body = sources[n % len(sources)]
            copy = n // len(sources)
            body = f"{body}\n\n(Copy {copy}, item {n}.)"
            yield Article(
                title=f"{title} ({copy})" if copy else title,
                published_on=f"{2004 + n % 3}-{1 + n % 12:02d}-{1 + n % 28:02d}",
                url=f"https://bench.example/{n}",
                outlet=outlet,
                body=body,
                raw_text=body,
                content_hash=body_hash(body),
            )

    rows = generate()
    while batch := list(islice(rows, batch_size)):
        Article.objects.bulk_create(batch)
    return list(Article.objects.order_by("id").values_list("id", flat=True))


def make_annotations(count: int, *, article_ids: list[int] | None = None, batch_size: int = 5000) -> None:
    """Create ``count`` annotations on random word spans, spread over the articles, tags and authors."""
    from django.contrib.auth import get_user_model

    from annotations.models import Annotation, Tag, Verdict
    from articles.models import Actor, Article
    from articles.spans import context_of

    users = [get_user_model().objects.get_or_create(username=f"bench{n}")[0] for n in range(5)]
    actors = [Actor.objects.get_or_create(name=name)[0] for name in ("United States", "Russia", "BBC", "Labour")]
    tags = list(Tag.objects.all())
    ids = article_ids or list(Article.objects.values_list("id", flat=True))
    share, extra = divmod(count, len(ids))
    quota = {article_id: share + (index < extra) for index, article_id in enumerate(ids)}
    rng = random.Random(13)
    made = 0
    for start in range(0, len(ids), 200):
        bodies = dict(Article.objects.filter(id__in=ids[start : start + 200]).values_list("id", "body"))
        batch = []
        for article_id, body in bodies.items():
            words = [(m, m + len(w)) for m, w in _word_offsets(body)]
            for _ in range(quota[article_id]):
                first = rng.randrange(len(words))
                begin, end = words[first][0], words[min(len(words) - 1, first + rng.randrange(1, 6))][1]
                prefix, suffix = context_of(body, begin, end)
                tag = rng.choice(tags)
                batch.append(
                    Annotation(
                        article_id=article_id,
                        start=begin,
                        end=end,
                        exact=body[begin:end],
                        prefix=prefix,
                        suffix=suffix,
                        tag=tag,
                        actor=rng.choice(actors),
                        verdict=rng.choice(Verdict.values) if tag.has_verdict else "",
                        note=rng.choice(["", "check the figure", "disputed by the ministry"]),
                        author=rng.choice(users),
                    )
                )
                made += 1
            if len(batch) >= batch_size:
                Annotation.objects.bulk_create(batch)
                batch = []
        if batch:
            Annotation.objects.bulk_create(batch)


def _word_offsets(body: str):
    position = 0
    for word in body.split(" "):
        if word.strip():
            yield position, word
        position += len(word) + 1
