"""CTest: python/rankscope_probe.py without torch, on a model given as a mapping of numpy arrays and a
stand-in optimizer: the run-folder files, the relative update norm, and live knobs it applies,
hands to the batch-size callback, or reports as not applicable (control_ack.json and a warning); a
folder holding an earlier run is refused, and an earlier control.json is not applied.

    python3 test_probe_numpy.py RANKSCOPE_EXECUTABLE WORK_DIR
"""
import csv
import json
import os
import shutil
import sys
import warnings

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "python"))
from rankscope_probe import Probe  # noqa: E402


class Optimizer:  # the part of torch.optim.Optimizer the probe uses
    def __init__(self):
        self.param_groups = [{"lr": 0.1, "weight_decay": 0.01}, {"lr": 0.1, "weight_decay": 0.0}]


def write_control(directory, control):
    with open(os.path.join(directory, ".control.json.tmp"), "w") as file:
        json.dump(control, file)
    os.replace(os.path.join(directory, ".control.json.tmp"), os.path.join(directory, "control.json"))


def main(work):
    shutil.rmtree(work, ignore_errors=True)
    weights = {"W1": np.ones((3, 4), np.float32), "b1": np.zeros(3, np.float32)}
    optimizer, batch_sizes = Optimizer(), []
    probe = Probe(weights, optimizer, work, every=2, batch_size_callback=lambda b: batch_sizes.append(b) or True)
    weights["W1"] *= 1.5  # step 1
    probe.step(loss=1.0)
    weights["W1"] *= 2.0  # step 2: ||2W - W|| / ||W|| = 1
    probe.step(loss=0.5, accuracy=0.75, epoch=0.5, batch_size=8)

    with open(os.path.join(work, "metrics.csv"), newline="") as file:
        rows = list(csv.DictReader(file))
    assert [r["step"] for r in rows] == ["0", "2"], rows
    assert rows[1]["update_noise_W1"] == "1.0" and rows[1]["lr"] == "0.1" and rows[1]["batch_size"] == "8", rows
    assert sorted(os.listdir(os.path.join(work, "weights"))) == ["step_00000000.npz", "step_00000002.npz"]
    with np.load(os.path.join(work, "weights", "step_00000002.npz")) as arrays:
        assert arrays.files == ["W1", "b1"] and float(arrays["W1"][0, 0]) == 3.0
    assert json.load(open(os.path.join(work, "config.json")))["matrices"] == ["W1"]

    write_control(work, {"sequence": 1, "lr": 0.02, "batch_size": 64, "momentum": 0.5})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        probe.step()
    assert [g["lr"] for g in optimizer.param_groups] == [0.02, 0.02] and batch_sizes == [64]
    assert any("cannot apply momentum" in str(w.message) for w in caught), caught
    ack = json.load(open(os.path.join(work, "control_ack.json")))
    assert ack["sequence"] == 1 and ack["applied"] == {"lr": 0.02, "batch_size": 64}, ack
    assert "momentum" in ack["rejected"], ack
    probe.step()  # the same sequence is never applied twice
    write_control(work, {"sequence": 1, "lr": 0.5})
    probe.step()
    assert optimizer.param_groups[0]["lr"] == 0.02
    with open(os.path.join(work, "events.csv")) as file:
        assert file.read() == "step,key,old,new\n3,lr,0.1,0.02\n3,batch_size,,64\n"
    print("probe without torch: files, update norm and live knobs as documented")


def refuses_a_folder_with_an_earlier_run(work):
    """A second training into the same folder would mix its checkpoints with the first one's."""
    before = sorted(os.listdir(os.path.join(work, "weights")))
    metrics = open(os.path.join(work, "metrics.csv")).read()
    try:
        Probe({"W1": np.ones((3, 4), np.float32)}, Optimizer(), work, every=2)
    except FileExistsError as error:
        assert str(error).startswith(work + ": holds the checkpoints of an earlier run"), error
    else:
        raise AssertionError("a Probe wrote into a folder holding an earlier run's checkpoints")
    assert sorted(os.listdir(os.path.join(work, "weights"))) == before
    assert open(os.path.join(work, "metrics.csv")).read() == metrics
    print("probe: refuses a folder holding an earlier run, leaving it as it was")


def ignores_an_earlier_control_file(work):
    """control.json left from before the probe started is no request to this training."""
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    write_control(work, {"sequence": 4, "lr": 0.5})
    an_hour_ago = os.stat(os.path.join(work, "control.json")).st_mtime - 3600
    os.utime(os.path.join(work, "control.json"), (an_hour_ago, an_hour_ago))
    optimizer = Optimizer()
    probe = Probe({"W1": np.ones((3, 4), np.float32)}, optimizer, work, every=2)
    probe.step()
    assert optimizer.param_groups[0]["lr"] == 0.1, optimizer.param_groups
    write_control(work, {"sequence": 5, "lr": 0.02})  # what the window writes next
    probe.step()
    assert optimizer.param_groups[0]["lr"] == 0.02, optimizer.param_groups
    print("probe: an earlier control.json is not applied, the next request is")


if __name__ == "__main__":
    main(sys.argv[2])
    refuses_a_folder_with_an_earlier_run(sys.argv[2])
    ignores_an_earlier_control_file(sys.argv[2])
