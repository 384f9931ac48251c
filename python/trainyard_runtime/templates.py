"""Built-in templates: data that ships with scikit-learn or is generated (nothing is downloaded).

Each template's id, shapes, metric and hyperparameters are declared once, in
contracts/src/main/resources/templates/<id>.json; this module builds what trains. A task is the
data, the model and how it is scored: classification (cross-entropy, accuracy) or regression
(mean squared error, rmse). Models carry their own input and output scaling, so the registered
model takes raw values and answers in the data's units.
"""
from dataclasses import dataclass
from typing import Callable

import numpy as np
import torch
from sklearn.datasets import load_diabetes, load_digits
from sklearn.model_selection import train_test_split
from torch import nn

SEED = 7
CLASSIFICATION = "classification"
REGRESSION = "regression"


@dataclass
class Task:
    kind: str
    datasets: Callable[[], tuple]  # () -> (train TensorDataset, held-out TensorDataset)
    build: Callable[[dict, tuple, int], nn.Module]  # (hyperparameters, input shape, outputs)
    input_shape: tuple
    outputs: int
    scale: tuple = (0.0, 1.0)  # the target's (mean, std), for models that answer in its units


def _tensors(x, y, kind):
    y = torch.from_numpy(y).long() if kind == CLASSIFICATION else torch.from_numpy(y.astype(np.float32)).reshape(-1, 1)
    return torch.utils.data.TensorDataset(torch.from_numpy(x.astype(np.float32)), y)


def split(x, y, kind):
    """80/20 with a fixed seed: the held-out part is never trained on."""
    stratify = y if kind == CLASSIFICATION else None
    x_train, x_test, y_train, y_test = train_test_split(
        x, y, test_size=0.2, random_state=SEED, stratify=stratify)
    return _tensors(x_train, y_train, kind), _tensors(x_test, y_test, kind)


class Affine(nn.Module):
    """x * scale + shift with fixed buffers: input standardising and output un-standardising."""

    def __init__(self, shift, scale):
        super().__init__()
        self.register_buffer("shift", torch.as_tensor(shift, dtype=torch.float32))
        self.register_buffer("scale", torch.as_tensor(scale, dtype=torch.float32))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x * self.scale + self.shift


def digits(flat: bool):
    x, y = load_digits(return_X_y=True)
    x = x / 16.0
    if not flat:
        x = x.reshape(-1, 1, 8, 8)
    return split(x, y, CLASSIFICATION)


def digits_mlp(hp: dict, input_shape=(64,), outputs=10) -> nn.Module:
    hidden = int(hp.get("hidden", 128))
    return nn.Sequential(nn.Linear(input_shape[0], hidden), nn.ReLU(), nn.Linear(hidden, outputs))


def digits_cnn(hp: dict, input_shape=(1, 8, 8), outputs=10) -> nn.Module:
    channels = int(hp.get("channels", 16))
    return nn.Sequential(
        nn.Conv2d(1, channels, 3, padding=1), nn.ReLU(),
        nn.Conv2d(channels, channels * 2, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(channels * 2 * 4 * 4, 64), nn.ReLU(), nn.Linear(64, outputs))


def table(data_path, hp):
    """scikit-learn's diabetes set, or an uploaded CSV: numeric columns, one of them the target."""
    if data_path is None:
        return load_diabetes(return_X_y=True)
    import pandas as pd

    frame = pd.read_csv(data_path)
    target = hp.get("targetColumn", "target")
    if target not in frame.columns:
        raise ValueError(f"targetColumn '{target}' is not a column of the uploaded CSV "
                         f"(columns: {', '.join(map(str, frame.columns))})")
    features = frame.drop(columns=[target]).select_dtypes("number")
    if features.shape[1] == 0:
        raise ValueError("the uploaded CSV has no numeric column besides the target")
    return features.to_numpy(dtype=np.float64), frame[target].to_numpy(dtype=np.float64)


def regressor(x, y, hp):
    hidden = int(hp.get("hidden", 64))
    x_mean, x_std = x.mean(0), x.std(0) + 1e-8
    y_mean, y_std = float(y.mean()), float(y.std() + 1e-8)
    model = nn.Sequential(
        Affine(-x_mean / x_std, 1.0 / x_std),
        nn.Linear(x.shape[1], hidden), nn.ReLU(), nn.Linear(hidden, hidden), nn.ReLU(),
        nn.Linear(hidden, 1), Affine(y_mean, y_std))
    return model


def series(data_path, hp):
    """A generated seasonal series with trend and noise, or a column of an uploaded CSV."""
    if data_path is None:
        t = np.arange(1500, dtype=np.float64)
        rng = np.random.default_rng(SEED)
        return 10 + 0.01 * t + 2 * np.sin(t / 12) + np.sin(t / 5.3) + 0.2 * rng.standard_normal(len(t))
    import pandas as pd

    frame = pd.read_csv(data_path)
    column = hp.get("valueColumn", "close")
    if column not in frame.columns:
        raise ValueError(f"valueColumn '{column}' is not a column of the uploaded CSV "
                         f"(columns: {', '.join(map(str, frame.columns))})")
    return frame[column].astype(float).to_numpy()


def windows(values, window):
    if len(values) <= window + 10:
        raise ValueError(f"the series has {len(values)} values: too few for a window of {window}")
    x = np.stack([values[i:i + window] for i in range(len(values) - window)])[..., None]
    return x, values[window:]


class Forecaster(nn.Module):
    def __init__(self, hidden: int, mean: float, std: float):
        super().__init__()
        self.norm = Affine(-mean / std, 1.0 / std)
        self.lstm = nn.LSTM(1, hidden, batch_first=True)
        self.head = nn.Linear(hidden, 1)
        self.denorm = Affine(mean, std)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out, _ = self.lstm(self.norm(x))
        return self.denorm(self.head(out[:, -1, :]))


def task(template: str, hp: dict, data_path=None) -> Task:
    if template == "digits-mlp":
        return Task(CLASSIFICATION, lambda: digits(True), digits_mlp, (64,), 10)
    if template == "digits-cnn":
        return Task(CLASSIFICATION, lambda: digits(False), digits_cnn, (1, 8, 8), 10)
    if template == "tabular-regression":
        x, y = table(data_path, hp)
        return Task(REGRESSION, lambda: split(x, y, REGRESSION),
                    lambda h, shape, out: regressor(x, y, h), (x.shape[1],), 1)
    if template == "sequence-lstm":
        values = series(data_path, hp)
        window = int(hp.get("window", 30))
        x, y = windows(values, window)
        # A time series is split in time, not at random: the model is scored on the future.
        cut = int(len(x) * 0.8)
        datasets = lambda: (_tensors(x[:cut], y[:cut], REGRESSION), _tensors(x[cut:], y[cut:], REGRESSION))
        build = lambda h, shape, out: Forecaster(int(h.get("hidden", 32)), float(values.mean()), float(values.std() + 1e-8))
        return Task(REGRESSION, datasets, build, (window, 1), 1)
    raise ValueError(f"unknown template '{template}' (known: {', '.join(sorted(IDS))})")


IDS = ("digits-mlp", "digits-cnn", "tabular-regression", "sequence-lstm")
DEFAULTS = {"epochs": 10, "learningRate": 0.001, "batchSize": 64}
