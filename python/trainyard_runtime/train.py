"""Data-parallel training of a task on Ray Train, with progress lines and MLflow on rank 0."""
import os
import re
import tempfile

import torch
from torch import nn

import ray.train
import ray.train.torch
from ray.train import Checkpoint, RunConfig, ScalingConfig
from ray.train.torch import TorchTrainer

from . import own_code, progress, templates
from .templates import CLASSIFICATION, DEFAULTS


class NonFiniteLoss(Exception):
    """A stop rule of every job: training on after the loss is NaN or infinite only burns compute."""
    PATTERN = re.compile(r"loss became \S+ at epoch \d+, step \d+")


def resolve(config: dict):
    """The task of a job: a built-in template, or the user's code (imported on the workers only)."""
    hp = {**DEFAULTS, **config["hyperparameters"]}
    if config.get("code_path"):
        return hp, own_code.task(config["code_path"], hp, config.get("data_path"))
    return hp, templates.task(config["template"], hp, config.get("data_path"))


def _evaluate(model, loader, kind):
    model.eval()
    correct = total = 0
    loss_sum = 0.0
    criterion = nn.CrossEntropyLoss(reduction="sum") if kind == CLASSIFICATION else nn.MSELoss(reduction="sum")
    with torch.no_grad():
        for x, y in loader:
            out = model(x)
            loss_sum += criterion(out, y).item()
            if kind == CLASSIFICATION:
                correct += (out.argmax(1) == y).sum().item()
            total += len(y)
    model.train()
    loss = loss_sum / max(total, 1)
    if kind == CLASSIFICATION:
        return {"val_loss": loss, "accuracy": correct / max(total, 1)}
    return {"val_loss": loss, "rmse": loss ** 0.5}


def train_func(config: dict):
    """Runs on every worker. Rank 0 alone prints progress and writes to MLflow."""
    hp, task = resolve(config)
    train_set, test_set = task.datasets()
    torch.manual_seed(0)
    model = ray.train.torch.prepare_model(task.build(hp, task.input_shape, task.outputs))
    batch = int(hp["batchSize"])
    train_loader = ray.train.torch.prepare_data_loader(
        torch.utils.data.DataLoader(train_set, batch_size=batch, shuffle=True))
    test_loader = torch.utils.data.DataLoader(test_set, batch_size=256)
    optimizer = torch.optim.Adam(model.parameters(), lr=float(hp["learningRate"]))
    criterion = nn.CrossEntropyLoss() if task.kind == CLASSIFICATION else nn.MSELoss()
    context = ray.train.get_context()
    rank0 = context.get_world_rank() == 0
    epochs = int(hp["epochs"])
    until = min(epochs, int(config.get("pause_at_epoch") or epochs))
    every = int(config.get("progress_every_steps") or 0)
    start_epoch, step = 0, 0
    restored = ray.train.get_checkpoint()
    if restored:
        with restored.as_directory() as d:
            state = torch.load(os.path.join(d, "state.pt"))
        _unwrap(model).load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        start_epoch, step = state["epoch"], state["step"]
        if rank0:
            print(f"Trainyard: resumed from the checkpoint after epoch {start_epoch}", flush=True)
    for epoch in range(start_epoch, until):
        if context.get_world_size() > 1:
            train_loader.sampler.set_epoch(epoch)
        batches = len(train_loader)
        for batch, (x, y) in enumerate(train_loader):
            optimizer.zero_grad()
            loss = criterion(model(x), y)
            if not torch.isfinite(loss):
                raise NonFiniteLoss(f"loss became {loss.item()} at epoch {epoch + 1}, step {step + 1}")
            loss.backward()
            optimizer.step()
            step += 1
            # The epoch's last step is reported below, with its metrics: one line a step.
            if rank0 and every and step % every == 0 and batch < batches - 1:
                progress.emit(epoch, epochs, step, {"loss": loss.item()})
        metrics = {"loss": loss.item(), **_evaluate(_unwrap(model), test_loader, task.kind)}
        with tempfile.TemporaryDirectory() as d:
            checkpoint = None
            if rank0:
                torch.save({"model": _unwrap(model).state_dict(), "optimizer": optimizer.state_dict(),
                            "epoch": epoch + 1, "step": step}, os.path.join(d, "state.pt"))
                checkpoint = Checkpoint.from_directory(d)
                progress.emit(epoch + 1, epochs, step, metrics)
            ray.train.report(metrics, checkpoint=checkpoint)
    # Paused before the end: the checkpoint is what a later attempt resumes from; no model yet.
    if rank0 and until == epochs:
        _save_model(_unwrap(model), task, config)


def epochs_of(hyperparameters: dict) -> int:
    return int({**DEFAULTS, **hyperparameters}["epochs"])


def checkpoint_epoch(result) -> int:
    """The epoch a run's latest checkpoint was taken after: where it paused, and resumes from."""
    if result.checkpoint is None:
        return 0
    with result.checkpoint.as_directory() as d:
        return int(torch.load(os.path.join(d, "state.pt"))["epoch"])


def _unwrap(model):
    """prepare_model wraps in DDP only when there is more than one worker."""
    return model.module if hasattr(model, "module") else model


def _save_model(model, task, config):
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


def run(template: str | None, hyperparameters: dict, workers: int, storage_path: str,
        mlflow_tracking_uri: str | None = None, mlflow_run_id: str | None = None,
        model_dir: str | None = None, name: str = "trainyard", code_path: str | None = None,
        data_path: str | None = None, cpus_per_worker: float = 1, gpus_per_worker: int = 0,
        progress_every_steps: int = 0, pause_at_epoch: int | None = None):
    """Trains on the Ray cluster this process is connected to; returns Ray Train's result.

    A run with the same name and storage path resumes from its latest checkpoint. With
    pause_at_epoch before the last epoch, it stops after that epoch's checkpoint, saving no model."""
    if code_path is None and template not in templates.IDS:
        raise ValueError(f"unknown template '{template}' (known: {', '.join(sorted(templates.IDS))})")
    resources = {"CPU": cpus_per_worker, "GPU": gpus_per_worker} if gpus_per_worker else {"CPU": cpus_per_worker}
    trainer = TorchTrainer(
        train_func,
        train_loop_config={"template": template, "hyperparameters": hyperparameters,
                           "mlflow_tracking_uri": mlflow_tracking_uri, "mlflow_run_id": mlflow_run_id,
                           "model_dir": model_dir, "code_path": code_path, "data_path": data_path,
                           "progress_every_steps": progress_every_steps,
                           "pause_at_epoch": pause_at_epoch},
        scaling_config=ScalingConfig(num_workers=workers, use_gpu=gpus_per_worker > 0,
                                     resources_per_worker=resources),
        run_config=RunConfig(name=name, storage_path=storage_path),
    )
    return trainer.fit()
