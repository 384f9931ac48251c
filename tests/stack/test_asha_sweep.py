"""A sweep through the whole stack: real Ray, Kafka, PostgreSQL and MLflow, as a user starts it."""
import re
from datetime import datetime

from chaos import kill, up
from stack import call, environment, new_user, ray_submissions, status_of, wait_for


def mlflow(path: str, token: str) -> dict:
    status, body = call("GET", "/mlflow/api/2.0/mlflow/" + path, token=token)
    assert status == 200, body
    return body


def tag(run: dict, key: str):
    return next((t["value"] for t in run["data"].get("tags", []) if t["key"] == key), None)


def most_at_once(jobs: list[dict]) -> int:
    moments = []
    for job in jobs:
        for attempt in job["attempts"]:
            if attempt["startedAt"]:
                moments.append((datetime.fromisoformat(attempt["startedAt"]), 1))
                ended = attempt["endedAt"] or "9999-12-31T00:00:00+00:00"
                moments.append((datetime.fromisoformat(ended), -1))
    running = most = 0
    for _, step in sorted(moments, key=lambda m: (m[0], m[1])):
        running += step
        most = max(most, running)
    return most


def test_a_six_trial_asha_sweep_stops_weak_trials_across_a_crash_of_job_service_and_ends_in_mlflow_with_its_best_model_registered():
    ada = new_user("sweep")
    environment(ada, "sweep", workers=2)
    wait_for(lambda: status_of(ada, "sweep") == "READY", 300, "the environment")
    # Two learning rates that learn, then four that cannot in one epoch: each of those is below
    # the first rung's cut (the top third of all so far) whatever the order they arrive in.
    status, sweep = call("POST", "/api/sweeps", {
        "environment": "sweep", "template": "digits-mlp", "workers": 1,
        "hyperparameters": {"epochs": 4},
        "space": {"learningRate": {"choice": [0.01, 0.005, 0.00001, 0.00002, 0.00003, 0.00004]}},
        "method": "grid", "maxConcurrent": 2,
        "earlyStopping": {"asha": {"minEpochs": 1, "reductionFactor": 3}}}, ada)
    assert status == 202, sweep
    sid = sweep["id"]

    # job-service crashes once early stopping has decided something, with trials still to start:
    # those are judged against the rungs stored before the crash, or they would all go on.
    wait_for(lambda: any(t["status"] == "STOPPED"
                         for t in call("GET", f"/api/sweeps/{sid}", token=ada)[1]["trialList"]),
             600, "a first trial stopped early")
    assert len(call("GET", f"/api/sweeps/{sid}", token=ada)[1]["trialList"]) < 6
    kill("job")
    up()

    done = wait_for(lambda: (s := call("GET", f"/api/sweeps/{sid}", token=ada)[1])["ended"] and s,
                    900, "the sweep to end")
    assert done["status"] == "SUCCEEDED", done
    trials = {t["number"]: t for t in done["trialList"]}
    assert len(trials) == 6
    stopped = [t for t in trials.values() if t["status"] == "STOPPED"]
    assert {3, 4, 5, 6} <= {t["number"] for t in stopped}, trials
    assert len(stopped) < 6, "the first trial at each rung goes on"
    for t in stopped:
        # The weak ones at the first rung; a good one only below a better one at any rung.
        decided = re.fullmatch(r"stopped early at epoch (\d+): accuracy [\d.]+, rung cut [\d.]+", t["reason"])
        assert decided and t["rung"] == int(decided[1]), t
        assert t["number"] < 3 or t["rung"] == 1, t
    best = done["best"]
    assert best["settled"] and best["jobId"] in (trials[1]["jobId"], trials[2]["jobId"]), best
    assert trials[best["trial"]]["status"] == "SUCCEEDED", trials
    assert best["metric"] > 0.8, best

    status, page = call("GET", f"/api/jobs?sweep={sid}&limit=50", token=ada)
    assert status == 200 and len(page["items"]) == 6, page
    assert most_at_once(page["items"]) <= 2, page["items"]
    for job in page["items"]:
        if job["id"] in {t["jobId"] for t in stopped}:
            assert job["status"] == "CANCELLED" and job["reason"].startswith("stopped early"), job
    # The crash repeated no side effect: one Ray job per attempt of each trial.
    status, rays = call("GET", "/api/environments/sweep/dashboard/api/jobs/", token=ada)
    assert status == 200, rays
    for job in page["items"]:
        for attempt in range(1, len(job["attempts"]) + 1):
            submitted = ray_submissions(rays, job["id"], attempt)
            assert len(submitted) == 1, (job["id"], attempt, submitted)

    # MLflow: the trials are children of the sweep's run, which has the space and the best trial.
    best_job = next(j for j in page["items"] if j["id"] == best["jobId"])
    best_run = mlflow(f"runs/get?run_id={best_job['mlflowRunId']}", ada)["run"]
    parent_id = tag(best_run, "mlflow.parentRunId")
    assert parent_id, best_run["data"]
    for job in page["items"]:
        child = mlflow(f"runs/get?run_id={job['mlflowRunId']}", ada)["run"]
        assert tag(child, "mlflow.parentRunId") == parent_id, job["id"]
    assert done["mlflowParentRunUrl"] == (
        f"/mlflow/#/experiments/{best_run['info']['experiment_id']}/runs/{parent_id}"), done
    parent = wait_for(lambda: (p := mlflow(f"runs/get?run_id={parent_id}", ada)["run"])["info"]["status"]
                      == "FINISHED" and p, 120, "the parent run to finish")
    params = {p["key"]: p["value"] for p in parent["data"]["params"]}
    assert params["method"] == "grid" and "choice" in params["space.learningRate"], params
    assert float(params["best.learningRate"]) == best_job["hyperparameters"]["learningRate"], params
    metrics = {m["key"]: m["value"] for m in parent["data"]["metrics"]}
    assert abs(metrics["best_accuracy"] - best["metric"]) < 1e-9, metrics

    # Only the best trial's model is registered, and it is the champion of a fresh model.
    registered = wait_for(lambda: (j := call("GET", f"/api/jobs/{best['jobId']}", token=ada)[1])["model"] and j,
                          300, "the best trial's model")
    status, versions = call("GET", f"/api/models/{registered['model']['name']}/versions", token=ada)
    assert status == 200, versions
    assert [v["jobId"] for v in versions] == [best["jobId"]], versions
    assert "champion" in versions[0]["aliases"], versions
    call("DELETE", "/api/environments/sweep", token=ada)
