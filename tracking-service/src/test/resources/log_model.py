"""Plays the training runtime for tracking tests: puts a model into an MLflow run.

usage: log_model.py TRACKING_URI RUN_ID KIND [DIR]   (KIND: digits, wrong-shape, garbage)
The model goes where the runtime puts it: the run's artifact path "model", MLflow's pytorch
flavor holding a TorchScript module. With DIR, it is only saved there, as an executor that
cannot reach MLflow's artifact store would leave it.
"""
import pathlib
import sys
import tempfile

import mlflow
import mlflow.pytorch
import torch
from mlflow.tracking import MlflowClient

tracking_uri, run_id, kind = sys.argv[1:4]
mlflow.set_tracking_uri(tracking_uri)
torch.manual_seed(0)
outputs = 3 if kind == "wrong-shape" else 10
model = torch.jit.script(
    torch.nn.Sequential(torch.nn.Linear(64, 32), torch.nn.ReLU(), torch.nn.Linear(32, outputs))
)
with tempfile.TemporaryDirectory() as tmp:
    path = pathlib.Path(sys.argv[4] if len(sys.argv) > 4 else tmp) / "model"
    mlflow.pytorch.save_model(model, str(path), serialization_format="pickle")
    if kind == "garbage":
        (path / "data" / "model.pth").write_bytes(b"this is not a TorchScript archive")
    if len(sys.argv) > 4:
        print("saved", kind, "model to", path)
    else:
        MlflowClient().log_artifacts(run_id, str(path), "model")
        print("logged", kind, "model to", run_id)
