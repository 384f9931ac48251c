"""The Ray job entrypoint: exit codes tell job-service a wrong job from a broken cluster."""
import json

from trainyard_runtime import job


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
