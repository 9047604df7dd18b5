"""Benchmark: every BBC body through extract_quotes on one core (figures, not pass/fail).

    python bench/bench_quotes.py [--corpus ../shared/corpus/bbc] [--repeat 5]

Extraction uses no database, so under bench/run.py it measures once (in the SQLite run).
Target (issue 3): the 2,225 BBC articles (5 MB) in under 1 s.
"""

import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from articles.parsing import parse_text_document  # noqa: E402 (pure modules: no Django setup needed)
from articles.quotes import extract_quotes  # noqa: E402
from articles.sources import decode_bytes  # noqa: E402
from bench.common import CORPUS  # noqa: E402


def bbc_body(path: Path) -> str:
    """The body exactly as an import stores it: decoded, parsed and cleaned."""
    return parse_text_document(decode_bytes(path.read_bytes())[0]).body


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if os.environ.get("BENCH_ENGINE", "sqlite") != "sqlite":
        print("Extraction uses no database: its figures are in the SQLite run.")
        return
    if not args.corpus.is_dir():
        print(f"(skipped: no corpus at {args.corpus})")
        return
    bodies = [bbc_body(path) for path in sorted(args.corpus.glob("*/*.txt"))]
    size_mb = sum(len(body.encode("utf-8")) for body in bodies) / 1e6
    walls, cpus, found = _runs(args.repeat, lambda: sum(len(extract_quotes(body)) for body in bodies))
    best = min(walls)
    baseline = _tokenise_baseline(bodies, args.repeat)
    rows = [
        ("articles", f"{len(bodies):,}", f"{size_mb:.2f} MB of bodies"),
        ("time, best of runs", f"{best:.3f} s", f"median {statistics.median(walls):.3f} s over {args.repeat} runs"),
        ("CPU time, best", f"{min(cpus):.3f} s", "this process only: steadier on a busy machine"),
        ("throughput", f"{len(bodies) / best:,.0f} articles/s", f"{size_mb / best:.2f} MB/s"),
        ("target", "< 1 s", "met" if best < 1 else "not met"),
        (
            "baseline: word tokenising",
            f"{baseline:.3f} s",
            f"one regex pass (\\w+) over the same bodies, best of {args.repeat}; extraction = "
            f"{best / baseline:.1f}x it (a ratio that travels between machines better than seconds)",
        ),
        ("spans found", f"{found:,}", "quotes, indirect speech and designations"),
    ]
    print("\n### Quote extraction, BBC corpus, one core (no database)\n")
    print("| measure | value | note |\n| --- | --- | --- |")
    for row in rows:
        print("| " + " | ".join(row) + " |")


def _tokenise_baseline(bodies: list[str], repeat: int) -> float:
    """Best wall time of splitting every body into words with one regex: the least work any text
    analysis does, measured in the same run as the extractor."""
    word = re.compile(r"\w+")

    def tokenise() -> None:
        for body in bodies:
            word.findall(body)

    walls, _, _ = _runs(repeat, tokenise)
    return min(walls)


def _runs(repeat: int, work) -> tuple[list[float], list[float], object]:
    """Run ``work()`` ``repeat`` times: the wall and CPU seconds of each run, and what the last returned."""
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        result = work()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return walls, cpus, result


if __name__ == "__main__":
    main()
