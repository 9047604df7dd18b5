"""Benchmark: every BBC body through extract_quotes on one core (figures, not pass/fail).

python bench/bench_quotes.py [--corpus ../shared/corpus/bbc] [--repeat 5]
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from quote_labels_to_json import bbc_body  # noqa: E402

from articles.quotes import extract_quotes  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared/corpus/bbc")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if os.environ.get("BENCH_ENGINE", "sqlite") != "sqlite":
        print("Extraction uses no database: figures are in the SQLite run.")
        return
    if not args.corpus.is_dir():
        print(f"BBC corpus not found at {args.corpus}; nothing to measure.")
        return
    bodies = [bbc_body(path) for path in sorted(args.corpus.glob("*/*.txt"))]
    size_mb = sum(len(body.encode("utf-8")) for body in bodies) / 1e6
    times, cpu_times, found = [], [], 0
    for _ in range(args.repeat):
        start, cpu = time.perf_counter(), time.process_time()
        found = sum(len(extract_quotes(body)) for body in bodies)
        times.append(time.perf_counter() - start)
        cpu_times.append(time.process_time() - cpu)
    best, median = min(times), statistics.median(times)
    print(f"{'benchmark':28} {'articles':>8} {'MB':>6} {'best s':>7} {'median s':>8} {'articles/s':>10} {'MB/s':>6}")
    print(
        f"{'extract_quotes (BBC)':28} {len(bodies):8} {size_mb:6.2f} {best:7.3f} {median:8.3f} "
        f"{len(bodies) / best:10.0f} {size_mb / best:6.2f}"
    )
    print(f"CPU time (this process only, steadier on a busy machine): best {min(cpu_times):.3f} s")
    print(f"quotes, indirect speech and designations found: {found}")


if __name__ == "__main__":
    main()
