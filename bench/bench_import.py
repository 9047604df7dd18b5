"""Import benchmark: the BBC corpus (2,225 files) and the corpus ten times over (22,250 files),
through ``manage.py import_articles`` (decoding, cleaning, parsing, duplicate checks, quote
extraction, saving). Baseline: the database's own bulk load of the same rows into a scratch table
(PostgreSQL: COPY; SQLite: one executemany), measured in the same run.

Peers, without cleaning or quote extraction: the issue gives Label Studio 1.23.2 9.9 s and doccano
1.8.4 11.5 s for 22,250 BBC documents; measured on a machine of this kind on 2026-11-25 with
``make bench-peers`` they took 3.6–4.2 s and 4.1–5.2 s (README, "Importing articles"). Target: under 5 s.
"""

import io
import resource
import shutil
import tempfile
from pathlib import Path

from bench.common import CORPUS, need_corpus, peak_rss_mb, print_table, setup, timed

COPIES = 10


def make_tenfold(folder: Path) -> int:
    """The corpus ten times over, each copy with distinct titles and a distinct last line
    (so that every file is a new article, not a duplicate)."""
    count = 0
    for copy in range(COPIES):
        for path in sorted(CORPUS.rglob("*.txt")):
            raw = path.read_bytes()
            title, _, rest = raw.partition(b"\n")
            target = folder / f"copy{copy}" / path.parent.name / path.name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(
                title + f" (copy {copy})".encode() + b"\n" + rest.rstrip() + f"\n\nCopy {copy}.\n".encode()
            )
            count += 1
    return count


def import_command(path: Path) -> tuple[float, str, tuple[float, float]]:
    cpu_before = _cpu()
    seconds, summary = _command("import_articles", str(path), "--show", "none")
    cpu = tuple(after - before for after, before in zip(_cpu(), cpu_before, strict=True))
    return seconds, summary, cpu


def reextract_command() -> tuple[float, str]:
    """``manage.py extract_quotes --all``: every stored article's suggestions replaced."""
    return _command("extract_quotes", "--all", verbosity=0)


def _command(name: str, *args, **options) -> tuple[float, str]:
    """Run a management command: the seconds it took and the last line it wrote out."""
    from django.core.management import call_command

    out = io.StringIO()
    with timed() as elapsed:
        call_command(name, *args, stdout=out, stderr=io.StringIO(), **options)
    return elapsed(), out.getvalue().strip().splitlines()[-1]


def _cpu() -> tuple[float, float]:
    """CPU seconds of this process and of its finished children (the import's worker processes)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def cpu_row(cpu: tuple[float, float]) -> tuple[str, str, str]:
    own, workers = cpu
    return ("  CPU: this process / worker processes", f"{own:.1f} s / {workers:.1f} s", "database server not counted")


def baseline_rows():
    from articles.models import Article

    return list(Article.objects.values_list("title", "published_on", "url", "body", "raw_text", "content_hash"))


def bulk_load_baseline(rows) -> float:
    """The database's own fastest load of the same rows into an unindexed scratch table."""
    from django.db import connection

    columns = "title text, published_on date, url text, body text, raw_text text, content_hash text"
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_scratch")
        cursor.execute(f"CREATE TABLE bench_scratch ({columns})")
        with timed() as elapsed:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy("COPY bench_scratch FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                cursor.executemany("INSERT INTO bench_scratch VALUES (%s, %s, %s, %s, %s, %s)", rows)
            connection.commit() if not connection.in_atomic_block else None
        seconds = elapsed()
        cursor.execute("DROP TABLE bench_scratch")
    return seconds


def main():
    vendor = setup()
    if not need_corpus():
        return
    from articles.models import Article, Quote

    results = []
    seconds, summary, _ = import_command(CORPUS)
    articles = Article.objects.count()
    quotes = Quote.objects.count()
    base = bulk_load_baseline(baseline_rows())
    results += [
        ("2,225 BBC files: import_articles", f"{seconds:.2f} s", summary),
        ("  articles created / quotes stored", f"{articles:,} / {quotes:,}", ""),
        ("  files per second", f"{2225 / seconds:,.0f}", ""),
        (
            "  baseline: " + ("COPY" if vendor == "postgresql" else "executemany") + " of the same rows",
            f"{base:.3f} s",
            f"import takes {seconds / base:.1f}× the bare bulk load",
        ),
        ("  peak memory (RSS, process)", f"{peak_rss_mb():,.0f} MB", ""),
    ]
    seconds_again, summary_again, _ = import_command(CORPUS)
    results.append(("same 2,225 again (all duplicates)", f"{seconds_again:.2f} s", summary_again))

    Article.objects.all().delete()
    folder = Path(tempfile.mkdtemp(prefix="newsroom-tenfold-"))
    try:
        files = make_tenfold(folder)
        seconds, summary, cpu = import_command(folder)
        refresh_seconds, refresh_summary = reextract_command()
        results += [
            (f"{files:,} files (BBC ×{COPIES}): import_articles", f"{seconds:.2f} s", summary),
            (
                "  files per second",
                f"{files / seconds:,.0f}",
                "peers here (make bench-peers): Label Studio 3.6–4.2 s, doccano 4.1–5.2 s",
            ),
            cpu_row(cpu),
            ("  peak memory (RSS, process)", f"{peak_rss_mb():,.0f} MB", ""),
            ("then extract_quotes --all (every article again)", f"{refresh_seconds:.2f} s", refresh_summary),
        ]
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print_table("Import", results)


if __name__ == "__main__":
    main()
