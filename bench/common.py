"""Helpers shared by the benchmark scripts (bench/bench_*.py), which bench/run.py starts one by one,
each in its own process against a fresh database of the engine it is given (DATABASE_URL)."""

import os
import resource
import statistics
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("NEWSROOM_CORPUS", ROOT.parent / "shared" / "corpus" / "bbc"))


def setup(migrate: bool = True) -> str:
    """Start Django on the database in DATABASE_URL, migrated; return the engine's vendor name."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "benchmarks-only-" + "x" * 40)
    os.environ.setdefault("STATIC_MANIFEST", "0")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if migrate:
        call_command("migrate", verbosity=0)
    return connection.vendor


def engine_label() -> str:
    from django.db import connection

    return "PostgreSQL" if connection.vendor == "postgresql" else "SQLite"


@contextmanager
def timed():
    """``with timed() as t: ...`` then ``t()`` gives the seconds the block took."""
    start = time.perf_counter()
    end = None

    def elapsed():
        return (end if end is not None else time.perf_counter()) - start

    try:
        yield elapsed
    finally:
        end = time.perf_counter()


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def print_table(
    title: str, rows: list[tuple], header: tuple = ("measure", "value", "note"), engine: str | None = None
) -> None:
    """A Markdown table, so the output can be pasted into an issue note as is (engine: the label in
    the title, by default the engine Django is set up on)."""
    print(f"\n### {title} ({engine or engine_label()})\n")
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join(" --- " for _ in header) + "|")
    for row in rows:
        print("| " + " | ".join(str(cell) for cell in row) + " |")
    sys.stdout.flush()


def need_corpus() -> bool:
    if CORPUS.is_dir():
        return True
    print(f"(skipped: no corpus at {CORPUS})")
    return False
