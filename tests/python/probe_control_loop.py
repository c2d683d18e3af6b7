"""The training side of test_control_round_trip: trains with the probe in DIR until the optimizer's
lr leaves its initial 0.05 (at most 60 s), then prints "changed at step N: lr X weight_decay Y".

    python3 probe_control_loop.py DIR
Exit 77 when torch is not installed.
"""
import sys
import time

try:
    import torch  # noqa: F401
except ImportError:
    print("torch is not installed (Debian: python3-torch): skipped")
    sys.exit(77)

from probe_training import train

deadline = time.monotonic() + 60


def changed(step, optimizer):
    group = optimizer.param_groups[0]
    if group["lr"] != 0.05:
        print("changed at step %d: lr %r weight_decay %r" % (step, group["lr"], group["weight_decay"]), flush=True)
        return True
    return time.monotonic() > deadline


train(sys.argv[1], steps=10**9, every=1000, on_step=changed)
