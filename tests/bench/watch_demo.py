"""A PyTorch training for the README's screenshot of `rankscope --watch`: an MLP 64-128x3-10 on a
fixed, overlapping 10-class Gaussian mixture, SGD with batch 8, lr 0.1 and weight decay 0.05 (past
updates fade within about 1,500 steps, so the ranks fall within the run), the probe saving every
25 steps.

    python3 watch_demo.py DIR [--steps N]
Exit 77 when torch is not installed.
"""
import argparse
import os
import sys

try:
    import torch
except ImportError:
    print("torch is not installed (Debian: python3-torch): skipped")
    sys.exit(77)

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "python"))
from rankscope_probe import Probe  # noqa: E402


def main(directory, steps):
    torch.manual_seed(1)
    centres = torch.randn(10, 64)
    y = torch.randint(0, 10, (4096,))
    x = centres[y] + torch.randn(4096, 64)
    model = torch.nn.Sequential(
        torch.nn.Linear(64, 128), torch.nn.ReLU(), torch.nn.Linear(128, 128), torch.nn.ReLU(),
        torch.nn.Linear(128, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, weight_decay=0.05)
    probe = Probe(model, optimizer, directory, every=25)
    for step in range(steps):
        index = torch.randint(0, len(x), (8,))
        logits = model(x[index])
        loss = torch.nn.functional.cross_entropy(logits, y[index])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        accuracy = (logits.argmax(dim=1) == y[index]).float().mean().item()
        probe.step(loss=loss.item(), accuracy=accuracy, epoch=step * 8 / len(x), batch_size=8)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("directory")
    parser.add_argument("--steps", type=int, default=4000)
    arguments = parser.parse_args()
    main(arguments.directory, arguments.steps)
