"""CTest: a PyTorch training with the probe writes a run folder; `rankscope --headless --open` of it
gives, for every checkpoint and weight matrix, the singular values and ranks of numpy's SVD of the
same tensors (conv kernels reshaped to [out, in*kh*kw]). Also checks the probe's own files.

    python3 test_probe_open.py RANKSCOPE_EXECUTABLE WORK_DIR
Exit 77 (skipped) when torch is not installed.
"""
import csv
import json
import os
import shutil
import subprocess
import sys

import numpy as np

try:
    import torch  # noqa: F401
except ImportError:
    print("torch is not installed (Debian: python3-torch): skipped")
    sys.exit(77)

from probe_training import train

EPS = 1e-3  # RankScope's default rank_eps, spectral norm: rank = #{s_i / s_1 > eps}


def rows(path):
    with open(path, newline="") as file:
        return list(csv.DictReader(file))


def main(rankscope, work):
    shutil.rmtree(work, ignore_errors=True)
    run, out = os.path.join(work, "run"), os.path.join(work, "out")
    train(run, steps=300, every=50)

    probe_rows = rows(os.path.join(run, "metrics.csv"))
    assert [int(r["step"]) for r in probe_rows] == list(range(0, 301, 50)), probe_rows
    config = json.load(open(os.path.join(run, "config.json")))
    assert config["matrices"] == ["0.weight", "3.weight", "5.weight"], config
    assert all(float(r["update_noise_3.weight"]) > 0 for r in probe_rows[1:]), probe_rows
    assert float(probe_rows[1]["lr"]) == 0.05 and float(probe_rows[1]["weight_decay"]) == 5e-4
    assert not [n for n in os.listdir(os.path.join(run, "weights")) if not n.endswith(".npz")]

    result = subprocess.run([rankscope, "--headless", "--open", run, "--out", out],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    metrics = rows(os.path.join(out, "metrics.csv"))
    assert [int(r["step"]) for r in metrics] == list(range(0, 301, 50)), metrics
    spectra = {}
    for r in rows(os.path.join(out, "singular_values.csv")):
        spectra.setdefault((int(r["step"]), r["tensor"]), []).append(float(r["value"]))

    compared = 0
    for row in metrics:
        step = int(row["step"])
        with np.load(os.path.join(run, "weights", "step_%08d.npz" % step)) as arrays:
            for name in config["matrices"]:
                w = arrays[name].astype(np.float64)
                s = np.linalg.svd(w.reshape(w.shape[0], -1), compute_uv=False)
                got = np.array(spectra[(step, name)])
                assert got.shape == s.shape, (step, name, got.shape, s.shape)
                assert np.allclose(got, s, rtol=1e-9, atol=1e-12 * s[0]), (step, name, got - s)
                assert int(row["rank_" + name]) == int(np.sum(s / s[0] > EPS)), (step, name)
                assert np.isclose(float(row["fro_" + name]), np.linalg.norm(w), rtol=1e-9)
                compared += 1
    assert compared == 7 * 3
    change = [float(r["change_per_checkpoint_0.weight"]) for r in metrics]
    assert np.isnan(change[0]) and all(c > 0 for c in change[1:]), change
    print("probe + rankscope --open: %d matrices agree with numpy's SVD" % compared)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
