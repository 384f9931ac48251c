"""The README's Kafka example, run as written: an outside system submits a job for a user."""
import json
import os
import subprocess

from stack import ROOT, call, environment, new_user


def run_example(owner: str, token: str, env: str) -> dict:
    done = subprocess.run(
        [str(ROOT / "examples" / "intake-submit.sh"), "acme", owner, token, env],
        capture_output=True, text=True, timeout=300, env=dict(os.environ),
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def username(token: str) -> str:
    return call("GET", "/api/me", token=token)[1]["username"]


def test_an_outside_system_submits_for_a_user_with_their_token_and_only_theirs():
    ada, bob = new_user("intake-ada"), new_user("intake-bob")
    environment(ada, "intake")
    status, created = call("POST", "/api/tokens", {"name": "acme"}, ada)
    assert status == 201, created

    answer = run_example(username(ada), created["token"], "intake")
    assert answer["accepted"] is True, answer
    status, job = call("GET", f"/api/jobs/{answer['jobId']}", token=ada)
    assert status == 200 and job["owner"] == username(ada), job
    assert call("GET", f"/api/jobs/{answer['jobId']}", token=bob)[0] == 404

    refused = run_example(username(bob), created["token"], "intake")
    assert refused["accepted"] is False and refused["status"] == 403, refused
    assert "not " + username(bob) in refused["reason"], refused
    call("DELETE", "/api/environments/intake", token=ada)
