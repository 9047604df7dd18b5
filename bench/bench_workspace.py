"""Benchmark the workspace: the annotation-save endpoint under gunicorn, and the article page's render time.

    DATABASE_URL=... python bench/bench_workspace.py [--saves 1500] [--clients 4] [--workers N]
    (or: bench/run.py --only workspace)

1. Saves: gunicorn (gthread workers, two per CPU; persistent database connections, CONN_MAX_AGE=60, and on
   PostgreSQL prepared statements, DATABASE_PREPARED_STATEMENTS=1: set either to 0 to compare) serves the app
   on a free loopback port; each of four client processes logs in through the login
   form (session and CSRF cookies, as a browser would), then POSTs annotations, one after the other,
   to the endpoint the workspace's composer uses (/articles/<pk>/annotations/, as htmx sends it).
   Every save is a real one: a random word span of a random article, checked against the body, with its
   history row. Figures: saves/s over all clients, latency median and p95, errors (anything but 201).
   Afterwards the database is checked: one annotation per 201, every span matching its article.
2. Page: an article with 1,000 annotations, rendered through the Django test client in this process
   (middleware, session, queries and templates included; no network): median and p95 over 30 renders.

Prints figures; targets (>= 300 saves/s with zero errors; page < 150 ms) are shown beside them.
"""

import argparse
import http.client
import multiprocessing
import os
import random
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import ROOT, median, percentile, print_table, setup

PASSWORD = "bench-password-not-secret"
WARM_UP = 20  # saves per client before the clock starts
SERVER_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "benchmarks-only-" + "x" * 40,
    "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "SECURE_SSL_REDIRECT": "0",
    "SESSION_COOKIE_SECURE": "0",
    "CSRF_COOKIE_SECURE": "0",
    "SECURE_HSTS_SECONDS": "0",
    "STATIC_MANIFEST": "0",
    "LOG_LEVEL": "WARNING",
}
os.environ.update({key: value for key, value in SERVER_ENV.items() if key not in os.environ})
# How the server is deployed for the figures (the environment may override each): persistent connections,
# and on PostgreSQL statements prepared once per connection (see newsroom/settings.py).
DEPLOYMENT_ENV = {"CONN_MAX_AGE": "60", "DATABASE_PREPARED_STATEMENTS": "1"}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--saves", type=int, default=1500, help="Saves per client (timed).")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument(
        "--workers",
        type=int,
        default=2 * (os.cpu_count() or 1),
        help="gunicorn worker processes (default: two per CPU)",
    )
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--renders", type=int, default=30)
    args = parser.parse_args()
    setup()
    correct = bench_saves(args)
    bench_page(args.renders)
    return 0 if correct else 1


# 1. Saves under gunicorn


def bench_saves(args) -> bool:
    from django.contrib.auth.models import Group

    from annotations.models import Annotation, Tag
    from annotations.roles import EDITORS
    from articles.models import Actor, Article
    from bench.datagen import make_articles

    article_ids = make_articles(args.articles)
    editors = Group.objects.get(name=EDITORS)
    users = [_user(f"saver{n}", editors) for n in range(args.clients)]
    tags = [(tag.pk, tag.has_verdict) for tag in Tag.objects.all()]
    actors = list(Actor.objects.values_list("pk", flat=True)) or [Actor.objects.create(name="Bench actor").pk]
    bodies = dict(Article.objects.filter(pk__in=article_ids).values_list("pk", "body"))
    before = Annotation.objects.count()

    port = _free_port()
    server = _start_gunicorn(port, args.workers)
    try:
        _wait_until_up(port)
        # Log in first (password hashing is deliberately slow), so that the figures are the saves'.
        jobs = [
            (port, _log_in(http.client.HTTPConnection("127.0.0.1", port, timeout=30), user.username),
             _payloads(bodies, tags, actors, args.saves + WARM_UP, seed=n))
            for n, user in enumerate(users)
        ]  # fmt: skip
        cpu_before, database_before = _server_cpu(server.pid), _database_cpu()
        with multiprocessing.get_context("fork").Pool(len(jobs)) as pool:
            started = time.perf_counter()
            results = pool.map(_client, jobs)
            elapsed = time.perf_counter() - started
        server_cpu = _server_cpu(server.pid) - cpu_before
        database_cpu = {pid: cpu - database_before.get(pid, 0.0) for pid, cpu in _database_cpu().items()}
        client_cpu = sum(result["cpu"] for result in results)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    latencies = [latency for result in results for latency in result["latencies"]]
    statuses: dict[int, int] = {}
    for result in results:
        for status, count in result["statuses"].items():
            statuses[status] = statuses.get(status, 0) + count
    created = statuses.get(201, 0)
    errors = sum(count for status, count in statuses.items() if status != 201)
    timed = sum(len(result["latencies"]) for result in results)
    window = max(result["finished"] for result in results) - min(result["started"] for result in results)
    rate = timed / window if window else 0.0
    stored = Annotation.objects.count() - before
    bad = _mismatched_spans()
    cpus = os.cpu_count() or 1
    used = server_cpu + client_cpu + sum(database_cpu.values())  # warm-up included, as is ``elapsed``
    per_save = used / max(1, created)
    database_rows = [
        (
            "database CPU per save (ms)",
            f"{sum(database_cpu.values()) / max(1, created) * 1000:.2f}",
            f"the {len(database_cpu)} PostgreSQL backends serving the workers",
        )
    ] if database_cpu else []  # fmt: skip
    print_table(
        f"Annotation saves through gunicorn ({args.workers} workers, {args.clients} client processes)",
        [
            (f"saves (timed, after {WARM_UP} warm-up saves per client)", timed, f"{args.saves} per client"),
            ("saves/s", f"{rate:,.0f}", "target >= 300"),
            ("latency median (ms)", f"{median(latencies) * 1000:.1f}", "one save, client side"),
            ("latency p95 (ms)", f"{percentile(latencies, 95) * 1000:.1f}", ""),
            ("errors (status other than 201)", errors, f"target 0; all answers {dict(sorted(statuses.items()))}"),
            ("annotations stored / 201 answers (warm-up included)", f"{stored} / {created}", "must be equal"),
            ("spans not matching their article", bad, "must be 0"),
            ("server CPU per save (ms)", f"{server_cpu / max(1, created) * 1000:.2f}", "gunicorn workers, user+sys"),
            ("client CPU per save (ms)", f"{client_cpu / max(1, timed) * 1000:.2f}", "the client processes"),
            *database_rows,
            ("CPU the benchmark got (cores)", f"{used / elapsed:.2f}", f"of {cpus}: workers, database, clients"),
            ("saves/s its CPU per save allows", f"{cpus / per_save:,.0f}", f"{cpus} idle CPUs, no waiting: a bound"),
            ("server settings", ", ".join(f"{k}={os.environ.get(k, v)}" for k, v in DEPLOYMENT_ENV.items()), "gthread"),
            ("load average (1 min) after the run", f"{os.getloadavg()[0]:.2f}", f"{os.cpu_count()} CPUs, shared"),
            ("wall time incl. warm-up (s)", f"{elapsed:.1f}", ""),
        ],
    )
    if rate < 300:
        print(f"\nBelow the target: {rate:,.0f} saves/s (see the CPU per save above and the load of the machine).")
    return errors == 0 and stored == created and bad == 0  # figures are reported; only wrong results fail


def _user(username: str, group):
    from django.contrib.auth import get_user_model

    user, _ = get_user_model().objects.get_or_create(username=username)
    user.set_password(PASSWORD)
    user.save()
    user.groups.add(group)
    return user


def _payloads(bodies: dict[int, str], tags, actors, count: int, *, seed: int) -> list[tuple[int, bytes]]:
    rng = random.Random(seed)
    words = {pk: [m.span() for m in re.finditer(r"\w+", body)] for pk, body in bodies.items()}
    ids = sorted(bodies)
    out = []
    for _ in range(count):
        pk = rng.choice(ids)
        spans = words[pk]
        first = rng.randrange(len(spans))
        start, end = spans[first][0], spans[min(len(spans) - 1, first + rng.randrange(0, 4))][1]
        tag, has_verdict = rng.choice(tags)
        data = {"start": start, "end": end, "exact": bodies[pk][start:end], "tag": tag, "note": "bench"}
        if rng.random() < 0.5:
            data["actor"] = rng.choice(actors)
        if has_verdict:
            data["verdict"] = "unverified"
        out.append((pk, urlencode(data).encode()))
    return out


def _client(job) -> dict:
    port, cookies, payloads = job
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {
        "Cookie": "; ".join(f"{name}={value}" for name, value in cookies.items()),
        "X-CSRFToken": cookies["csrftoken"],
        "HX-Request": "true",
        "Content-Type": "application/x-www-form-urlencoded",
    }
    statuses: dict[int, int] = {}
    latencies: list[float] = []
    started = finished = 0.0
    for index, (article_id, body) in enumerate(payloads):
        if index == WARM_UP:
            started = time.perf_counter()
        sent = time.perf_counter()
        connection.request("POST", f"/articles/{article_id}/annotations/", body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        statuses[response.status] = statuses.get(response.status, 0) + 1
        if index >= WARM_UP:
            latencies.append(time.perf_counter() - sent)
        if response.getheader("Connection", "").lower() == "close":
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    finished = time.perf_counter()
    connection.close()
    cpu = time.process_time()
    return {"statuses": statuses, "latencies": latencies, "started": started, "finished": finished, "cpu": cpu}


def _log_in(connection, username: str) -> dict[str, str]:
    """The login form, as a browser fills it: CSRF cookie and token first, then the session."""
    connection.request("GET", "/accounts/login/")
    response = connection.getresponse()
    page = response.read().decode()
    cookies = _cookies(response)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    body = urlencode({"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token})
    headers = {"Cookie": f"csrftoken={cookies['csrftoken']}", "Content-Type": "application/x-www-form-urlencoded"}
    connection.request("POST", "/accounts/login/", body=body, headers=headers)
    response = connection.getresponse()
    response.read()
    connection.close()
    if response.status != 302:
        raise RuntimeError(f"login of {username} failed: {response.status}")
    return cookies | _cookies(response)  # the session, and the CSRF token rotated at login


def _cookies(response) -> dict[str, str]:
    found = {}
    for header, value in response.getheaders():
        if header.lower() == "set-cookie":
            name, _, rest = value.partition("=")
            found[name.strip()] = rest.split(";", 1)[0]
    return found


def _start_gunicorn(port: int, workers: int) -> subprocess.Popen:
    # Two workers per CPU by default: each client keeps its connection open, and a gthread worker with
    # one thread serves the connections it accepted one request at a time, so with one worker per CPU
    # the four connections could land 3-1 or 4-0 and leave a CPU idle; workers also wait on the
    # database (PostgreSQL's round trips and commit flushes), time another worker can use.
    deployment = {name: os.environ.get(name, value) for name, value in DEPLOYMENT_ENV.items()}
    env = {**os.environ, **SERVER_ENV, **deployment, "PYTHONPATH": str(ROOT)}
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "newsroom.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        os.environ.get("BENCH_WORKER_CLASS", "gthread"),
        "--threads",
        "1",
        "--keep-alive",
        "5",
        "--log-level",
        "warning",
    ]
    return subprocess.Popen(command, cwd=ROOT, env=env)


def _wait_until_up(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/accounts/login/")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer in time")


def _server_cpu(master: int) -> float:
    """CPU seconds used so far by gunicorn's workers (children of the master), from /proc."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:  # ppid
            total += int(fields[11]) + int(fields[12])  # utime + stime
    return total / ticks


def _database_cpu() -> dict[int, float]:
    """CPU seconds used so far by each PostgreSQL backend connected to this database but ours (the
    workers' persistent connections); nothing on SQLite, whose work is done inside the workers."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        pids = [pid for (pid,) in cursor.fetchall()]
    return {pid: cpu for pid in pids if (cpu := _process_cpu(pid)) is not None}


def _process_cpu(pid: int) -> float | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None  # gone, or not on this machine
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _mismatched_spans() -> int:
    from annotations.models import Annotation
    from articles.models import Article

    bodies = dict(Article.objects.values_list("pk", "body"))
    return sum(
        bodies[article_id][start:end] != exact
        for article_id, start, end, exact in Annotation.objects.values_list("article_id", "start", "end", "exact")
    )


# 2. The article page with 1,000 annotations


def bench_page(renders: int) -> bool:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from annotations.models import Annotation
    from annotations.roles import EDITORS
    from articles.models import Article
    from bench.datagen import make_annotations

    article = Article.objects.order_by("-id").first()
    make_annotations(1000, article_ids=[article.pk])
    count = Annotation.objects.filter(article=article).count()
    user, _ = get_user_model().objects.get_or_create(username="reader-editor")
    user.groups.add(Group.objects.get(name=EDITORS))
    client = Client()
    client.force_login(user)
    url = article.get_absolute_url()
    for _ in range(3):
        assert client.get(url).status_code == 200
    times = []
    for _ in range(renders):
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    size = len(response.content)
    print_table(
        f"Article page with {count:,} annotations (Django test client, in process)",
        [
            ("render median (ms)", f"{median(times) * 1000:.1f}", "target < 150"),
            ("render p95 (ms)", f"{percentile(times, 95) * 1000:.1f}", f"{renders} renders"),
            ("SQL queries", len(queries), "constant in the number of annotations"),
            ("HTML size (kB)", f"{size / 1024:,.0f}", f"body {len(article.body):,} characters"),
        ],
    )
    if median(times) >= 0.150:
        print(f"\nBelow the target: median {median(times) * 1000:.0f} ms.")
    return True


if __name__ == "__main__":
    sys.exit(main())
