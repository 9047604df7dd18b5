"""bench-peers: the peers' server processes, their CPU time from /proc, HTTP calls, and the texts they are sent."""

import contextlib
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from articles.sources import decode_bytes


class Failed(Exception):
    pass


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
