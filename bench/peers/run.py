"""Peer import comparison: the BBC corpus ten times over (22,250 files) imported by Newsroom
(``manage.py import_articles``), Label Studio 1.23.2 and doccano 1.8.4, alternating on the same files.

    .venv/bin/python bench/peers/run.py [--rounds 3] [--only ours,labelstudio,doccano] [--home .peers]

Optional (``make bench-peers``, not part of ``make bench`` or ``make test``): the first run creates a
virtualenv per peer under --home and installs the pinned versions from PyPI (about 1.7 GB). Each peer
run gets a fresh data directory (fresh SQLite database) and its own server on a free port, started
before and stopped after the run; nothing else runs during a timed run. What each timer covers:
bench/peers/README.md. Prints a Markdown table. Standard library only (the peers' venvs have their own).
"""

import argparse
import shutil
import signal
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

# Standard library only at import time, like this script (they load Django only in setup()).
from bench.bench_import import make_tenfold
from bench.common import CORPUS, ROOT, need_corpus, print_table
from bench.peers.procs import Failed
from bench.peers.systems import FILES, NAMES, SYSTEMS, ours_import, run_doccano, run_labelstudio, run_ours
from bench.peers.venvs import PEERS, default_python, ensure_venv


def fmt(seconds) -> str:
    return "–" if seconds is None else f"{seconds:.2f}"


def table(results: list[tuple[int, str, dict]], systems: list[str]) -> list[tuple]:
    rows = [(n, NAMES[system], fmt(r["wall"]), fmt(r["prep"]), r["cpu_note"], r["note"]) for n, system, r in results]
    medians = {}
    for system in systems:
        runs = [r for _, s, r in results if s == system]
        if runs:
            medians[system] = {key: statistics.median(r[key] for r in runs) for key in ("wall", "cpu")}
            prep = [r["prep"] for r in runs if r["prep"] is not None]
            medians[system]["prep"] = statistics.median(prep) if prep else None
            rows.append(
                (
                    "median",
                    f"**{NAMES[system]}**",
                    f"**{medians[system]['wall']:.2f}**",
                    fmt(medians[system]["prep"]),
                    f"{medians[system]['cpu']:.1f}",
                    f"{len(runs)} run{'s' if len(runs) > 1 else ''}",
                )
            )
    if "ours" in medians:
        ours = medians["ours"]
        for peer in ("labelstudio", "doccano"):
            if peer in medians:
                theirs = medians[peer]
                rows.append(
                    (
                        "ratio",
                        f"ours / {NAMES[peer]}",
                        f"{ours['wall'] / theirs['wall']:.2f}×",
                        "",
                        f"{ours['cpu'] / theirs['cpu']:.2f}×",
                        f"wall with their prep: {ours['wall'] / (theirs['wall'] + theirs['prep']):.2f}×",
                    )
                )
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3, help="rounds of (ours, Label Studio, doccano); default 3")
    parser.add_argument("--only", default=",".join(SYSTEMS), help="comma-separated subset of " + ",".join(SYSTEMS))
    parser.add_argument("--home", type=Path, default=ROOT / ".peers", help="where the peers' venvs live (.peers/)")
    parser.add_argument("--python", default=default_python(), help="Python for new peer venvs (tested: 3.11.7)")
    parser.add_argument("--settle", type=float, default=15, help="seconds a started peer idles before its run")
    parser.add_argument("--ours-import", metavar="FOLDER", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.ours_import:
        ours_import(args.ours_import)
        return 0
    systems = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = set(systems) - set(SYSTEMS)
    if unknown or not systems:
        parser.error(f"--only: choose among {', '.join(SYSTEMS)}")
    systems = [name for name in SYSTEMS if name in systems]

    if not need_corpus():
        return 0

    def interrupted(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, interrupted)  # so that the finally clauses stop the servers
    venvs = {peer: ensure_venv(args.home.resolve(), peer, args.python) for peer in systems if peer in PEERS}
    scratch = Path(tempfile.mkdtemp(prefix="newsroom-peers-"))
    results = []
    try:
        folder = scratch / "tenfold"
        files = make_tenfold(folder)
        if files != FILES:
            raise Failed(f"{CORPUS}: {files} files ten times over, expected {FILES}")
        for n in range(1, args.rounds + 1):
            for system in systems:
                run_dir = scratch / f"run{n}-{system}"
                run_dir.mkdir()
                print(f"round {n}: {NAMES[system]} ...", end=" ", flush=True)
                if system == "ours":
                    result = run_ours(folder, run_dir)
                elif system == "labelstudio":
                    result = run_labelstudio(venvs[system], folder, run_dir, args.settle)
                else:
                    result = run_doccano(venvs[system], folder, run_dir, args.settle)
                print(f"{result['wall']:.2f} s", flush=True)
                results.append((n, system, result))
                shutil.rmtree(run_dir, ignore_errors=True)
    except Failed as error:
        failure = error
    else:
        failure = None
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    if results:
        header = ("run", "system", "wall s", "prep s", "CPU s", "checked / note")
        title = f"Import of {FILES:,} files (BBC ×10): Newsroom and peers"
        print_table(title, table(results, systems), header, engine="SQLite")
    if failure:
        print(f"\nFAILED: {failure}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("\ninterrupted (servers stopped, scratch removed)", file=sys.stderr)
        sys.exit(130)
