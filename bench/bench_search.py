"""Search and list pages: server time through the Django test client (middleware, session, user,
queries, template rendering; no network), on the database in DATABASE_URL, DEBUG off, persistent
database connections (CONN_MAX_AGE=600 unless set).

    bench/run.py --only search [--engines sqlite,postgres]

Phase 1: 20,000 articles: article search. Phase 2: 22,250 articles (the BBC corpus ten times) and
10 annotations each: one-word search, first list pages, annotation list. Phase 3 (PostgreSQL; set
BENCH_SEARCH_LARGE=sqlite,postgresql for both): 100,000 articles and 1,000,000 annotations:
article search, annotation list with filters. Each request runs once to warm up, then REPEAT
times; figures are milliseconds. Figures, not pass/fail: the targets are printed beside them.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
# Persistent connections, as a production setting would have them (the default, 0, reconnects on
# every request: with SQLite that also empties the page cache each time). Set CONN_MAX_AGE=0 to compare.
os.environ.setdefault("CONN_MAX_AGE", "600")

from bench.common import median, percentile, print_table, setup, timed

REPEAT = int(os.environ.get("BENCH_REPEAT", "7"))
# One-word searches from rare to common in the BBC texts ("said" is in most articles: the worst case).
WORDS = [
    "broadband",
    "oscar",
    "deficit",
    "injury",
    "album",
    "chelsea",
    "software",
    "economy",
    "court",
    "police",
    "music",
    "election",
    "film",
    "government",
    "people",
    "said",
]


def client():
    from django.contrib.auth import get_user_model
    from django.test import Client

    user, _ = get_user_model().objects.get_or_create(username="bench-reader")
    browser = Client()
    browser.force_login(user)
    return browser


def measure(browser, path: str, params: dict, *, repeat: int = REPEAT) -> list[float]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:  # warm-up, and the SQL share of one run
        response = browser.get(path, params, secure=True)  # DEBUG=0 redirects plain http
    assert response.status_code == 200, (path, params, response.status_code)
    # Read now: captured_queries slices the connection's log, which the next request clears.
    sql_ms = sum(float(query["time"]) for query in queries.captured_queries) * 1000
    times, cpu = [], []
    for _ in range(repeat):
        started = time.process_time()
        with timed() as elapsed:
            response = browser.get(path, params, secure=True)
        cpu.append((time.process_time() - started) * 1000)
        assert response.status_code == 200
        times.append(elapsed() * 1000)
    samples = Samples(times)
    samples.sql_ms = [sql_ms]
    samples.cpu_ms = cpu
    return samples


class Samples(list):
    """Request times in ms; ``sql_ms``: the SQL time of the warm-up run of each request measured;
    ``cpu_ms``: this process's CPU time of each request (on a loaded machine the wall time also
    counts waiting for a core; on PostgreSQL the server's own CPU is not in it)."""

    def __init__(self, times=()):
        super().__init__(times)
        self.sql_ms: list[float] = []
        self.cpu_ms: list[float] = []

    def __iadd__(self, other):
        self.extend(other)
        self.sql_ms += getattr(other, "sql_ms", [])
        self.cpu_ms += getattr(other, "cpu_ms", [])
        return self


def summary(label: str, samples: list[float], target: str = "") -> tuple:
    sql = median(samples.sql_ms) if getattr(samples, "sql_ms", None) else float("nan")
    cpu = getattr(samples, "cpu_ms", None) or [float("nan")]
    return (
        label,
        f"{median(samples):.1f}",
        f"{percentile(samples, 95):.1f}",
        f"{max(samples):.1f}",
        f"{median(cpu):.1f}",
        f"{percentile(cpu, 95):.1f}",
        f"{sql:.1f}",
        target,
    )


def word_searches(browser, path: str, words=WORDS, extra=None) -> tuple[list[float], dict[str, float]]:
    samples, per_word = Samples(), {}
    for word in words:
        times = measure(browser, path, {"q": word, **(extra or {})})
        samples += times
        per_word[word] = median(times)
    return samples, per_word


def hits(word: str) -> int:
    from articles.models import Article
    from articles.search import parse_query, search_articles

    return search_articles(Article.objects.all(), parse_query(word)).count()


def analyse():
    """Statistics, and on PostgreSQL the visibility map too (index-only counts), as autovacuum
    would leave them some time after a bulk load."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def main() -> None:
    vendor = setup()
    from django.urls import reverse

    from articles.models import Article
    from bench.datagen import make_annotations, make_articles

    header = ("measure", "median ms", "p95 ms", "max ms", "CPU median ms", "CPU p95 ms", "SQL ms (median)", "target")
    articles_url, annotations_url, search_url = (
        reverse("articles:list"),
        reverse("annotations:annotation_list"),
        reverse("search"),
    )

    browser = client()
    if os.environ.get("BENCH_SEARCH_KEPT"):
        # A database kept from an earlier run (100,000 articles, 1,000,000 annotations), with
        # DATABASE_URL set by hand rather than bench/run.py: measure the large phase only.
        assert Article.objects.count() == 100_000, "BENCH_SEARCH_KEPT needs the 100,000-article database"
        return measure_large(browser, header, articles_url, annotations_url)

    with timed() as took:
        make_articles(20_000)
        analyse()
    print(f"\n(20,000 articles made in {took():.0f} s)")
    samples, _ = word_searches(browser, articles_url)
    print_table(
        "Article search, 20,000 articles",
        [summary(f"one-word search ({len(WORDS)} words x {REPEAT})", samples, "p95 < 50 ms (SQLite)")],
        header,
    )

    with timed() as took:
        ids = make_articles(2_250, start=20_000)
        make_annotations(222_500, article_ids=ids)
        analyse()
    print(f"\n(22,250 articles and 222,500 annotations in {took():.0f} s)")
    samples, per_word = word_searches(browser, articles_url)
    rows = [
        summary("baseline: empty page (/search/ without a query)", measure(browser, search_url, {})),
        summary("one-word search, ranked, page 1 (all words)", samples, "median < 25 ms"),
        summary("one-word search, newest first", word_searches(browser, articles_url, extra={"sort": "newest"})[0]),
        summary("first article list page", measure(browser, articles_url, {}), "< 15 ms"),
        summary("first annotation list page", measure(browser, annotations_url, {})),
        summary("global search (articles + annotations)", word_searches(browser, search_url, WORDS[::3])[0]),
    ]
    print_table("Search and lists, 22,250 articles, 222,500 annotations", rows, header)
    print_table(
        "Median per word, ranked article search, 22,250 articles",
        [(word, f"{ms:.1f}", hits(word)) for word, ms in per_word.items()],
        ("word", "median ms", "articles found"),
    )

    large = os.environ.get("BENCH_SEARCH_LARGE", "postgresql").split(",")
    if vendor not in large:
        print(f"\n(100,000-article phase skipped on {vendor}: set BENCH_SEARCH_LARGE={vendor} to run it)")
        return
    with timed() as took:
        ids = make_articles(77_750, start=22_250)
        make_annotations(777_500, article_ids=ids[22_250:])
        analyse()
    print(f"\n(100,000 articles and 1,000,000 annotations in {took():.0f} s)")
    measure_large(browser, header, articles_url, annotations_url)


def measure_large(browser, header, articles_url, annotations_url) -> None:
    from annotations.models import Tag
    from articles.models import Actor, Article, Outlet

    claim, designation = Tag.objects.get(slug="claim"), Tag.objects.get(slug="designation")
    russia = Actor.objects.get(name="Russia")
    outlet = Outlet.objects.get(name="BBC News")
    article = Article.objects.order_by("id").values_list("id", flat=True)[50_000]
    filters = [
        {"tag": claim.pk, "verdict": "false"},
        {"tag": designation.pk, "actor": russia.pk},
        {"verdict": ["false", "misleading"], "sort": "oldest"},
        {"outlet": outlet.pk, "created_after": "2000-01-01", "tag": claim.pk},
        {"article": article},
        {"q": "government", "tag": claim.pk},
        {"q": "minister -labour"},
        {"q": '"prime minister"', "actor": russia.pk},
        {"actor": russia.pk, "sort": "article"},
    ]
    annotation_samples = Samples()
    for params in filters:
        annotation_samples += measure(browser, annotations_url, params)
    samples, per_word = word_searches(browser, articles_url)
    rows = [
        summary("one-word article search, ranked (all words)", samples, "p95 < 50 ms"),
        summary(f"annotation list with filters ({len(filters)} sets)", annotation_samples, "p95 < 100 ms"),
        summary("first article list page", measure(browser, articles_url, {})),
        summary("first annotation list page", measure(browser, annotations_url, {})),
    ]
    print_table("Search and lists, 100,000 articles, 1,000,000 annotations", rows, header)
    print_table(
        "Median per word, ranked article search, 100,000 articles",
        [(word, f"{ms:.1f}", hits(word)) for word, ms in per_word.items()],
        ("word", "median ms", "articles found"),
    )


if __name__ == "__main__":
    main()
