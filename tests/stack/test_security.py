"""Tenancy on the real local stack: nothing listens beyond loopback, a cluster answers only with
its token, and one user (or their code, running in their own Ray cluster) reaches nothing of
another's: not through the gateway, not through MLflow, not by calling the parts directly.

Runs against a stack that is up, before test_stack.py ends it (pytest takes files by name).
"""

import base64
import hashlib
import json
import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

from stack import STATE, URL, call, environment, new_user, status_of, wait_for

TRACKING_PORT = int(os.environ.get("TRAINYARD_TRACKING_PORT", "8084"))
MLFLOW_PORT = int(os.environ.get("TRAINYARD_MLFLOW_PORT", "5000"))

# B's code: it runs in B's cluster as B's training code does, tries what a hostile user would,
# prints what each try answered, then trains as any job does.
PROBE = '''
import json, os, urllib.error, urllib.request
import torch
from torch import nn

TASK = "classification"
_done = []


def _status(url, method="GET", body=None, auth=None):
    request = urllib.request.Request(url, data=None if body is None else json.dumps(body).encode(),
                                     method=method)
    request.add_header("content-type", "application/json")
    if auth:
        request.add_header("authorization", auth)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as e:
        return e.code
    except OSError as e:
        return "unreachable: " + str(e)


def _probe(config):
    import base64
    mlflow = os.environ["MLFLOW_TRACKING_URI"].rstrip("/")
    mine = os.environ.get("TRAINYARD_MLFLOW_RUN_ID")
    creds = os.environ["MLFLOW_TRACKING_USERNAME"] + ":" + os.environ["MLFLOW_TRACKING_PASSWORD"]
    basic = "Basic " + base64.b64encode(creds.encode()).decode()
    metric = lambda run: {"run_id": run, "key": "probe", "value": 1, "timestamp": 1, "step": 0}
    secrets = sorted(k for k in os.environ
                     if any(w in k for w in ("SECRET", "PASSWORD", "TOKEN", "DB_"))
                     and k != "MLFLOW_TRACKING_PASSWORD" and not k.startswith("RAY_AUTH"))
    return {
        "tracking_uri": mlflow,
        "user": os.environ["MLFLOW_TRACKING_USERNAME"],
        "own_run": _status(mlflow + "/api/2.0/mlflow/runs/log-metric", "POST", metric(mine), basic),
        "victim_run": _status(mlflow + "/api/2.0/mlflow/runs/log-metric", "POST",
                              metric(config["victimRun"]), basic),
        "victim_alias": _status(mlflow + "/api/2.0/mlflow/registered-models/alias", "POST",
                                {"name": config["victimModel"], "alias": "champion", "version": "1"},
                                basic),
        "mlflow_direct_anonymous": _status(config["mlflowDirect"] + "/api/2.0/mlflow/runs/log-metric",
                                           "POST", metric(config["victimRun"])),
        "mlflow_direct_victim_run": _status(config["mlflowDirect"] + "/api/2.0/mlflow/runs/log-metric",
                                            "POST", metric(config["victimRun"]), basic),
        "victim_ray_jobs": _status(config["victimDashboard"] + "/api/jobs/"),
        "tracking_predict": _status(config["tracking"] + "/api/models/" + config["victimModel"]
                                    + "/versions/1/predict", "POST", {"inputs": [[0.0] * 64]}),
        "tracking_metrics": _status(config["tracking"] + "/actuator/prometheus"),
        "secrets_in_env": secrets,
    }


def build_model(config, input_shape, outputs):
    if not _done:
        _done.append(1)
        print("PROBE " + json.dumps(_probe(config)), flush=True)
    return nn.Sequential(nn.Linear(input_shape[0], 16), nn.ReLU(), nn.Linear(16, outputs))
'''


def listening() -> list[tuple[str, int, str]]:
    """(address, port, socket inode) of every listening TCP socket of this machine."""
    found = []
    for table, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if fields[3] != "0A":
                continue
            address, port = fields[1].split(":")
            found.append((decode(address, width), int(port, 16), fields[9]))
    return found


def decode(hex_address: str, width: int) -> str:
    raw = bytes.fromhex(hex_address)
    if width == 8:
        return socket.inet_ntop(socket.AF_INET, raw[::-1])
    words = b"".join(raw[i:i + 4][::-1] for i in range(0, 16, 4))
    return socket.inet_ntop(socket.AF_INET6, words)


def stack_socket_owners() -> dict[str, tuple[int, str]]:
    """Socket inode -> (pid, part) for every process that carries this stack's mark."""
    owners = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            env = (entry / "environ").read_bytes().split(b"\0")
            if f"TRAINYARD_STACK={STATE}".encode() not in env:
                continue
            part = next((e.decode().split("=", 1)[1] for e in env if e.startswith(b"TRAINYARD_PART=")), "?")
            for fd in (entry / "fd").iterdir():
                target = os.readlink(fd)
                if target.startswith("socket:["):
                    owners[target[8:-1]] = (int(entry.name), part)
        except OSError:
            continue
    return owners


def outside_addresses() -> list[str]:
    """This machine's addresses other than loopback, where another machine would connect."""
    try:
        out = subprocess.run(["hostname", "-I"], capture_output=True, text=True, timeout=5).stdout
    except OSError:
        out = ""
    return [a for a in out.split() if not a.startswith("127.") and a != "::1"]


def multipart(fields: dict[str, tuple[str, bytes, str]]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    body = b""
    for name, (filename, content, content_type) in fields.items():
        disposition = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename else "")
        body += (f"--{boundary}\r\nContent-Disposition: {disposition}\r\n"
                 f"Content-Type: {content_type}\r\n\r\n").encode() + content + b"\r\n"
    return body + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def as_user(method: str, path: str, token: str, body=None, content_type="application/json",
            raw: bytes | None = None):
    data = raw if raw is not None else (None if body is None else json.dumps(body).encode())
    request = urllib.request.Request(URL + path, data=data, method=method)
    request.add_header("content-type", content_type)
    request.add_header("authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            text = response.read().decode()
            return response.status, text
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def ready(token: str, name: str) -> dict:
    wait_for(lambda: status_of(token, name) == "READY", 300, f"environment {name} READY")
    return call("GET", f"/api/environments/{name}", token=token)[1]


def finished(token: str, job_id: str, timeout: float = 600) -> dict:
    return wait_for(
        lambda: (lambda j: j if j["status"] in ("SUCCEEDED", "FAILED", "CANCELLED") else None)(
            call("GET", f"/api/jobs/{job_id}", token=token)[1]),
        timeout, f"job {job_id} to end")


def log_text(token: str, job_id: str) -> str:
    status, page = call("GET", f"/api/jobs/{job_id}/logs?limit=10000", token=token)
    assert status == 200, page
    return "\n".join(line["text"] for line in page["lines"])


@pytest.fixture(scope="module")
def tenants():
    """A trains a model in A's cluster; B has a cluster of their own."""
    a, b = new_user("tenant-a"), new_user("tenant-b")
    environment(a, "a-env")
    environment(b, "b-env")
    a_env, b_env = ready(a, "a-env"), ready(b, "b-env")
    status, job = call("POST", "/api/jobs", {"environment": "a-env", "template": "digits-mlp",
                                             "workers": 1, "hyperparameters": {"epochs": 1}}, a)
    assert status == 202, job
    a_job = finished(a, job["id"])
    assert a_job["status"] == "SUCCEEDED", a_job
    a_model = wait_for(lambda: next(iter(call("GET", "/api/models", token=a)[1]), None), 120,
                       "A's registered model")
    yield {"a": a, "b": b, "a_env": a_env, "b_env": b_env, "a_job": a_job, "a_model": a_model}
    # Idle clusters cost the tests after these their CPU on a small machine.
    call("DELETE", "/api/environments/a-env", token=a)
    call("DELETE", "/api/environments/b-env", token=b)


def test_nothing_the_stack_started_listens_beyond_loopback(tenants):
    owners = stack_socket_owners()
    ours = [(addr, port, owners[inode]) for addr, port, inode in listening() if inode in owners]
    parts = {owner[1] for _, _, owner in ours}
    assert {"gateway", "ray", "mlflow", "infra"} <= parts, parts
    wide = [(addr, port, owner) for addr, port, owner in ours if addr not in ("127.0.0.1", "::1", "::ffff:127.0.0.1")]
    assert wide == [], f"listening beyond loopback: {wide}"
    for outside in outside_addresses():
        for _, port, owner in ours:
            with socket.socket(socket.AF_INET6 if ":" in outside else socket.AF_INET) as s:
                s.settimeout(1)
                assert s.connect_ex((outside, port)) != 0, f"{owner} answers on {outside}:{port}"


def direct_dashboard(owner: str, environment: str) -> str:
    """The head's own address: its process names the cluster's temp dir (KubernetesNames.localKey)."""
    key = hashlib.sha256(f"{owner}/{environment}".encode()).hexdigest()[:12]
    for entry in Path("/proc").iterdir():
        try:
            argv = (entry / "cmdline").read_bytes().decode(errors="replace").split("\0")
        except OSError:
            continue
        if "--head" in argv and any(f"tyray-{key}" in a for a in argv):
            port = next(a.split("=", 1)[1] for a in argv if a.startswith("--dashboard-port="))
            return f"http://127.0.0.1:{port}"
    raise AssertionError(f"no head process of {owner}/{environment}")


def test_a_cluster_answers_its_dashboard_and_jobs_api_only_with_its_token(tenants):
    dashboard = direct_dashboard(tenants["a_env"]["owner"], "a-env")
    for path in ("/api/jobs/", "/api/version"):
        try:
            urllib.request.urlopen(dashboard + path, timeout=10)
            raise AssertionError(f"{path} answered without a token")
        except urllib.error.HTTPError as e:
            assert e.code == 401, (path, e.code)
    request = urllib.request.Request(dashboard + "/api/jobs/")
    request.add_header("authorization", "Bearer not-the-token")
    try:
        urllib.request.urlopen(request, timeout=10)
        raise AssertionError("a wrong token was taken")
    except urllib.error.HTTPError as e:
        assert e.code == 403, e.code
    status, body = as_user("GET", "/api/environments/a-env/dashboard/api/jobs/", tenants["a"])
    assert status == 200, body


def test_another_user_gets_404_for_everything_of_a_users_and_403_on_writing_their_mlflow(tenants):
    a, b = tenants["a"], tenants["b"]
    job, model = tenants["a_job"]["id"], tenants["a_model"]["name"]
    for method, path in [
        ("GET", "/api/environments/a-env"),
        ("DELETE", "/api/environments/a-env"),
        ("GET", "/api/environments/a-env/dashboard/api/jobs/"),
        ("GET", f"/api/jobs/{job}"),
        ("GET", f"/api/jobs/{job}/logs"),
        ("GET", f"/api/jobs/{job}/events"),
        ("POST", f"/api/jobs/{job}/cancel"),
        ("GET", f"/api/models/{model}/versions"),
    ]:
        status, body = as_user(method, path, b)
        assert status == 404, (method, path, status, body)
    status, body = as_user("POST", f"/api/models/{model}/versions/latest/predict", b,
                           {"inputs": [[0.0] * 64]})
    assert status == 404, body
    assert status_of(a, "a-env") == "READY"

    run = tenants["a_job"]["mlflowRunId"]
    status, body = as_user("GET", f"/mlflow/api/2.0/mlflow/runs/get?run_id={run}", b)
    assert status == 200, "MLflow is shared for reading"
    metric = {"run_id": run, "key": "x", "value": 1, "timestamp": 1, "step": 0}
    for method, path, payload in [
        ("POST", "runs/log-metric", metric),
        ("POST", "runs/delete", {"run_id": run}),
        ("POST", "registered-models/alias", {"name": model, "alias": "champion", "version": "1"}),
        ("DELETE", "registered-models/delete", {"name": model}),
    ]:
        status, body = as_user(method, "/mlflow/api/2.0/mlflow/" + path, b, payload)
        assert status == 403, (path, status, body)
    status, body = as_user("POST", "/mlflow/api/2.0/mlflow/registered-models/alias", a,
                           {"name": model, "alias": "mine", "version": "1"})
    assert status == 200, body


def test_a_users_code_in_their_cluster_reaches_nothing_of_anothers(tenants):
    a_env = tenants["a_env"]
    config = {
        "epochs": 1,
        "victimRun": tenants["a_job"]["mlflowRunId"],
        "victimModel": tenants["a_model"]["name"],
        "victimDashboard": direct_dashboard(a_env["owner"], "a-env"),
        "mlflowDirect": f"http://127.0.0.1:{MLFLOW_PORT}",
        "tracking": f"http://127.0.0.1:{TRACKING_PORT}",
    }
    spec = {"environment": "b-env", "workers": 1, "hyperparameters": config}
    body, content_type = multipart({
        "spec": ("", json.dumps(spec).encode(), "application/json"),
        "code": ("model.py", PROBE.encode(), "text/x-python"),
    })
    status, text = as_user("POST", "/api/jobs", tenants["b"], raw=body, content_type=content_type)
    assert status == 202, text
    job = finished(tenants["b"], json.loads(text)["id"])
    logs = log_text(tenants["b"], job["id"])
    assert job["status"] == "SUCCEEDED", logs[-2000:]
    # Ray prefixes a worker's lines with its actor, e.g. "(RayTrainWorker pid=…) PROBE {…}".
    line = next((l for l in logs.splitlines() if "PROBE {" in l), None)
    assert line, logs[-3000:]
    probe = json.loads(line[line.index("PROBE {") + 6:])

    assert probe["tracking_uri"].endswith("/mlflow"), "the job's code reaches MLflow through the gateway"
    assert probe["own_run"] == 200, probe
    assert probe["victim_run"] == 403, probe
    assert probe["victim_alias"] == 403, probe
    assert probe["mlflow_direct_anonymous"] == 401, probe
    assert probe["mlflow_direct_victim_run"] == 403, probe
    assert probe["victim_ray_jobs"] == 401, probe
    assert probe["tracking_predict"] == 401, probe
    assert probe["tracking_metrics"] == 401, probe
    assert probe["secrets_in_env"] == [], probe


def test_the_owner_loads_their_champion_through_the_gateway_with_their_own_credential(tenants):
    script = (
        "import sys, mlflow.pytorch, torch\n"
        "model = mlflow.pytorch.load_model(sys.argv[1])\n"
        "print('shape', tuple(model(torch.zeros(1, 64)).shape))\n"
    )
    uri = f"models:/{tenants['a_model']['name']}@champion"
    env = {**os.environ, "MLFLOW_TRACKING_URI": URL + "/mlflow",
           "MLFLOW_ALLOW_PICKLE_DESERIALIZATION": "true"}
    for key in ("MLFLOW_TRACKING_USERNAME", "MLFLOW_TRACKING_PASSWORD"):
        env.pop(key, None)
    owner = subprocess.run([os.sys.executable, "-c", script, uri], capture_output=True, text=True,
                           timeout=300, env={**env, "MLFLOW_TRACKING_TOKEN": tenants["a"]})
    assert owner.returncode == 0, owner.stderr[-2000:]
    assert "shape (1, 10)" in owner.stdout
    anonymous = subprocess.run([os.sys.executable, "-c", script, uri], capture_output=True,
                               text=True, timeout=300, env=env)
    assert anonymous.returncode != 0, "MLflow answered a caller without a credential"
