"""Chaos on a running local stack: digits jobs train while services are killed with SIGKILL (as a
crash would) and the infrastructure (Kafka and PostgreSQL) restarts, then the invariants are
counted: every job ends, with exactly one MLflow run, at most one model version per success and
exactly one Ray submission per attempt.

The test suite runs a small version (tests/stack/test_stack.py); `bench/run chaos` a large one:

    python tests/stack/chaos.py --jobs 20 [--kill-every 20-40] [--timeout 3600]
"""

import argparse
import json
import os
import random
import signal
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from stack import (STATE, call, environment, new_user, processes_of_the_stack, ray_submissions,
                   status_of, trainyard)

SERVICES = ["gateway", "environment", "job", "tracking"]
ENDED = {"SUCCEEDED", "FAILED", "CANCELLED", "REJECTED"}


@dataclass
class Outcome:
    submitted: int = 0
    succeeded: int = 0
    ended: dict = field(default_factory=dict)
    runs_per_job: dict = field(default_factory=dict)
    versions_per_success: dict = field(default_factory=dict)
    submissions_per_attempt: dict = field(default_factory=dict)
    kills: list = field(default_factory=list)
    drain_seconds: float = 0.0


def kill(part: str) -> None:
    """SIGKILL to the part's whole process group: nothing shuts down cleanly."""
    pid = int(Path(STATE, "pids", f"{part}.pid").read_text())
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def up() -> None:
    result = trainyard("up", timeout=900)
    if result.returncode != 0:
        raise AssertionError("up after a kill failed:\n" + result.stdout + result.stderr)


class ChaosFailed(AssertionError):
    pass


FAILURES: list = []


def tolerant(method: str, path: str, token: str, body=None, tries: int = 600):
    """A call that waits out a gateway being restarted, unless bringing the stack back failed."""
    for _ in range(tries):
        if FAILURES:
            raise ChaosFailed(f"{method} {path}: the stack did not come back: {FAILURES[0]}")
        try:
            status, answer = call(method, path, body, token)
            if status < 500:
                return status, answer
        except OSError:
            pass
        time.sleep(1)
    raise AssertionError(f"{method} {path} did not answer")


def run(jobs: int, epochs=(1, 2), kill_every=(20, 40), restart_infra: bool = True,
        timeout: float = 3600, seed: int = 7) -> Outcome:
    rng = random.Random(seed)
    token = new_user("chaos")
    environment(token, "chaos", workers=2)
    deadline = time.monotonic() + 600
    while status_of(token, "chaos") != "READY":
        if time.monotonic() > deadline:
            seen = call("GET", "/api/environments/chaos", token=token)[1]
            raise AssertionError(f"the chaos environment never became ready: {seen}")
        time.sleep(1)

    out = Outcome()
    ids = []
    started = time.monotonic()
    for i in range(jobs):
        status, job = tolerant(
            "POST", "/api/jobs", token,
            {"environment": "chaos", "template": "digits-mlp", "workers": 2,
             "hyperparameters": {"epochs": rng.randint(*epochs)}})
        assert status == 202, job
        ids.append(job["id"])
    out.submitted = len(ids)

    stop = threading.Event()

    def chaos():
        infra_done = not restart_infra
        try:
            while not stop.wait(rng.uniform(*kill_every)):
                part = "infra" if not infra_done and len(out.kills) >= 1 else rng.choice(SERVICES)
                infra_done |= part == "infra"
                kill(part)
                out.kills.append(part)
                up()
        except BaseException as e:  # a thread's failure is otherwise only printed
            FAILURES.append(e)

    chaos_thread = threading.Thread(target=chaos, daemon=True)
    chaos_thread.start()
    try:
        pending = set(ids)
        while pending and time.monotonic() - started < timeout:
            for job_id in list(pending):
                status, job = tolerant("GET", f"/api/jobs/{job_id}", token)
                if status == 200 and job["status"] in ENDED:
                    out.ended[job_id] = job
                    pending.discard(job_id)
            time.sleep(2)
    finally:
        stop.set()
        chaos_thread.join()
    if FAILURES:
        raise ChaosFailed(f"after killing {out.kills[-1]}") from FAILURES[0]
    up()  # whatever the last kill took down
    out.drain_seconds = time.monotonic() - started

    owner = tolerant("GET", "/api/me", token)[1]["username"]
    rays = tolerant("GET", "/api/environments/chaos/dashboard/api/jobs/", token)[1]
    experiments = [e["experiment_id"] for e in tolerant(
        "POST", "/mlflow/api/2.0/mlflow/experiments/search", token,
        {"max_results": 1000})[1].get("experiments", [])]
    for job_id in ids:
        _, runs = tolerant("POST", "/mlflow/api/2.0/mlflow/runs/search", token,
                           {"experiment_ids": experiments, "max_results": 10,
                            "filter": f"tags.`trainyard.job_id` = '{job_id}'"})
        out.runs_per_job[job_id] = len(runs.get("runs", []))
        job = out.ended.get(job_id)
        if job and job["status"] == "SUCCEEDED":
            out.succeeded += 1
            _, versions = tolerant(
                "GET", "/mlflow/api/2.0/mlflow/model-versions/search?filter="
                + urllib.parse.quote(f"name='{owner}-digits-mlp'") + "&max_results=1000", token)
            mine = [v for v in versions.get("model_versions", [])
                    if any(t["key"] == "trainyard.job_id" and t["value"] == job_id
                           for t in v.get("tags", []))]
            out.versions_per_success[job_id] = len(mine)
        attempts = len(job["attempts"]) if job else 0
        for attempt in range(1, attempts + 1):
            out.submissions_per_attempt[f"{job_id}/{attempt}"] = len(
                ray_submissions(rays, job_id, attempt))
    return out


def report(out: Outcome, orphans: int) -> bool:
    runs = sorted(set(out.runs_per_job.values()))
    versions = sorted(set(out.versions_per_success.values()))
    submissions = sorted(set(out.submissions_per_attempt.values()))
    rows = [
        ("jobs submitted", out.submitted, "", True),
        ("jobs ended right (succeeded)", out.succeeded, f"= {out.submitted}",
         out.succeeded == out.submitted),
        ("MLflow runs per job", runs, "exactly 1", runs == [1]),
        ("model versions per success", versions, "at most 1", all(v <= 1 for v in versions)),
        ("Ray submissions per attempt", submissions, "exactly 1", submissions in ([1], [])),
        ("orphan processes after down", orphans, "0", orphans == 0),
        ("time to drain", f"{out.drain_seconds:.0f} s", "", True),
        ("kills", " ".join(out.kills), "", True),
    ]
    print(f"{'chaos':32} {'figure':24} {'target':12} met")
    for name, figure, target, met in rows:
        print(f"{name:32} {str(figure):24} {target:12} {'yes' if met else 'NO'}")
    return all(met for *_, met in rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--jobs", type=int, default=20)
    parser.add_argument("--kill-every", default="20-40", help="seconds between kills, a-b")
    parser.add_argument("--timeout", type=float, default=3600)
    args = parser.parse_args()
    low, high = (float(x) for x in args.kill_every.split("-"))
    up()
    out = run(args.jobs, kill_every=(low, high), timeout=args.timeout)
    down = trainyard("down", timeout=300)
    orphans = len(processes_of_the_stack())
    ok = report(out, orphans) and down.returncode == 0
    print(json.dumps({"summary": "met" if ok else "not met"}))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
