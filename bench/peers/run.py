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
import contextlib
import http.client
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

# Standard library only at import time, like this script (they load Django only in setup()).
from articles.sources import decode_bytes
from bench.bench_import import import_command, make_tenfold
from bench.common import CORPUS, ROOT, need_corpus, print_table, setup, timed

FILES = 22_250
SYSTEMS = ("ours", "labelstudio", "doccano")
NAMES = {"ours": "Newsroom", "labelstudio": "Label Studio 1.23.2", "doccano": "doccano 1.8.4"}
# Each peer's venv: what to install, and the requirements checked before reusing an existing venv
# (dist name, operator, version; "<" compares the leading version numbers).
PEERS = {
    "labelstudio": {
        "install": ["label-studio==1.23.2"],
        "check": [("label-studio", "==", "1.23.2")],
    },
    "doccano": {
        # doccano 1.8.4 pins environs 9.x (which passes marshmallow's `missing=`, gone in marshmallow 4)
        # and pandas 1.5 (built against NumPy 1.x): without these two pins it does not start today.
        "install": ["doccano==1.8.4", "marshmallow<4", "numpy<2"],
        "check": [("doccano", "==", "1.8.4"), ("marshmallow", "<", "4"), ("numpy", "<", "2")],
    },
}
PASSWORD = "benchpass123"
LS_USER, LS_TOKEN = "bench@example.com", "benchtoken0123456789abcdef"
LS_CONFIG = (
    '<View><Text name="text" value="$text"/><Labels name="label" toName="text"><Label value="Quote"/></Labels></View>'
)
OUR_REPORT = re.compile(r"([\d,]+) items, ([\d,]+) created, ([\d,]+) duplicate, ([\d,]+) failed")


class Failed(Exception):
    pass


# --- peers' virtualenvs -------------------------------------------------------------------------

CHECK_SCRIPT = """
import json, sys
from importlib.metadata import version, PackageNotFoundError
def nums(v):
    out = []
    for part in v.split("."):
        digits = "".join(c for c in part if c.isdigit()) if part[:1].isdigit() else ""
        if not digits:
            break
        out.append(int(digits))
    return out
ok = True
for dist, op, want in json.loads(sys.argv[1]):
    try:
        have = version(dist)
    except PackageNotFoundError:
        ok = False
        continue
    ok &= have == want if op == "==" else nums(have) < nums(want)
sys.exit(0 if ok else 1)
"""


def default_python() -> str:
    return shutil.which("python3.11") or "python3"


def ensure_venv(home: Path, peer: str, python: str) -> Path:
    """The peer's venv under home, created and installed with pip when missing or not as pinned."""
    venv = home / peer
    spec = PEERS[peer]
    bin_python = venv / "bin" / "python"
    if bin_python.exists():
        check = subprocess.run([str(bin_python), "-c", CHECK_SCRIPT, json.dumps(spec["check"])], check=False)
        if check.returncode == 0:
            return venv
        print(f"{peer}: {venv} is not as pinned, installing {' '.join(spec['install'])}", flush=True)
    else:
        print(f"{peer}: creating {venv} with {python} and installing {' '.join(spec['install'])}", flush=True)
        home.mkdir(parents=True, exist_ok=True)
        subprocess.run([python, "-m", "venv", str(venv)], check=True)
    log = venv / "install.log"
    with open(log, "w") as out:
        result = subprocess.run(
            [str(bin_python), "-m", "pip", "install", "--upgrade", *spec["install"]],
            stdout=out,
            stderr=subprocess.STDOUT,
            check=False,
        )
    if result.returncode != 0:
        raise Failed(f"{peer}: pip install failed, see {log}")
    return venv


# --- processes ----------------------------------------------------------------------------------


class Servers:
    """Servers started in their own process groups; ``stop()`` ends each group (TERM, then KILL)."""

    def __init__(self):
        self.procs: list[subprocess.Popen] = []

    def start(self, argv: list[str], env: dict, log: Path) -> subprocess.Popen:
        with open(log, "w") as out:
            proc = subprocess.Popen(
                argv, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True
            )
        self.procs.append(proc)
        return proc

    def stop(self):
        for proc in self.procs:
            _signal_group(proc, signal.SIGTERM)
        deadline = time.monotonic() + 20
        for proc in self.procs:
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        for proc in self.procs:
            # whatever is left of the group (a worker that outlived its master, say)
            if _group_members(proc.pid):
                _signal_group(proc, signal.SIGKILL)
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                print(f"(could not stop process {proc.pid})", file=sys.stderr)
        self.procs = []


def _signal_group(proc: subprocess.Popen, sig: int):
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, sig)


def _proc_stats() -> dict[int, list[str]]:
    """/proc/PID/stat fields after the command name, by pid."""
    stats = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    stats[int(entry)] = f.read().rsplit(")", 1)[1].split()
            except (FileNotFoundError, ProcessLookupError, IndexError):
                pass
    return stats


def _group_members(pgid: int) -> list[int]:
    return [pid for pid, fields in _proc_stats().items() if int(fields[2]) == pgid and fields[0] != "Z"]


def group_cpu(pgids: list[int]) -> float:
    """CPU seconds (user + system, with reaped children) of every process in these process groups."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for fields in _proc_stats().values():
        if int(fields[2]) in pgids:
            total += sum(int(value) for value in fields[11:15])
    return total / tick


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def request(method: str, port: int, path: str, body=None, headers=None, timeout=3600) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def http_json(method, port, path, payload=None, headers=None, expect=(200, 201)):
    headers = {"Content-Type": "application/json", **(headers or {})}
    body = None if payload is None else json.dumps(payload).encode()
    status, data = request(method, port, path, body, headers)
    if status not in expect:
        raise Failed(f"{method} {path}: HTTP {status} {data[:300]!r}")
    return json.loads(data)


def wait_until(ready, procs: list[subprocess.Popen], logs: list[Path], what: str, timeout: float = 600):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for proc, log in zip(procs, logs, strict=True):
            if proc.poll() is not None:
                raise Failed(f"{what} exited ({proc.returncode}) while starting:\n{tail(log)}")
        try:
            if ready():
                return
        except OSError:
            pass
        time.sleep(1)
    raise Failed(f"{what} did not come up in {timeout:.0f} s:\n" + "\n".join(tail(log) for log in logs))


def tail(log: Path, lines: int = 30) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except FileNotFoundError:
        return f"(no {log})"


def read_texts(folder: Path) -> list[str]:
    """Every .txt under folder in a stable order, decoded as an import decodes it."""
    return [decode_bytes(path.read_bytes())[0] for path in sorted(folder.rglob("*.txt"))]


# --- the three runs -----------------------------------------------------------------------------


def run_ours(folder: Path, scratch: Path) -> dict:
    """import_articles in a subprocess, into a fresh SQLite database (migrated before the timer)."""
    database = scratch / "ours.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--ours-import", str(folder)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise Failed(f"ours: import_articles failed:\n{result.stderr[-3000:]}")
    out = json.loads(result.stdout.strip().splitlines()[-1])
    match = OUR_REPORT.search(out["summary"])
    numbers = [int(value.replace(",", "")) for value in match.groups()] if match else None
    if not numbers or numbers[0] != FILES or numbers[3] != 0 or numbers[1] + numbers[2] != FILES:
        raise Failed(f"ours: unexpected report line: {out['summary']}")
    own, workers = out["cpu"]
    return {
        "wall": out["seconds"],
        "prep": None,
        "cpu": own + workers,
        "cpu_note": f"{own:.1f} main + {workers:.1f} workers",
        "note": out["summary"].split(": ", 1)[-1].split(" in ")[0],
    }


def ours_import(folder: str):
    """Child process of run_ours: time import_command as bench/bench_import.py does, print JSON."""
    setup()
    seconds, summary, cpu = import_command(Path(folder))
    print(json.dumps({"seconds": seconds, "summary": summary, "cpu": cpu}))


def run_labelstudio(venv: Path, folder: Path, scratch: Path, settle: float) -> dict:
    data, port = scratch / "labelstudio", free_port()
    data.mkdir()
    servers = Servers()
    try:
        log = data / "server.log"
        env = {**os.environ, "LABEL_STUDIO_BASE_DATA_DIR": str(data)}
        argv = [str(venv / "bin" / "label-studio"), "start", "--no-browser", "--data-dir", str(data)]
        argv += ["-p", str(port), "--internal-host", "127.0.0.1", "--username", LS_USER, "--password", PASSWORD]
        argv += ["--user-token", LS_TOKEN, "--enable-legacy-api-token"]
        server = servers.start(argv, env, log)
        wait_until(lambda: request("GET", port, "/health", timeout=5)[0] == 200, [server], [log], "Label Studio")
        time.sleep(settle)
        auth = {"Authorization": f"Token {LS_TOKEN}"}
        project = http_json("POST", port, "/api/projects", {"title": "bench", "label_config": LS_CONFIG}, auth)

        with timed() as elapsed:
            body = json.dumps([{"data": {"text": text}} for text in read_texts(folder)]).encode()
        prep = elapsed()

        cpu_before = group_cpu([server.pid])
        with timed() as elapsed:
            status, answer = request(
                "POST",
                port,
                f"/api/projects/{project['id']}/import",
                body,
                {**auth, "Content-Type": "application/json"},
            )
        wall = elapsed()
        cpu = group_cpu([server.pid]) - cpu_before
        if status != 201:
            raise Failed(f"Label Studio import: HTTP {status} {answer[:300]!r}")
        count = http_json("GET", port, f"/api/projects/{project['id']}", headers=auth)["task_number"]
        if count != FILES:
            raise Failed(f"Label Studio: {count} tasks after the import, expected {FILES}")
        duration = json.loads(answer).get("duration")
        note = f"{count:,} tasks; body {len(body) / 1e6:.0f} MB"
        if duration is not None:
            note += f"; its own duration {duration:.2f} s"
        return {"wall": wall, "prep": prep, "cpu": cpu, "cpu_note": f"{cpu:.1f} server", "note": note}
    finally:
        servers.stop()


def run_doccano(venv: Path, folder: Path, scratch: Path, settle: float, timeout: float = 1800) -> dict:
    home, port = scratch / "doccano", free_port()
    home.mkdir()
    env = {**os.environ, "DOCCANO_HOME": str(home)}
    doccano = str(venv / "bin" / "doccano")
    for step in (["init"], ["createuser", "--username", "admin", "--password", PASSWORD]):
        with open(home / f"{step[0]}.log", "w") as out:
            if subprocess.run([doccano, *step], env=env, stdout=out, stderr=subprocess.STDOUT, check=False).returncode:
                raise Failed(f"doccano {step[0]} failed:\n{tail(home / f'{step[0]}.log')}")
    servers = Servers()
    try:
        web_log, task_log = home / "web.log", home / "task.log"
        web = servers.start([doccano, "webserver", "--port", str(port)], env, web_log)
        task = servers.start([doccano, "task"], env, task_log)

        def ready():
            return request("GET", port, "/v1/health/", timeout=5)[0] == 200 and " ready." in task_log.read_text()

        wait_until(ready, [web, task], [web_log, task_log], "doccano")
        time.sleep(settle)
        key = http_json("POST", port, "/v1/auth/login/", {"username": "admin", "password": PASSWORD})["key"]
        auth = {"Authorization": f"Token {key}"}  # token only: a session cookie would ask for CSRF
        project = {"name": "bench", "description": "bench", "guideline": "", "project_type": "SequenceLabeling"}
        project = http_json("POST", port, "/v1/projects", {**project, "resourcetype": "SequenceLabelingProject"}, auth)

        with timed() as elapsed:
            jsonl = "".join(json.dumps({"text": t, "label": []}, ensure_ascii=False) + "\n" for t in read_texts(folder))
            boundary = uuid.uuid4().hex
            upload = b"".join(
                [
                    f"--{boundary}\r\n".encode(),
                    b'Content-Disposition: form-data; name="filepond"; filename="bbc_tenfold.jsonl"\r\n',
                    b"Content-Type: application/json\r\n\r\n",
                    jsonl.encode(),
                    f"\r\n--{boundary}--\r\n".encode(),
                ]
            )
        prep = elapsed()

        groups = [web.pid, task.pid]
        cpu_before = group_cpu(groups)
        with timed() as elapsed:
            # 1) the file upload (django-drf-filepond), as doccano's UI does it
            status, answer = request(
                "POST",
                port,
                "/v1/fp/process/",
                upload,
                {**auth, "Content-Type": f"multipart/form-data; boundary={boundary}"},
            )
            if status not in (200, 201):
                raise Failed(f"doccano upload: HTTP {status} {answer[:300]!r}")
            # 2) the import call: queues a celery job
            options = {"format": "JSONL", "task": "SequenceLabeling", "column_data": "text", "column_label": "label"}
            options |= {"uploadIds": [answer.decode().strip()], "delimiter": ",", "encoding": "utf_8"}
            job = http_json("POST", port, f"/v1/projects/{project['id']}/upload", options, auth)["task_id"]
            # 3) poll the job until it is done and every example is there
            count, job_done = 0, None
            while True:
                if elapsed() > timeout:
                    raise Failed(f"doccano: import not finished after {timeout:.0f} s ({count:,} examples)")
                state = http_json("GET", port, f"/v1/tasks/status/{job}", headers=auth)
                if state["ready"]:
                    if job_done is None:
                        job_done = elapsed()
                        errors = state.get("error") or (state.get("result") or {}).get("error")
                        if errors:
                            raise Failed(f"doccano: the import job reports errors: {str(errors)[:300]}")
                    path = f"/v1/projects/{project['id']}/examples?limit=1"
                    count = http_json("GET", port, path, headers=auth)["count"]
                    if count >= FILES:
                        break
                time.sleep(0.2)
        wall = elapsed()
        cpu = group_cpu(groups) - cpu_before
        if count != FILES:
            raise Failed(f"doccano: {count} examples after the import, expected {FILES}")
        note = f"{count:,} examples; JSONL {len(jsonl.encode()) / 1e6:.0f} MB; job done at {job_done:.2f} s"
        return {"wall": wall, "prep": prep, "cpu": cpu, "cpu_note": f"{cpu:.1f} web + worker", "note": note}
    finally:
        servers.stop()


# --- main ---------------------------------------------------------------------------------------


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
