"""The Python probe's cost: the same small PyTorch training (tests/python/probe_training.py, a
Conv2d + 2 Linear net, batch 32, one thread) without the probe and with every = 1, 10, 100, in
interleaved rounds so that a busy machine slows every configuration alike. Reports the best loop
time of R rounds and, less sensitive to other load, the time spent inside Probe.step itself (with
the loss/accuracy .item() calls it needs) against the loop without the probe. Not a CTest test.

    /usr/bin/python3 tests/bench/probe_overhead.py [--steps N] [--repeats R]
"""
import argparse
import os
import sys
import tempfile
import time

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "python"))
import rankscope_probe  # noqa: E402
from probe_training import train  # noqa: E402

probe_seconds = 0.0
_step = rankscope_probe.Probe.step


def timed_step(self, *args, **kwargs):
    global probe_seconds
    start = time.perf_counter()
    _step(self, *args, **kwargs)
    probe_seconds += time.perf_counter() - start


rankscope_probe.Probe.step = timed_step


def main():
    global probe_seconds
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=3)
    arguments = parser.parse_args()
    torch.set_num_threads(1)
    configurations = [None, 1, 10, 100]
    loop = {every: [] for every in configurations}
    inside = {every: [] for every in configurations}
    for _ in range(arguments.repeats):
        for every in configurations:
            probe_seconds = 0.0
            with tempfile.TemporaryDirectory() as directory:
                loop[every].append(train(directory, arguments.steps, every or 1, every is not None)[2])
            inside[every].append(probe_seconds)
    base = min(loop[None])
    per_step = 1000 / arguments.steps
    print("torch %s, 1 thread, %d steps, best of %d interleaved rounds" % (torch.__version__, arguments.steps,
                                                                       arguments.repeats))
    print("no probe      loop %.3f ms/step" % (base * per_step))
    for every in configurations[1:]:
        print("every = %-5d loop %.3f ms/step (%+.1f%%), inside Probe.step %.3f ms/step (%.1f%% of the loop "
              "without probe)" % (every, min(loop[every]) * per_step, 100 * (min(loop[every]) / base - 1),
                                  min(inside[every]) * per_step, 100 * min(inside[every]) / base))


if __name__ == "__main__":
    main()
