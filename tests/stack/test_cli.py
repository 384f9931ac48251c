"""The command line against the whole stack, as a user and a CI script would run it."""
import json
import os
import stat
import subprocess
import tempfile
from pathlib import Path

from stack import ROOT, URL, call, new_user

CONFIG = tempfile.mkdtemp(prefix="trainyard-cli-")


def cli(*args: str, stdin: str = "", timeout: float = 600) -> subprocess.CompletedProcess:
    env = {**os.environ, "XDG_CONFIG_HOME": CONFIG}
    env.pop("TRAINYARD_TOKEN", None)
    env.pop("TRAINYARD_URL", None)
    return subprocess.run([str(ROOT / "trainyard"), *args], input=stdin, capture_output=True,
                          text=True, timeout=timeout, env=env)


def test_a_user_logs_in_makes_an_environment_trains_to_success_and_scripts_read_the_json():
    token = new_user("cli")
    user = call("GET", "/api/me", token=token)[1]["username"]
    password = "password-" + user

    login = cli("login", "--url", URL, "--username", user, "--password-stdin", stdin=password + "\n")
    assert login.returncode == 0, login.stderr
    config = Path(CONFIG) / "trainyard" / "config.json"
    assert stat.S_IMODE(config.stat().st_mode) == 0o600
    stored = json.loads(config.read_text())
    assert password not in config.read_text() and stored["token"].startswith("ty_"), stored
    me = cli("whoami", "--output", "json")
    assert me.returncode == 0 and json.loads(me.stdout)["username"] == user, me.stderr

    env = cli("env", "create", "cli", "--workers", "1", "--wait")
    assert env.returncode == 0, env.stdout + env.stderr
    assert "PROVISIONING" in env.stdout and "READY" in env.stdout, env.stdout

    run = cli("job", "submit", "--env", "cli", "--template", "digits-mlp", "--hp", "epochs=2",
              "--hp", "learningRate=0.01", "--follow")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "attempt 1 [" in run.stdout and "epoch 2/2" in run.stdout, run.stdout
    assert f"MLflow run  {URL}/mlflow/#/experiments/" in run.stdout, run.stdout
    assert f"model       {user}-digits-mlp version" in run.stdout, run.stdout
    job_id = run.stdout.split("Submitted job ", 1)[1].split()[0]

    listed = cli("job", "list", "--env", "cli", "--output", "json")
    assert listed.returncode == 0, listed.stderr
    [job] = [j for j in json.loads(listed.stdout)["items"] if j["id"] == job_id]
    assert job["status"] == "SUCCEEDED" and job["metrics"]["accuracy"] > 0.5, job
    got = json.loads(cli("job", "get", job_id, "-o", "json").stdout)
    assert got["model"]["name"] == f"{user}-digits-mlp", got

    rejected = cli("job", "submit", "--env", "cli", "--template", "digits-mlp", "--hp", "learningRate=5")
    assert rejected.returncode == 3, rejected.stdout + rejected.stderr
    assert rejected.stderr.startswith("trainyard: Invalid request (400)\n  hyperparameters.learningRate: "), rejected.stderr
    assert "Exception" not in rejected.stderr and "\tat " not in rejected.stderr
    as_json = cli("job", "submit", "--env", "cli", "--template", "digits-mlp", "--hp", "learningRate=5", "-o", "json")
    assert as_json.returncode == 3 and json.loads(as_json.stdout)["field"] == "hyperparameters.learningRate"

    gone = cli("env", "delete", "cli", "--wait", timeout=300)
    assert gone.returncode == 0, gone.stderr
    out = cli("logout")
    assert out.returncode == 0 and "revoked" in out.stdout, out.stdout + out.stderr
    assert call("GET", "/api/me", token=stored["token"])[0] == 401
    assert cli("whoami").returncode == 3
