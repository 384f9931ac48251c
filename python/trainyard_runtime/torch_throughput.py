"""The PyTorch half of `bench/run djl`: the same template, split, batch size, optimizer and
thread count as the DJL executor, in plain PyTorch (eager, as a user writes it); prints training
samples per second (forward, loss, backward and step only).

    python -m trainyard_runtime.torch_throughput digits-mlp <epochs> <batch> <threads>
"""
import sys
import time

import torch
from torch import nn

from . import templates


def throughput(template: str, epochs: int, batch: int, threads: int):
    torch.set_num_threads(threads)
    task = templates.task(template, {})
    train_set, test_set = task.datasets()
    torch.manual_seed(0)
    model = task.build(dict(templates.DEFAULTS), task.input_shape, task.outputs)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.005)
    criterion = nn.CrossEntropyLoss()
    loader = torch.utils.data.DataLoader(train_set, batch_size=batch, shuffle=True)
    spent = 0.0
    for _ in range(epochs):
        start = time.perf_counter()
        for x, y in loader:
            optimizer.zero_grad()
            loss = criterion(model(x), y)
            loss.backward()
            optimizer.step()
        spent += time.perf_counter() - start
    x, y = test_set.tensors
    with torch.no_grad():
        accuracy = (model(x).argmax(1) == y).float().mean().item()
    return len(train_set) * epochs / spent, accuracy


if __name__ == "__main__":
    template, epochs, batch, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    torch.set_num_interop_threads(threads)
    throughput(template, 1, batch, threads)  # warm-up, as the DJL side does
    rate, accuracy = throughput(template, epochs, batch, threads)
    print(f"torch samples_per_second={rate:.1f} accuracy={accuracy:.4f}")
