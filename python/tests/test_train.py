"""Real Ray Train on a local Ray instance: every template trains and leaves a TorchScript model."""
import json
import pathlib

import pytest
import torch

from trainyard_runtime import train


def declared_defaults(template):
    """The defaults a template declares (contracts/.../templates/<id>.json), as job-service sends them."""
    path = pathlib.Path(__file__).parents[2] / "contracts/src/main/resources/templates" / f"{template}.json"
    properties = json.loads(path.read_text())["hyperparameters"]["properties"]
    return {name: p["default"] for name, p in properties.items() if "default" in p}


def test_digits_mlp_with_its_declared_defaults_on_two_workers_reaches_95_percent(local_ray, tmp_path):
    result = train.run("digits-mlp", declared_defaults("digits-mlp"),
                       workers=2, storage_path=str(tmp_path / "runs"), model_dir=str(tmp_path / "out"))

    assert result.error is None
    assert result.metrics["accuracy"] >= 0.95
    assert result.checkpoint is not None
    model = torch.jit.load(str(tmp_path / "out" / "model" / "data" / "model.pth"))
    assert tuple(model(torch.zeros(1, 64)).shape) == (1, 10)
    assert len(result.metrics_dataframe) == declared_defaults("digits-mlp")["epochs"]


def test_unknown_template_is_refused_with_the_known_ones():
    with pytest.raises(ValueError, match="digits-mlp"):
        train.run("nope", {}, workers=1, storage_path="/tmp")


def test_tabular_regression_beats_predicting_the_mean_and_answers_in_the_targets_units(local_ray, tmp_path):
    result = train.run("tabular-regression", {"epochs": 15, "learningRate": 0.002, "batchSize": 32},
                       workers=1, storage_path=str(tmp_path / "runs"), model_dir=str(tmp_path / "out"))

    assert result.error is None
    # Predicting the mean of the diabetes target scores an rmse of about 77.
    assert result.metrics["rmse"] < 65
    model = torch.jit.load(str(tmp_path / "out" / "model" / "data" / "model.pth"))
    assert 25 < model(torch.zeros(1, 10)).item() < 350


def test_sequence_lstm_forecasts_the_generated_series_on_its_future(local_ray, tmp_path):
    result = train.run("sequence-lstm", {"epochs": 4, "learningRate": 0.01, "window": 20},
                       workers=1, storage_path=str(tmp_path / "runs"), model_dir=str(tmp_path / "out"))

    assert result.error is None
    assert result.metrics["rmse"] < 2.0
    model = torch.jit.load(str(tmp_path / "out" / "model" / "data" / "model.pth"))
    assert tuple(model(torch.ones(3, 20, 1) * 20).shape) == (3, 1)


def test_own_code_trains_on_an_uploaded_csv_with_the_chosen_target(local_ray, tmp_path):
    code = tmp_path / "model.py"
    code.write_text(
        "import torch\n"
        "def build_model(config, input_shape, outputs):\n"
        "    return torch.nn.Linear(input_shape[0], outputs)\n")
    data = tmp_path / "houses.csv"
    rows = ["rooms,area,price"] + [f"{r},{a},{10 * r + 2 * a}" for r in range(1, 9) for a in range(20, 40)]
    data.write_text("\n".join(rows))

    result = train.run(None, {"epochs": 5, "learningRate": 0.05, "batchSize": 16, "targetColumn": "price"},
                       workers=1, storage_path=str(tmp_path / "runs"), model_dir=str(tmp_path / "out"),
                       code_path=str(code), data_path=str(data))

    assert result.error is None
    assert "rmse" in result.metrics
    model = torch.jit.load(str(tmp_path / "out" / "model" / "data" / "model.pth"))
    assert tuple(model(torch.zeros(1, 2)).shape) == (1, 1)
