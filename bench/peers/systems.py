"""bench-peers: the three timed runs (Newsroom's import_articles, Label Studio, doccano), each checked."""

import json
import os
import re
import subprocess
import sys
import time
import uuid
from pathlib import Path

from bench.bench_import import import_command
from bench.common import ROOT, setup, timed
from bench.peers.procs import Failed, Servers, free_port, group_cpu, http_json, read_texts, request, tail, wait_until

FILES = 22_250
SYSTEMS = ("ours", "labelstudio", "doccano")
NAMES = {"ours": "Newsroom", "labelstudio": "Label Studio 1.23.2", "doccano": "doccano 1.8.4"}
PASSWORD = "benchpass123"
LS_USER, LS_TOKEN = "bench@example.com", "benchtoken0123456789abcdef"
LS_CONFIG = (
    '<View><Text name="text" value="$text"/><Labels name="label" toName="text"><Label value="Quote"/></Labels></View>'
)
OUR_REPORT = re.compile(r"([\d,]+) items, ([\d,]+) created, ([\d,]+) duplicate, ([\d,]+) failed")
RUN_SCRIPT = Path(__file__).resolve().with_name("run.py")  # run_ours starts it with --ours-import


def run_ours(folder: Path, scratch: Path) -> dict:
    """import_articles in a subprocess, into a fresh SQLite database (migrated before the timer)."""
    database = scratch / "ours.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, str(RUN_SCRIPT), "--ours-import", str(folder)],
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
