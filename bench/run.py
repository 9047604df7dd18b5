"""Run every benchmark (bench/bench_*.py) on SQLite and on PostgreSQL, each in a fresh database.

    .venv/bin/python bench/run.py [--only NAME] [--engines sqlite,postgres]

Prints Markdown tables of figures (not pass/fail). PostgreSQL is expected on 127.0.0.1:5432 with
trust auth (override with BENCH_PG=postgres://user@host:port); a database is created and dropped
for each benchmark.
"""

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")


def fresh_database(engine: str, name: str):
    if engine == "sqlite":
        folder = tempfile.mkdtemp(prefix="newsroom-bench-")
        return f"sqlite:///{folder}/bench.sqlite3", lambda: subprocess.run(["rm", "-rf", folder], check=False)
    database = f"newsroom_bench_{os.getpid()}_{name}"
    host = PG.split("@")[-1].split(":")[0]
    port = PG.rsplit(":", 1)[-1]
    user = PG.split("//")[1].split("@")[0]
    base = ["-h", host, "-p", port, "-U", user]
    subprocess.run(["dropdb", "--if-exists", *base, database], check=True)
    subprocess.run(["createdb", *base, database], check=True)
    return f"{PG}/{database}", lambda: subprocess.run(["dropdb", "--if-exists", *base, database], check=False)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", default="", help="Run only the benchmarks whose file name contains this.")
    parser.add_argument("--engines", default="sqlite,postgres")
    args = parser.parse_args()
    scripts = sorted(path for path in HERE.glob("bench_*.py") if args.only in path.stem)
    failures = 0
    for script in scripts:
        for engine in args.engines.split(","):
            print(f"\n## {script.stem} on {engine}", flush=True)
            url, drop = fresh_database(engine, script.stem.removeprefix("bench_"))
            try:
                env = {**os.environ, "DATABASE_URL": url, "BENCH_ENGINE": engine, "PYTHONPATH": str(ROOT)}
                result = subprocess.run([sys.executable, str(script)], cwd=ROOT, env=env, check=False)
                failures += result.returncode != 0
            finally:
                drop()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
