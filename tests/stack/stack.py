"""Helpers for tests that run against a whole local stack started by ./trainyard up."""

import hashlib
import json
import os
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STATE = os.environ.get("TRAINYARD_HOME", str(ROOT / ".trainyard"))
URL = os.environ.get("TRAINYARD_E2E_URL", "http://localhost:8080")


def ray_dir() -> str:
    """Where ./trainyard puts this stack's local Ray clusters (see RAY_DIR there)."""
    return f"/tmp/ty-{hashlib.sha256(STATE.encode()).hexdigest()[:8]}"


def trainyard(*args: str, timeout: float = 600, env_extra=None) -> subprocess.CompletedProcess:
    env = {**os.environ, **(env_extra or {})}
    return subprocess.run(
        [str(ROOT / "trainyard"), *args], capture_output=True, text=True, timeout=timeout, env=env
    )


def call(method: str, path: str, body=None, token: str | None = None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(URL + path, data=data, method=method)
    request.add_header("content-type", "application/json")
    if token:
        request.add_header("authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            text = response.read().decode()
            return response.status, (json.loads(text) if text else None)
    except urllib.error.HTTPError as e:
        text = e.read().decode()
        return e.code, (json.loads(text) if text.startswith("{") else text)


def new_user(name: str) -> str:
    name = f"{name}-{int(time.time() * 1000) % 10**9}"
    status, _ = call("POST", "/api/auth/signup", {"username": name, "password": "password-" + name})
    assert status == 201, status
    status, session = call("POST", "/api/auth/login", {"username": name, "password": "password-" + name})
    assert status == 200, session
    return session["token"]


def environment(token: str, name: str, workers: int = 1) -> None:
    status, body = call(
        "POST",
        "/api/environments",
        {"name": name, "workers": workers, "workerCpu": 1, "workerMemoryGi": 1, "gpusPerWorker": 0},
        token,
    )
    assert status == 202, body


def status_of(token: str, name: str) -> str:
    return call("GET", f"/api/environments/{name}", token=token)[1]["status"]


def ray_submissions(rays: list[dict], job_id: str, attempt: int) -> list[dict]:
    """The Ray jobs (from a cluster's Jobs API) that job-service submitted for one attempt."""
    return [r for r in rays if (r.get("metadata") or {}).get("trainyard.job_id") == job_id
            and (r.get("metadata") or {}).get("trainyard.attempt") == str(attempt)]


def wait_for(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.5)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def processes_of_the_stack() -> list[str]:
    """Every process whose command line names the state folder or a cluster dir, or that carries
    the stack's mark in its environment: what `down` must leave none of."""
    found = []
    markers = (STATE, ray_dir())
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            environ = (entry / "environ").read_bytes().split(b"\0")
        except OSError:
            continue
        marked = f"TRAINYARD_STACK={STATE}".encode() in environ
        if marked or any(m in cmdline for m in markers):
            found.append(f"{entry.name} {cmdline[:160]}")
    return found
