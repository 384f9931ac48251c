"""Real Ray Train on a local Ray instance: two workers, the digits templates, held-out accuracy."""
import os
import shutil
import tempfile

import pytest
import ray
import torch

from trainyard_runtime import train


@pytest.fixture(scope="module")
def local_ray():
    # Ray's unix sockets live under its temp dir: keep the path short.
    temp = tempfile.mkdtemp(prefix="tyr", dir="/tmp")
    # Else ray.init() turns on token auth and leaves ~/.ray/auth_token, which every later
    # `ray start` on this machine picks up.
    os.environ["RAY_AUTH_MODE"] = "disabled"
    ray.init(num_cpus=3, include_dashboard=False, _temp_dir=temp)
    yield
    ray.shutdown()
    shutil.rmtree(temp, ignore_errors=True)


def test_digits_mlp_on_two_workers_reaches_95_percent_and_leaves_a_torchscript_model(
        local_ray, tmp_path):
    result = train.run("digits-mlp", {"epochs": 12, "learningRate": 0.005, "batchSize": 32},
                       workers=2, storage_path=str(tmp_path / "runs"), model_dir=str(tmp_path / "out"))

    assert result.error is None
    assert result.metrics["accuracy"] >= 0.95
    assert result.checkpoint is not None
    model = torch.jit.load(str(tmp_path / "out" / "model" / "data" / "model.pth"))
    assert tuple(model(torch.zeros(1, 64)).shape) == (1, 10)
    assert len(result.metrics_dataframe) == 12


def test_unknown_template_is_refused_with_the_known_ones():
    with pytest.raises(ValueError, match="digits-mlp"):
        train.run("nope", {}, workers=1, storage_path="/tmp")
