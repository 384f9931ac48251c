"""The own-code contract (docs/own-code.md): a user's Python file defines the model.

    def build_model(config: dict, input_shape: tuple, outputs: int) -> torch.nn.Module   # required
    TASK = "classification" | "regression"                                              # optional
    def load_data(data_path: str | None, config: dict) -> (x: np.ndarray, y: np.ndarray) # optional

Without load_data the data is the uploaded CSV (all numeric columns but `targetColumn`), or the
8x8 digits when nothing was uploaded. The model is scored on a held-out 20 %.
"""
import importlib.util
import os

import numpy as np
from sklearn.datasets import load_digits

from .templates import CLASSIFICATION, REGRESSION, Task, split, table

ENTRY = "model.py"


def entry_file(code_path: str) -> str:
    """The user's file itself, or model.py inside an unpacked directory."""
    if os.path.isdir(code_path):
        path = os.path.join(code_path, ENTRY)
        if not os.path.isfile(path):
            raise ValueError(f"the uploaded code has no {ENTRY} at its top level")
        return path
    return code_path


def load_module(code_path: str):
    path = entry_file(code_path)
    spec = importlib.util.spec_from_file_location("trainyard_user_model", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    if not callable(getattr(module, "build_model", None)):
        raise ValueError(f"{os.path.basename(path)} defines no build_model(config, input_shape, outputs)")
    return module


def task(code_path: str, hp: dict, data_path=None) -> Task:
    module = load_module(code_path)
    if callable(getattr(module, "load_data", None)):
        x, y = module.load_data(data_path, hp)
        kind = getattr(module, "TASK", hp.get("task", CLASSIFICATION))
    elif data_path is not None:
        x, y = table(data_path, hp)
        kind = getattr(module, "TASK", hp.get("task", REGRESSION))
    else:
        x, y = load_digits(return_X_y=True)
        x = x / 16.0
        kind = CLASSIFICATION
    x, y = np.asarray(x), np.asarray(y)
    if kind not in (CLASSIFICATION, REGRESSION):
        raise ValueError(f"TASK must be '{CLASSIFICATION}' or '{REGRESSION}', not '{kind}'")
    outputs = int(y.max()) + 1 if kind == CLASSIFICATION else 1
    return Task(kind, lambda: split(x, y, kind),
                lambda h, shape, out: module.build_model(h, shape, out), tuple(x.shape[1:]), outputs)
