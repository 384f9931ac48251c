"""Data-parallel training of a template on Ray Train, with progress lines and MLflow on rank 0."""
import os
import tempfile

import torch
from torch import nn

import ray.train
import ray.train.torch
from ray.train import Checkpoint, RunConfig, ScalingConfig
from ray.train.torch import TorchTrainer

from . import progress
from .templates import DEFAULTS, TEMPLATES


def _evaluate(model, loader):
    model.eval()
    correct = total = 0
    loss_sum = 0.0
    criterion = nn.CrossEntropyLoss(reduction="sum")
    with torch.no_grad():
        for x, y in loader:
            out = model(x)
            loss_sum += criterion(out, y).item()
            correct += (out.argmax(1) == y).sum().item()
            total += len(y)
    model.train()
    return loss_sum / max(total, 1), correct / max(total, 1)


def train_func(config: dict):
    """Runs on every worker. Rank 0 alone prints progress and writes to MLflow."""
    hp = {**DEFAULTS, **config["hyperparameters"]}
    datasets, build, _ = TEMPLATES[config["template"]]
    train_set, test_set = datasets()
    torch.manual_seed(0)
    model = ray.train.torch.prepare_model(build(hp))
    batch = int(hp["batchSize"])
    train_loader = ray.train.torch.prepare_data_loader(
        torch.utils.data.DataLoader(train_set, batch_size=batch, shuffle=True))
    test_loader = torch.utils.data.DataLoader(test_set, batch_size=256)
    optimizer = torch.optim.Adam(model.parameters(), lr=float(hp["learningRate"]))
    criterion = nn.CrossEntropyLoss()
    context = ray.train.get_context()
    rank0 = context.get_world_rank() == 0
    epochs = int(hp["epochs"])
    start_epoch, step = 0, 0
    restored = ray.train.get_checkpoint()
    if restored:
        with restored.as_directory() as d:
            state = torch.load(os.path.join(d, "state.pt"))
        _unwrap(model).load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        start_epoch, step = state["epoch"], state["step"]
    for epoch in range(start_epoch, epochs):
        if context.get_world_size() > 1:
            train_loader.sampler.set_epoch(epoch)
        for x, y in train_loader:
            optimizer.zero_grad()
            loss = criterion(model(x), y)
            loss.backward()
            optimizer.step()
            step += 1
        val_loss, accuracy = _evaluate(_unwrap(model), test_loader)
        metrics = {"loss": loss.item(), "val_loss": val_loss, "accuracy": accuracy}
        with tempfile.TemporaryDirectory() as d:
            checkpoint = None
            if rank0:
                torch.save({"model": _unwrap(model).state_dict(), "optimizer": optimizer.state_dict(),
                            "epoch": epoch + 1, "step": step}, os.path.join(d, "state.pt"))
                checkpoint = Checkpoint.from_directory(d)
                progress.emit(epoch + 1, epochs, step, metrics)
            ray.train.report(metrics, checkpoint=checkpoint)
    if rank0:
        _save_model(_unwrap(model), config)


def _unwrap(model):
    """prepare_model wraps in DDP only when there is more than one worker."""
    return model.module if hasattr(model, "module") else model


def _save_model(model, config):
    """TorchScript in MLflow's pytorch flavor, at the run's artifact path 'model' (see tracking-service)."""
    import mlflow
    import mlflow.pytorch
    from mlflow.tracking import MlflowClient

    model.eval()
    scripted = torch.jit.script(model)
    out = config.get("model_dir") or tempfile.mkdtemp(prefix="trainyard-model-")
    path = os.path.join(out, "model")
    mlflow.pytorch.save_model(scripted, path, serialization_format="pickle")
    if config.get("mlflow_run_id"):
        mlflow.set_tracking_uri(config["mlflow_tracking_uri"])
        MlflowClient().log_artifacts(config["mlflow_run_id"], path, "model")


def run(template: str, hyperparameters: dict, workers: int, storage_path: str,
        mlflow_tracking_uri: str | None = None, mlflow_run_id: str | None = None,
        model_dir: str | None = None, name: str = "trainyard"):
    """Trains on the Ray cluster this process is connected to; returns Ray Train's result."""
    if template not in TEMPLATES:
        raise ValueError(f"unknown template '{template}' (known: {', '.join(sorted(TEMPLATES))})")
    trainer = TorchTrainer(
        train_func,
        train_loop_config={"template": template, "hyperparameters": hyperparameters,
                           "mlflow_tracking_uri": mlflow_tracking_uri, "mlflow_run_id": mlflow_run_id,
                           "model_dir": model_dir},
        scaling_config=ScalingConfig(num_workers=workers, use_gpu=False),
        run_config=RunConfig(name=name, storage_path=storage_path),
    )
    return trainer.fit()
