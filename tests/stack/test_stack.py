"""The local stack as ./trainyard runs it: `up` recovers from a crash of any part and says why a
part does not start; `down` stops everything, whatever state the environments are in.

Runs against a stack that is up (./trainyard test starts one for the browser journey); the last
test ends it.
"""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import chaos
from stack import (
    STATE,
    call,
    environment,
    new_user,
    processes_of_the_stack,
    status_of,
    trainyard,
    wait_for,
)


def pid_of(part: str) -> int:
    return int(Path(STATE, "pids", f"{part}.pid").read_text())


def marked(part: str) -> list[int]:
    """Pids whose environment says they belong to this part of this stack."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                env = (entry / "environ").read_bytes().split(b"\0")
            except OSError:
                continue
            if f"TRAINYARD_STACK={STATE}".encode() in env and f"TRAINYARD_PART={part}".encode() in env:
                found.append(int(entry.name))
    return found


def test_stopping_processes_that_end_meanwhile_is_no_error():
    """MLflow's workers die with their parent while `up` clears an earlier MLflow's leftovers."""
    ended_already = subprocess.Popen(["true"])
    ended_already.wait()
    gone = ended_already.pid
    script = Path(__file__).resolve().parents[2] / "trainyard"
    ended = subprocess.run(
        ["bash", "-c", f'source "{script}"; terminate 1 {gone}; echo stopped'],
        capture_output=True, text=True, timeout=30,
    )
    assert (ended.returncode, ended.stdout.strip()) == (0, "stopped"), ended.stderr


def test_up_recovers_after_the_infrastructure_and_mlflow_are_killed_as_a_crash_would():
    infra, mlflow = pid_of("infra"), pid_of("mlflow")
    os.kill(infra, signal.SIGKILL)
    os.kill(mlflow, signal.SIGKILL)
    wait_for(lambda: not Path(f"/proc/{infra}").exists(), 10, "the infrastructure to die")
    orphans = marked("infra")
    assert orphans, "PostgreSQL should outlive its launcher, as it does after a crash"

    up = trainyard("up")

    assert up.returncode == 0, up.stdout + up.stderr
    assert "left running" in up.stdout
    assert not any(Path(f"/proc/{p}").exists() for p in orphans)
    assert call("GET", "/actuator/health")[0] == 200


def test_up_says_which_program_holds_a_part_port():
    gateway = pid_of("gateway")
    os.killpg(gateway, signal.SIGTERM)
    wait_for(lambda: not marked("gateway"), 60, "the gateway to stop")
    port = int(os.environ.get("TRAINYARD_GATEWAY_PORT", "8080"))
    squatter = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(lambda: socket.socket().connect_ex(("127.0.0.1", port)) == 0, 30, "the squatter")
        up = trainyard("up")
        assert up.returncode != 0
        assert f"port {port}" in up.stderr and f"pid {squatter.pid}" in up.stderr, up.stderr
    finally:
        squatter.terminate()
        squatter.wait()


def test_a_part_that_dies_while_starting_is_reported_with_its_exit_code_and_log():
    failing = trainyard("up", env_extra={"TRAINYARD_SERVICE_HEAP": "1k"})

    assert failing.returncode != 0
    assert "gateway stopped while starting (exit code 1)" in failing.stderr, failing.stderr
    assert "heap" in failing.stderr.lower(), failing.stderr

    up = trainyard("up")
    assert up.returncode == 0, up.stdout + up.stderr


def test_jobs_end_right_once_each_while_services_and_the_infrastructure_are_killed():
    """The small version of `bench/run chaos`: 3 jobs, a kill every 15-25 s, Kafka and PostgreSQL
    restarted once; every job succeeds with one MLflow run, one model version and one Ray
    submission per attempt."""
    out = chaos.run(jobs=3, epochs=(1, 1), kill_every=(15, 25), restart_infra=True, timeout=1200)

    assert "infra" in out.kills and len(out.kills) >= 2, out.kills
    assert out.succeeded == out.submitted == 3, {k: v["status"] for k, v in out.ended.items()}
    assert set(out.runs_per_job.values()) == {1}, out.runs_per_job
    assert set(out.versions_per_success.values()) == {1}, out.versions_per_success
    assert set(out.submissions_per_attempt.values()) == {1}, out.submissions_per_attempt


def test_down_leaves_no_process_whatever_state_the_environments_are_in():
    ada, bob = new_user("down-a"), new_user("down-b")
    environment(ada, "ready")
    environment(ada, "deleting")
    wait_for(lambda: status_of(ada, "ready") == "READY", 300, "environment 'ready'")
    wait_for(lambda: status_of(ada, "deleting") == "READY", 300, "environment 'deleting'")
    environment(bob, "provisioning", workers=2)
    wait_for(lambda: status_of(bob, "provisioning") == "PROVISIONING", 60, "a provisioning one")
    assert call("DELETE", "/api/environments/deleting", token=ada)[0] == 202
    environment(bob, "requested")
    states = {status_of(ada, "ready"), status_of(bob, "provisioning"), status_of(ada, "deleting")}
    assert "READY" in states and "PROVISIONING" in states, states
    assert marked("ray"), "the stack runs no Ray cluster"

    started = time.monotonic()
    down = trainyard("down", timeout=180)
    took = time.monotonic() - started

    assert down.returncode == 0, down.stdout + down.stderr
    left = processes_of_the_stack()
    assert left == [], "still running after down:\n" + "\n".join(left)
    assert took < 90, f"down took {took:.0f} s"
