"""Annotation CSV export, through the web view (the test client: the whole Django stack, no network).

Both engines: 20,000 annotations over 2,225 articles (1% of them cited by a disagreement), server
time from request to last byte. Then SQLite at 200,000 annotations (rows/s) and PostgreSQL at
1,000,000: time to first byte and to the first row, rows/s, peak memory growth while streaming,
and PostgreSQL's own ``COPY (SELECT the same columns) TO STDOUT WITH CSV`` in the same run. On
PostgreSQL the export is itself a COPY, so most of its work is the server's: the CPU time of the
backend (read from /proc when the server runs on this machine) is shown beside this process's.

    .venv/bin/python bench/run.py --only export [--engines sqlite|postgres]
    BENCH_EXPORT_LARGE=100000 ...   # a smaller second size, for a quick look
"""

import gc
import os
import time

from bench.common import median, print_table, setup, timed

SMALL = 20_000
LARGE = {"sqlite": 200_000, "postgresql": 1_000_000}
ARTICLES = 2_225
DISPUTED_SHARE = 100  # one annotation in this many is cited by a position
RUNS = 3


def server_cpu() -> float | None:
    """CPU seconds the PostgreSQL backend of this connection has used so far, when it runs on this
    machine (its /proc entry readable); None otherwise, and on SQLite (whose work is ours)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    connection.ensure_connection()
    try:
        with open(f"/proc/{connection.connection.info.backend_pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def _spent(started: float | None) -> float | None:
    now = server_cpu()
    return None if started is None or now is None else now - started


def current_rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1024 / 1024


def add_disputes() -> int:
    """Cite every DISPUTED_SHARE-th annotation in a position: two positions per disagreement."""
    from annotations.models import Annotation, Disagreement, Position
    from articles.models import Actor

    done = set(Position.annotations.through.objects.values_list("annotation_id", flat=True))
    ids = [pk for pk in Annotation.objects.values_list("id", flat=True) if pk % DISPUTED_SHARE == 0 and pk not in done]
    actors = list(Actor.objects.order_by("id")[:2])
    author = Annotation.objects.values_list("author_id", flat=True).first()
    pairs = [ids[n : n + 2] for n in range(0, len(ids), 2)]
    disagreements = Disagreement.objects.bulk_create(
        Disagreement(subject=f"Dispute over item {pair[0]}", created_by_id=author) for pair in pairs
    )
    positions, links = [], []
    for disagreement, pair in zip(disagreements, pairs, strict=True):
        for actor, annotation_id in zip(actors, pair, strict=False):
            positions.append(Position(disagreement=disagreement, actor=actor, stance=f"{actor.name} says so"))
            links.append(annotation_id)
    positions = Position.objects.bulk_create(positions)
    through = Position.annotations.through
    through.objects.bulk_create(
        through(position_id=position.pk, annotation_id=annotation_id)
        for position, annotation_id in zip(positions, links, strict=True)
    )
    return len(ids)


def analyse():
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def client_for_reader():
    from django.contrib.auth import get_user_model
    from django.test import Client

    reader, _ = get_user_model().objects.get_or_create(username="bench-reader")
    client = Client()
    client.force_login(reader)
    return client


def export_once(client) -> dict:
    """One CSV export through the view: first byte, first row, total, rows, bytes, memory growth."""
    from django.urls import reverse

    gc.collect()
    base_rss = current_rss_mb()
    peak_rss = base_rss
    first_byte = first_row = None
    size = 0
    server_started = server_cpu()
    cpu_started = time.process_time()
    started = time.perf_counter()
    response = client.get(reverse("annotations:export"), {"format": "csv"})
    for chunk in response.streaming_content:  # one chunk of rows each; the resident size is read after each
        now = time.perf_counter()
        if first_byte is None:
            first_byte = now - started
        elif first_row is None:
            first_row = now - started
        size += len(chunk)
        peak_rss = max(peak_rss, current_rss_mb())
    total = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    server = _spent(server_started)
    peak_rss = max(peak_rss, current_rss_mb())
    from annotations.models import ExportLog

    rows = ExportLog.objects.latest("id").rows
    return {
        "first_byte": first_byte,
        "first_row": first_row,
        "total": total,
        "cpu": cpu,
        "server_cpu": server,
        "rows": rows,
        "mb": size / 1e6,
        "growth_mb": peak_rss - base_rss,
    }


def copy_csv(with_positions: bool) -> dict:
    """PostgreSQL's COPY ... TO STDOUT WITH CSV of the same SELECT as the export: seconds, MB, and
    the CPU seconds of this process and of the server."""
    from django.db import connection

    from annotations.exporting import _ANNOTATION_QUERY
    from annotations.models import Annotation

    sql, params = Annotation.objects.order_by("id").values_list(*_ANNOTATION_QUERY).query.sql_with_params()
    if with_positions:
        sql = _with_position_columns(sql)
    size = 0
    statement = f"COPY ({sql}) TO STDOUT WITH CSV HEADER"
    server_started = server_cpu()
    cpu_started = time.process_time()
    with connection.cursor() as cursor, timed() as elapsed, cursor.cursor.copy(statement, params) as copy:
        for data in copy:
            size += len(data)
    cpu = time.process_time() - cpu_started
    return {"total": elapsed(), "mb": size / 1e6, "cpu": cpu, "server_cpu": _spent(server_started)}


def _with_position_columns(sql: str) -> str:
    """The four disagreement columns as correlated string aggregations, put after quote_speaker."""
    link, position, disagreement, actor = (
        "annotations_position_annotations",
        "annotations_position",
        "annotations_disagreement",
        "articles_actor",
    )

    def aggregate(expression: str) -> str:
        return (
            f"(SELECT string_agg({expression}, E'\\n' ORDER BY p.disagreement_id, p.id) FROM {link} l "
            f"JOIN {position} p ON p.id = l.position_id JOIN {disagreement} d ON d.id = p.disagreement_id "
            f"JOIN {actor} a ON a.id = p.actor_id WHERE l.annotation_id = annotations_annotation.id)"
        )

    extra = ", ".join(aggregate(e) for e in ("d.id::text", "d.subject", "a.name", "p.stance"))
    select, _, rest = sql.partition(" FROM ")
    return f"{select}, {extra} FROM {rest}"


def _runs(results: list[dict]) -> str:
    return ", ".join(f"{result['total']:.1f}" for result in results) + " s"


def _cpu_note(vendor: str) -> str:
    load = os.getloadavg()[0]
    where = "SQLite's work included" if vendor == "sqlite" else "the PostgreSQL server's work not included"
    return f"{where}; load average {load:.1f} on {os.cpu_count()} CPUs"


def _median_or_none(values: list) -> float | None:
    return None if None in values else median(values)


def _server_row(seconds: float | None, note: str) -> list[tuple]:
    if seconds is None:
        return []
    return [("CPU time of the PostgreSQL backend", f"{seconds:.2f} s", f"{note}; read from /proc")]


def _against_copy(large: int, results: list[dict], copies: list[dict]) -> list[tuple]:
    """Ours against PostgreSQL's own COPY of the same columns, measured alternately in this run."""
    best, plain = min(results, key=lambda r: r["total"]), min(copies, key=lambda r: r["total"])
    full = min((copy_csv(with_positions=True) for _ in range(2)), key=lambda r: r["total"])
    pairs = ", ".join(f"{copy['total'] / ours['total']:.0%}" for ours, copy in zip(results, copies, strict=True))
    rows = [
        (
            "COPY, the joined columns",
            f"{plain['total']:.2f} s",
            f"{large / plain['total']:,.0f} rows/s, {plain['mb']:.0f} MB; runs: {_runs(copies)}",
        ),
        ("ours / COPY (joined columns)", f"{plain['total'] / best['total']:.0%}", "best against best; target >= 50%"),
        ("the same, run by run", pairs, "each export against the COPY run right after it"),
    ]
    if best["server_cpu"] is not None and plain["server_cpu"] is not None:
        ours_cpu, copy_cpu = best["cpu"] + best["server_cpu"], plain["cpu"] + plain["server_cpu"]
        rows.append(
            (
                "the same by CPU time (this process + backend)",
                f"{copy_cpu / ours_cpu:.0%}",
                f"COPY {plain['cpu']:.2f} + {plain['server_cpu']:.2f} s, "
                f"ours {best['cpu']:.2f} + {best['server_cpu']:.2f} s",
            )
        )
    rows += [
        (
            "COPY, + the 4 position columns",
            f"{full['total']:.2f} s",
            f"{large / full['total']:,.0f} rows/s (correlated string_agg)",
        ),
        ("ours / COPY (all 24 columns)", f"{full['total'] / best['total']:.0%}", ""),
    ]
    return rows


def run_size(client, count: int, runs: int) -> list[dict]:
    results = [export_once(client) for _ in range(runs)]
    assert all(result["rows"] == count for result in results), [result["rows"] for result in results]
    return results


def main():
    # The test client talks to the app as "testserver", over plain HTTP.
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
    vendor = setup()
    from annotations.models import Annotation
    from bench.datagen import make_annotations, make_articles

    with timed() as made:
        article_ids = make_articles(ARTICLES)
        make_annotations(SMALL, article_ids=article_ids)
        disputed = add_disputes()
        analyse()
    client = client_for_reader()
    small = run_size(client, SMALL, RUNS)
    table = [
        ("data", f"{SMALL:,} annotations over {len(article_ids):,} articles", f"{disputed:,} cited by a position"),
        ("server time, median of 3", f"{median([r['total'] for r in small]):.3f} s", "target < 0.5 s"),
        ("CPU time of this process, median", f"{median([r['cpu'] for r in small]):.3f} s", _cpu_note(vendor)),
        *_server_row(_median_or_none([r["server_cpu"] for r in small]), "median"),
        ("rows/s", f"{SMALL / median([r['total'] for r in small]):,.0f}", f"{small[0]['mb']:.1f} MB of CSV"),
        ("time to first byte", f"{median([r['first_byte'] for r in small]) * 1000:.1f} ms", "the header"),
        ("time to first row", f"{median([r['first_row'] for r in small]) * 1000:.1f} ms", ""),
    ]
    print_table(f"Annotation CSV export, {SMALL:,} annotations (setup {made():.0f} s)", table)

    large = int(os.environ.get("BENCH_EXPORT_LARGE", LARGE[vendor]))
    with timed() as made:
        make_annotations(large - Annotation.objects.count(), article_ids=article_ids)
        disputed = add_disputes() + disputed
        analyse()
    # The machine may be busy with other work: alternate ours and COPY, and keep the best of each.
    results, copies = [], []
    for _ in range(RUNS if vendor == "postgresql" else 2):
        results += run_size(client, large, 1)
        if vendor == "postgresql":
            copies.append(copy_csv(with_positions=False))
    best = min(results, key=lambda r: r["total"])
    table = [
        ("data", f"{large:,} annotations", f"{disputed:,} cited by a position; setup {made():.0f} s"),
        ("total time, best of runs", f"{best['total']:.2f} s", f"{best['mb']:.0f} MB of CSV; runs: {_runs(results)}"),
        ("CPU time of this process", f"{best['cpu']:.2f} s", _cpu_note(vendor)),
        *_server_row(best["server_cpu"], "the same run"),
        ("rows/s", f"{large / best['total']:,.0f}", ""),
        ("time to first byte", f"{best['first_byte'] * 1000:.1f} ms", "target < 1 s"),
        ("time to first row", f"{best['first_row'] * 1000:.1f} ms", ""),
        ("peak memory growth while streaming", f"{max(r['growth_mb'] for r in results):.1f} MB", "target < 100 MB"),
    ]
    if vendor == "postgresql":
        table += _against_copy(large, results, copies)
    print_table(f"Annotation CSV export, {large:,} annotations", table)


if __name__ == "__main__":
    main()
