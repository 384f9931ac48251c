"""Exports what the DJL executor needs to train the digits templates without Python:
`python -m trainyard_runtime.export <dir>` writes, per template, its untrained TorchScript module
(the same definition and seeded initial weights Ray Train starts from) and the same 80/20 split
as CSV (64 pixel columns, then the label). job-service ships the result in its jar."""
import gzip
import os
import sys

import numpy as np
import torch

from . import templates

DJL_TEMPLATES = ("digits-mlp", "digits-cnn")


def export(out: str) -> None:
    os.makedirs(out, exist_ok=True)
    for template in DJL_TEMPLATES:
        task = templates.task(template, {})
        torch.manual_seed(0)
        module = torch.jit.script(task.build(dict(templates.DEFAULTS), task.input_shape, task.outputs))
        module.save(os.path.join(out, f"{template}.pt"))
    train, test = templates.task("digits-mlp", {}).datasets()
    for name, data in (("train", train), ("test", test)):
        x, y = data.tensors
        rows = np.concatenate([x.numpy(), y.numpy()[:, None]], axis=1)
        with gzip.open(os.path.join(out, f"digits-{name}.csv.gz"), "wt") as f:
            for row in rows:
                f.write(",".join(f"{v:g}" for v in row) + "\n")


if __name__ == "__main__":
    export(sys.argv[1])
