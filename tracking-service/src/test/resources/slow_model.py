"""A TorchScript model that takes its time: `steps` multiplications per answer.

usage: slow_model.py STEPS FILE
"""
import sys

import torch


class Slow(torch.nn.Module):
    def __init__(self, steps: int):
        super().__init__()
        self.steps = steps

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = x
        for _ in range(self.steps):
            y = y * 1.0000001
        return y[:, :10]


torch.jit.script(Slow(int(sys.argv[1]))).save(sys.argv[2])
