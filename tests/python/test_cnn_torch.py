"""CTest: RankScope's CNN against PyTorch (Debian's python3-torch, one thread).

For cross-entropy and MSE, a headless run of a small CNN (five conv blocks: three convolved directly,
one of them residual, one by Winograd's tiles, unpadded, and one through im2col patches; max pooling;
a dense hidden layer) on 2-channel
synthetic images trains 20 full-batch GD steps with weight
decay and momentum; it saves the data (data/train_x.npy as [N, C, H, W]) and the weights of every
step (conv kernels as [out, in, k, k]). The same nn.Conv2d / nn.MaxPool2d / nn.Linear network,
loaded with step 0's weights by name, is trained on the same data with torch.optim.SGD; the weights
after step 1 and step 20 must agree within float32 tolerance. The conv layers' rank, s_1 and stable
rank in metrics.csv must equal numpy's SVD of the saved kernels reshaped to [out, in k k].

    python3 test_cnn_torch.py RANKSCOPE_EXECUTABLE WORK_DIR
"""
import csv
import json
import os
import shutil
import subprocess
import sys

import numpy as np

try:
    import torch
except ImportError:
    print("python3-torch is not installed: skipped")
    sys.exit(77)

torch.set_num_threads(1)

PRESET = {
    "seed": 3,
    "data": {"kind": "images", "image_shape": [2, 12, 12], "classes": 4, "train_size": 48, "test_size": 16},
    "model": {"kind": "cnn", "hidden": [16], "residual": True, "bias": True,
              "conv": [{"channels": 3, "kernel": 3, "stride": 1, "padding": 1, "pool": 2},
                       {"channels": 3, "kernel": 3, "stride": 1, "padding": 1, "pool": 0},
                       {"channels": 16, "kernel": 3, "stride": 1, "padding": 1, "pool": 0},
                       {"channels": 8, "kernel": 3, "stride": 1, "padding": 0, "pool": 0},
                       {"channels": 6, "kernel": 2, "stride": 1, "padding": 0, "pool": 2}]},
    "train": {"full_batch": True, "lr": 0.05, "weight_decay": 0.01, "momentum": 0.9},
}
STEPS = 20


class TorchCnn(torch.nn.Module):
    """The network RankScope builds from the same model settings (core/nn/network.h)."""

    def __init__(self, model, image, classes):
        super().__init__()
        channels, height, width = image
        self.convs, self.pools, self.skips = torch.nn.ModuleList(), [], []
        for i, block in enumerate(model["conv"]):
            k, s, p = block["kernel"], block["stride"], block["padding"]
            self.convs.append(torch.nn.Conv2d(channels, block["channels"], k, s, p, bias=model["bias"]))
            out_h, out_w = (height + 2 * p - k) // s + 1, (width + 2 * p - k) // s + 1
            self.skips.append(model["residual"] and i > 0 and (block["channels"], out_h, out_w) == (channels, height, width))
            self.pools.append(torch.nn.MaxPool2d(block["pool"]) if block["pool"] >= 2 else None)
            channels, height, width = block["channels"], out_h, out_w
            if block["pool"] >= 2:
                height, width = height // block["pool"], width // block["pool"]
        widths = [channels * height * width] + model["hidden"] + [classes]
        self.dense = torch.nn.ModuleList(torch.nn.Linear(a, b, bias=model["bias"]) for a, b in zip(widths, widths[1:]))
        self.dense_skips = [model["residual"] and 0 < i < len(widths) - 2 and widths[i] == widths[i + 1]
                            for i in range(len(widths) - 1)]

    def layers(self):
        return list(self.convs) + list(self.dense)

    def forward(self, x):
        for conv, pool, skip in zip(self.convs, self.pools, self.skips):
            y = torch.relu(conv(x))
            x = (y + x if skip else y)
            x = pool(x) if pool else x
        x = x.flatten(1)
        for i, (layer, skip) in enumerate(zip(self.dense, self.dense_skips)):
            y = layer(x)
            if i + 1 < len(self.dense):
                y = torch.relu(y) + (x if skip else 0)
            x = y
        return x


def load_weights(net, path):
    with np.load(path) as arrays:
        for l, layer in enumerate(net.layers(), start=1):
            assert arrays[f"W{l}"].shape == tuple(layer.weight.shape), (f"W{l}", arrays[f"W{l}"].shape)
            assert arrays[f"W{l}"].dtype == np.float32
            layer.weight.data = torch.from_numpy(arrays[f"W{l}"].copy())
            layer.bias.data = torch.from_numpy(arrays[f"b{l}"].copy())


def compare(net, path, step, loss):
    with np.load(path) as arrays:
        for l, layer in enumerate(net.layers(), start=1):
            ours, theirs = arrays[f"W{l}"], layer.weight.detach().numpy()
            error = np.abs(ours - theirs).max() / max(1.0, np.abs(theirs).max())
            assert error < 2e-5, f"{loss}: step {step}: W{l} differs from PyTorch by {error:.2e}"
            bias_error = np.abs(arrays[f"b{l}"] - layer.bias.detach().numpy()).max()
            assert bias_error < 2e-5, f"{loss}: step {step}: b{l} differs from PyTorch by {bias_error:.2e}"


def check(rankscope, work, loss):
    out = os.path.join(work, loss)
    preset = dict(PRESET, loss=loss)
    with open(os.path.join(work, f"{loss}.json"), "w") as file:
        json.dump(preset, file)
    subprocess.run([rankscope, "--headless", "--preset", os.path.join(work, f"{loss}.json"), "--steps", str(STEPS),
                    "--out", out, "--save-weights-every", "1", "--save-data"], check=True)
    x = np.load(os.path.join(out, "data", "train_x.npy"))
    y = np.load(os.path.join(out, "data", "train_y.npy"))
    assert x.shape == (48, 2, 12, 12) and x.dtype == np.float32, x.shape
    net = TorchCnn(preset["model"], x.shape[1:], 4)
    load_weights(net, os.path.join(out, "weights", "step_00000000.npz"))
    train = preset["train"]
    optimizer = torch.optim.SGD(net.parameters(), lr=train["lr"], momentum=train["momentum"],
                                weight_decay=train["weight_decay"])
    inputs, labels = torch.from_numpy(x), torch.from_numpy(y)
    for step in range(1, STEPS + 1):
        optimizer.zero_grad()
        logits = net(inputs)
        if loss == "mse":
            value = torch.nn.functional.mse_loss(logits, torch.nn.functional.one_hot(labels, 4).float())
        else:
            value = torch.nn.functional.cross_entropy(logits, labels)
        value.backward()
        optimizer.step()
        if step in (1, STEPS):
            compare(net, os.path.join(out, "weights", f"step_{step:08d}.npz"), step, loss)
    check_measures(out)


def check_measures(out):
    """A conv layer's measures are those of its kernel reshaped to [out, in k k] (numpy's SVD)."""
    with open(os.path.join(out, "metrics.csv"), newline="") as file:
        last = list(csv.DictReader(file))[-1]
    with np.load(os.path.join(out, "weights", f"step_{STEPS:08d}.npz")) as arrays:
        for l in range(1, 6):  # the five conv layers
            kernel = arrays[f"W{l}"].astype(np.float64)
            s = np.linalg.svd(kernel.reshape(kernel.shape[0], -1), compute_uv=False)
            assert abs(float(last[f"spectral_L{l}"]) - s[0]) < 1e-4 * s[0], (l, last[f"spectral_L{l}"], s[0])
            assert int(last[f"rank_L{l}"]) == int((s / s[0] > 1e-3).sum()), (l, last[f"rank_L{l}"], s)
            stable = (s ** 2).sum() / s[0] ** 2
            assert abs(float(last[f"stable_rank_L{l}"]) - stable) < 1e-4 * stable, (l, stable)


def main(rankscope, work):
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    for loss in ("cross_entropy", "mse"):
        check(rankscope, work, loss)
    print("CNN steps equal PyTorch's for cross-entropy and MSE")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
