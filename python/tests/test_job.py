"""The Ray job entrypoint: exit codes tell job-service a wrong job from a broken cluster."""
import json

from trainyard_runtime import job, progress


def test_an_error_in_user_code_exits_1_with_its_traceback_in_the_log(local_ray, tmp_path, monkeypatch, capsys):
    (tmp_path / "model.py").write_text(
        "def build_model(config, input_shape, outputs):\n    raise RuntimeError('my model is broken')\n")
    (tmp_path / job.SPEC).write_text(json.dumps({
        "jobId": "job-fails", "workers": 1, "codePath": "model.py", "hyperparameters": {"epochs": 1},
        "storagePath": str(tmp_path / "runs")}))
    monkeypatch.chdir(tmp_path)

    assert job.main() == 1
    err = capsys.readouterr().err
    assert "my model is broken" in err and "Traceback" in err


def test_cluster_failures_are_told_apart_from_user_errors_through_the_cause_chain():
    class RayActorError(Exception):
        pass

    class WorkerGroupError(Exception):
        def __init__(self, failures):
            super().__init__("workers failed")
            self.worker_failures = failures

    assert job.infrastructure(WorkerGroupError({0: RayActorError("node died")}))
    assert not job.infrastructure(WorkerGroupError({0: ZeroDivisionError()}))


NAN_MODEL = """
import math
import torch


class Nan(torch.nn.Module):
    def __init__(self, inputs, outputs):
        super().__init__()
        self.linear = torch.nn.Linear(inputs, outputs)

    def forward(self, x):
        return self.linear(x.flatten(1)) * float("nan")


def build_model(config, input_shape, outputs):
    return Nan(math.prod(input_shape), outputs)
"""


def test_a_loss_that_becomes_nan_stops_the_job_at_once_and_says_so_last(local_ray, tmp_path, monkeypatch, capsys):
    (tmp_path / "model.py").write_text(NAN_MODEL)
    (tmp_path / job.SPEC).write_text(json.dumps({
        "jobId": "job-nan", "workers": 1, "codePath": "model.py", "hyperparameters": {"epochs": 3},
        "storagePath": str(tmp_path / "runs")}))
    monkeypatch.chdir(tmp_path)

    assert job.main() == 1
    out = capsys.readouterr().out
    last = [line for line in out.splitlines() if line.strip()][-1]
    assert last.startswith(progress.STOPPED), out[-2000:]
    assert json.loads(last[len(progress.STOPPED):]) == {"reason": "loss became nan at epoch 1, step 1"}
    assert "TRAINYARD_PROGRESS" not in out, "it stopped before training on"


def test_every_epoch_reports_its_metrics_on_a_step_of_its_own(local_ray, tmp_path, monkeypatch, capsys):
    # Two full batches an epoch and a line every step: the last batch's line and the epoch's own
    # fall on one step, and a reader that keeps one line a step must still get the epoch's metrics.
    (tmp_path / job.SPEC).write_text(json.dumps({
        "jobId": "job-steps", "workers": 1, "template": "digits-mlp", "progressEverySteps": 1,
        "hyperparameters": {"epochs": 2, "batchSize": 1024},
        "storagePath": str(tmp_path / "runs")}))
    monkeypatch.chdir(tmp_path)

    assert job.main() == 0
    lines = [progress.parse(line) for line in capsys.readouterr().out.splitlines()]
    lines = [p for p in lines if p is not None]
    steps = [p["step"] for p in lines]
    assert steps == sorted(set(steps)), steps
    ends = [p for p in lines if "accuracy" in p["metrics"]]
    assert [p["epoch"] for p in ends] == [1, 2]


def test_an_attempt_asked_to_pause_stops_after_that_epoch_and_the_next_resumes_from_its_checkpoint(
        local_ray, tmp_path, monkeypatch, capsys):
    spec = {"jobId": "job-pauses", "workers": 1, "template": "digits-mlp",
            "hyperparameters": {"epochs": 3}, "storagePath": str(tmp_path / "runs")}
    monkeypatch.chdir(tmp_path)

    (tmp_path / job.SPEC).write_text(json.dumps({**spec, "pauseAtEpoch": 1}))
    assert job.main() == 0
    out = capsys.readouterr().out
    last = [line for line in out.splitlines() if line.strip()][-1]
    assert last.startswith(progress.PAUSED), out[-2000:]
    assert json.loads(last[len(progress.PAUSED):]) == {"epoch": 1, "epochs": 3}
    first = [p for p in map(progress.parse, out.splitlines()) if p is not None]
    assert [p["epoch"] for p in first] == [1]

    (tmp_path / job.SPEC).write_text(json.dumps(spec))
    assert job.main() == 0
    out = capsys.readouterr().out
    assert "resumed from the checkpoint after epoch 1" in out
    assert "TRAINYARD_DONE" in out and progress.PAUSED not in out
    rest = [p for p in map(progress.parse, out.splitlines()) if p is not None]
    assert [p["epoch"] for p in rest] == [2, 3]
    assert rest[0]["step"] > first[-1]["step"], "steps go on from the checkpoint's"
