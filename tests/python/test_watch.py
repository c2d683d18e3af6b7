"""CTest: `rankscope --headless --watch DIR` while a writer adds checkpoints to DIR: every checkpoint
is analysed exactly once, in step order, and no half-written file is ever read. The writer mixes
the probe's way (temporary name, then os.replace), files that appear half-written and are
completed after a pause, and temporary names that are never renamed.

    python3 test_watch.py RANKSCOPE_EXECUTABLE WORK_DIR
"""
import csv
import io
import os
import shutil
import subprocess
import sys
import time

import numpy as np

STEPS = list(range(0, 500, 50))  # 10 checkpoints
SLOW = {150, 350}  # written in place in two halves, 1.5 s apart (longer than the 0.5 s poll)


def checkpoint_bytes(step):
    rng = np.random.default_rng(step)
    out = io.BytesIO()
    np.savez(out, **{"conv.weight": rng.standard_normal((4, 2, 3, 3)).astype(np.float32),
                     "conv.bias": np.zeros(4, np.float32),
                     "fc.weight": rng.standard_normal((3, 18)).astype(np.float32)})
    return out.getvalue()


def main(rankscope, work):
    shutil.rmtree(work, ignore_errors=True)
    run, out = os.path.join(work, "run"), os.path.join(work, "out")
    weights = os.path.join(run, "weights")
    os.makedirs(weights)
    open(os.path.join(run, "config.json"), "w").write("{}")
    watcher = subprocess.Popen([rankscope, "--headless", "--watch", run, "--out", out, "--max-seconds", "12"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(1)
    for step in STEPS:
        data, path = checkpoint_bytes(step), os.path.join(weights, "step_%08d.npz" % step)
        if step in SLOW:
            with open(path, "wb") as file:
                file.write(data[: len(data) // 2])
                file.flush()
                time.sleep(1.5)
                file.write(data[len(data) // 2:])
        else:
            with open(path + ".tmp", "wb") as file:
                file.write(data)
            os.replace(path + ".tmp", path)
        with open(os.path.join(weights, ".step_%08d.npz.tmp" % (step + 1)), "wb") as file:
            file.write(data[:100])  # a temporary name, never renamed: must be ignored
        time.sleep(0.2)
    stdout, stderr = watcher.communicate(timeout=60)
    assert watcher.returncode == 0, stderr

    with open(os.path.join(out, "metrics.csv"), newline="") as file:
        steps = [int(row["step"]) for row in csv.DictReader(file)]
    assert steps == STEPS, (steps, stdout, stderr)
    for line in stderr.splitlines():  # a half-written file is either skipped or read, then read again
        assert line.startswith("warning: ") and "analysed again if the file changes" in line, stderr
    print("watched %d checkpoints, each analysed once; %d half-written reads retried"
          % (len(steps), len(stderr.splitlines())))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
