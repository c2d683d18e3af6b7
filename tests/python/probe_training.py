"""A small PyTorch training with the RankScope probe, shared by the probe tests and the overhead
benchmark: a net with one Conv2d and two Linear layers on a fixed random 4-class problem of 8x8
images, SGD with momentum and weight decay.

    python3 probe_training.py DIR [--steps N] [--every K] [--no-probe]
"""
import argparse
import os
import sys
import time

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "python"))
from rankscope_probe import Probe  # noqa: E402


def make_model():
    return torch.nn.Sequential(
        torch.nn.Conv2d(1, 8, 3), torch.nn.ReLU(), torch.nn.Flatten(),
        torch.nn.Linear(8 * 6 * 6, 32), torch.nn.ReLU(), torch.nn.Linear(32, 4))


def train(directory, steps=300, every=50, probe=True, batch_size=32, on_step=None):
    """Trains and returns (model, optimizer, seconds spent in the loop); on_step(step, optimizer)
    is called after each step (after the probe's) and stops the training by returning True."""
    torch.manual_seed(0)
    x = torch.randn(512, 1, 8, 8)
    y = (x[:, 0, :4, :].sum(dim=(1, 2)) > 0).long() * 2 + (x[:, 0, 4:, :].sum(dim=(1, 2)) > 0).long()
    model = make_model()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9, weight_decay=5e-4)
    watcher = Probe(model, optimizer, directory, every=every) if probe else None
    start = time.perf_counter()
    for step in range(steps):
        index = torch.randint(0, len(x), (batch_size,))
        logits = model(x[index])
        loss = torch.nn.functional.cross_entropy(logits, y[index])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if watcher:
            accuracy = (logits.argmax(dim=1) == y[index]).float().mean().item()
            watcher.step(loss=loss.item(), accuracy=accuracy, epoch=step * batch_size / len(x),
                         batch_size=batch_size)
        if on_step and on_step(step + 1, optimizer):
            break
    return model, optimizer, time.perf_counter() - start


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("directory")
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument("--every", type=int, default=50)
    parser.add_argument("--no-probe", action="store_true")
    arguments = parser.parse_args()
    train(arguments.directory, arguments.steps, arguments.every, not arguments.no_probe)
