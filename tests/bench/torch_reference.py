"""PyTorch reference for rankscope-bench: steps/s of the same training loop on one CPU thread.

Same network (64-256x4-10 ReLU MLP, nn.Linear init), loss (nn.CrossEntropyLoss), optimizer
(torch.optim.SGD, lr 0.01, weight_decay 1e-4) and batch sizes as tests/bench/rankscope_bench.cpp,
with batches drawn from pre-built random tensors so that data loading costs nothing.
With --cnn: the CNN of rankscope_bench.cpp instead (1x28x28 inputs, Conv2d 1->16 3x3 pad 1, ReLU,
MaxPool2d(2), Conv2d 16->32 3x3 pad 1, ReLU, MaxPool2d(2), Linear 1568->128, ReLU, Linear 128->10) at
batch sizes 8, 32 and 128.
Prints one line per batch size: "<batch> <steps per second>".
"""
import sys
import time

import torch

torch.set_num_threads(1)
torch.manual_seed(1)

SECONDS = 2.0
CNN = "--cnn" in sys.argv
if CNN:
    model = torch.nn.Sequential(
        torch.nn.Conv2d(1, 16, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Conv2d(16, 32, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Flatten(), torch.nn.Linear(1568, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10))
else:
    model = torch.nn.Sequential(
        torch.nn.Linear(64, 256), torch.nn.ReLU(),
        torch.nn.Linear(256, 256), torch.nn.ReLU(),
        torch.nn.Linear(256, 256), torch.nn.ReLU(),
        torch.nn.Linear(256, 256), torch.nn.ReLU(),
        torch.nn.Linear(256, 10))
optimizer = torch.optim.SGD(model.parameters(), lr=0.01, weight_decay=1e-4)
loss_fn = torch.nn.CrossEntropyLoss()
x_all = torch.randn(4096, 1, 28, 28) if CNN else torch.randn(4096, 64)
y_all = torch.randint(0, 10, (4096,))

for batch in (8, 32, 128) if CNN else (8, 32, 128, 512):
    def step(i):
        start = (i * batch) % (4096 - batch)
        x, y = x_all[start:start + batch], y_all[start:start + batch]
        optimizer.zero_grad()
        loss_fn(model(x), y).backward()
        optimizer.step()
    for i in range(20):
        step(i)
    steps, begin = 0, time.perf_counter()
    while time.perf_counter() - begin < SECONDS:
        step(steps)
        steps += 1
    print(batch, steps / (time.perf_counter() - begin), flush=True)
