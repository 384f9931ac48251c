"""Built-in templates: data that ships with scikit-learn (nothing is downloaded) and their models.

Each template's id, shapes, metric and hyperparameters are declared once, in
contracts/src/main/resources/templates/<id>.json; this module builds what trains.
"""
import numpy as np
import torch
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from torch import nn

SEED = 7


def digits(flat: bool):
    """8x8 digits scaled to [0, 1], split 80/20 with a fixed seed (held-out set never trained on)."""
    x, y = load_digits(return_X_y=True)
    x = (x / 16.0).astype(np.float32)
    if not flat:
        x = x.reshape(-1, 1, 8, 8)
    x_train, x_test, y_train, y_test = train_test_split(
        x, y, test_size=0.2, random_state=SEED, stratify=y)
    as_tensors = lambda a, b: torch.utils.data.TensorDataset(torch.from_numpy(a), torch.from_numpy(b).long())
    return as_tensors(x_train, y_train), as_tensors(x_test, y_test)


def digits_mlp(hp: dict) -> nn.Module:
    hidden = int(hp.get("hidden", 128))
    return nn.Sequential(nn.Linear(64, hidden), nn.ReLU(), nn.Linear(hidden, 10))


def digits_cnn(hp: dict) -> nn.Module:
    channels = int(hp.get("channels", 16))
    return nn.Sequential(
        nn.Conv2d(1, channels, 3, padding=1), nn.ReLU(),
        nn.Conv2d(channels, channels * 2, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(channels * 2 * 4 * 4, 64), nn.ReLU(), nn.Linear(64, 10))


# id -> (datasets, model builder, input shape without the batch dimension)
TEMPLATES = {
    "digits-mlp": (lambda: digits(flat=True), digits_mlp, (64,)),
    "digits-cnn": (lambda: digits(flat=False), digits_cnn, (1, 8, 8)),
}

DEFAULTS = {"epochs": 10, "learningRate": 0.001, "batchSize": 64}
