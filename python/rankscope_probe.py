"""rankscope_probe: let RankScope watch your own training (``rankscope --watch DIR``).

    from rankscope_probe import Probe
    probe = Probe(model, optimizer, "runs/resnet", every=50)
    for x, y in loader:
        ...; loss.backward(); optimizer.step()
        probe.step(loss=loss.item(), accuracy=acc)

Every ``every`` steps (and once at the start, step 0) the probe writes, in RankScope's run-folder
format (the one ``rankscope --headless`` writes):

* ``DIR/weights/step_XXXXXXXX.npz``: every parameter as a numpy array, written under a temporary
  name and renamed (``os.replace``), so a reader never sees a half-written file;
* a ``DIR/metrics.csv`` row: step, epoch, lr, weight_decay, batch_size, loss, accuracy and, for each
  weight matrix (a parameter with 2 or more dimensions), ``update_noise_NAME``: the relative update
  ||W_t - W_{t-1}||_F / ||W_{t-1}||_F of that step, computed on the training device;
* ``DIR/config.json`` once: the tensors' names and shapes.

Each training needs its own folder: one that holds an earlier run's checkpoints is refused
(FileExistsError) rather than mixed with this run's.

Live knobs: RankScope's window writes ``DIR/control.json`` ({"sequence": n, "lr": ..., "weight_decay":
..., "batch_size": ...}). The probe notices a new file by its modification time (one ``os.stat`` per
step), applies a new sequence number to every parameter group of the optimizer (batch size through
``batch_size_callback(new) -> bool``, if given), appends each applied change to ``DIR/events.csv``
(step,key,old,new) and writes ``DIR/control_ack.json`` with what it applied and what it could not
(also printed as a warning): nothing is silently ignored.

Depends on numpy only; torch is used only through the objects you pass. A model may also be a
mapping of names to numpy arrays (or a callable returning one), with ``optimizer=None``.
Never writes pickles: RankScope refuses to load them, since loading a pickle runs arbitrary code.
"""

import csv
import glob
import json
import math
import os
import warnings

import numpy as np

__all__ = ["Probe"]

_CONTROL_KEYS = ("lr", "weight_decay", "batch_size")


def _atomic_write(path, write):
    """Calls write(file) on a temporary file next to path, then renames it over path."""
    folder, name = os.path.split(path)
    temporary = os.path.join(folder, "." + name + ".tmp")
    with open(temporary, "wb") as out:
        write(out)
    os.replace(temporary, path)


class Probe:
    def __init__(self, model, optimizer=None, directory="runs/run", every=50, batch_size_callback=None):
        if every < 1:
            raise ValueError("every must be >= 1, got %r" % (every,))
        self.model, self.optimizer, self.directory, self.every = model, optimizer, directory, int(every)
        self.batch_size_callback = batch_size_callback
        self.steps = 0
        self._before = None  # device copies of the matrices, taken the step before a row
        self._control_mtime, self._control_sequence = self._earlier_control()
        self._metrics = None
        earlier = glob.glob(os.path.join(glob.escape(directory), "weights", "step_*.npz"))
        if earlier:  # this run's checkpoints would mix with those, and its metrics.csv would be lost
            raise FileExistsError("%s: holds the checkpoints of an earlier run (%d weights/step_*.npz): "
                                  "give the probe a new folder, or delete them" % (directory, len(earlier)))
        os.makedirs(os.path.join(directory, "weights"), exist_ok=True)
        tensors = self._tensors()
        self._matrices = [name for name, t in tensors.items() if len(t.shape) >= 2]
        self._write_config(tensors)
        with open(os.path.join(directory, "events.csv"), "w", newline="") as events:
            events.write("step,key,old,new\n")
        self._save(loss=math.nan, accuracy=math.nan, epoch=None, batch_size=None, updates={})
        self._copy_before_a_row()

    # --- the training loop's side ------------------------------------------------------------
    def step(self, loss=math.nan, accuracy=math.nan, epoch=None, batch_size=None):
        """Call once after every optimizer.step()."""
        self.steps += 1
        self._check_control()
        if self.steps % self.every == 0:
            self._save(loss, accuracy, epoch, batch_size, self._update_norms())
            self._before = None
        self._copy_before_a_row()

    def _copy_before_a_row(self):
        """The next step writes a row: keep this step's matrices to measure its update against."""
        if (self.steps + 1) % self.every == 0:
            self._before = self._copy_matrices()

    # --- tensors ---------------------------------------------------------------------------------
    def _tensors(self):
        """name -> tensor or array, in the model's own order."""
        model = self.model() if callable(self.model) and not hasattr(self.model, "named_parameters") else self.model
        if hasattr(model, "named_parameters"):
            return {name: p.detach() for name, p in model.named_parameters()}
        return dict(model)

    def _copy_matrices(self):
        tensors = self._tensors()
        return {name: (tensors[name].clone() if hasattr(tensors[name], "clone") else np.array(tensors[name]))
                for name in self._matrices}

    def _update_norms(self):
        if self._before is None:
            return {}
        tensors = self._tensors()
        norms = []
        for name in self._matrices:
            now, before = tensors[name], self._before[name]
            if hasattr(now, "float"):  # torch: stays on the device until the single transfer below
                norms.append((now.float() - before.float()).norm() / before.float().norm())
            else:
                norms.append(np.linalg.norm(now - before) / np.linalg.norm(before))
        if norms and hasattr(norms[0], "cpu"):
            import torch  # only reached with torch tensors
            norms = torch.stack(norms).cpu().tolist()
        return dict(zip(self._matrices, (float(n) for n in norms)))

    @staticmethod
    def _numpy(tensor):
        if hasattr(tensor, "cpu"):
            tensor = tensor.detach()
            if str(tensor.dtype) == "torch.bfloat16":  # numpy has no bfloat16
                tensor = tensor.float()
            return tensor.cpu().numpy()
        return np.asarray(tensor)

    # --- files -----------------------------------------------------------------------------------
    def _write_config(self, tensors):
        config = {
            "source": "rankscope_probe",
            "every": self.every,
            "tensors": [{"name": name, "shape": list(t.shape)} for name, t in tensors.items()],
            "matrices": self._matrices,
        }
        text = json.dumps(config, indent=2).encode()
        _atomic_write(os.path.join(self.directory, "config.json"), lambda out: out.write(text))

    def _hyper_parameters(self):
        if self.optimizer is None:
            return math.nan, math.nan
        group = self.optimizer.param_groups[0]
        return group.get("lr", math.nan), group.get("weight_decay", math.nan)

    def _save(self, loss, accuracy, epoch, batch_size, updates):
        arrays = {name: self._numpy(t) for name, t in self._tensors().items()}
        path = os.path.join(self.directory, "weights", "step_%08d.npz" % self.steps)
        _atomic_write(path, lambda out: np.savez(out, **arrays))
        lr, weight_decay = self._hyper_parameters()
        row = [self.steps, epoch, lr, weight_decay, batch_size, loss, accuracy]
        row += [updates.get(name, math.nan) for name in self._matrices]
        if self._metrics is None:
            self._metrics = open(os.path.join(self.directory, "metrics.csv"), "w", newline="")
            self._metrics_csv = csv.writer(self._metrics)
            self._metrics_csv.writerow(["step", "epoch", "lr", "weight_decay", "batch_size", "loss", "accuracy"]
                                       + ["update_noise_" + name for name in self._matrices])
        self._metrics_csv.writerow(["" if value is None else value for value in row])
        self._metrics.flush()

    # --- live knobs ------------------------------------------------------------------------------
    def _earlier_control(self):
        """(mtime, sequence) of a control.json written before this training started: a request to an
        earlier run, not to this one, so it counts as applied; the window's next request is above it."""
        path = os.path.join(self.directory, "control.json")
        try:
            mtime = os.stat(path).st_mtime_ns
            with open(path) as file:
                return mtime, int(json.load(file)["sequence"])
        except (OSError, ValueError, KeyError, TypeError):
            return None, -1

    def _check_control(self):
        path = os.path.join(self.directory, "control.json")
        try:
            mtime = os.stat(path).st_mtime_ns
        except FileNotFoundError:
            return
        if mtime == self._control_mtime:
            return
        self._control_mtime = mtime
        try:
            with open(path) as file:
                control = json.load(file)
            sequence = int(control["sequence"])
        except (OSError, ValueError, KeyError, TypeError) as error:
            warnings.warn("rankscope_probe: %s is not a control file (%s)" % (path, error))
            return
        if sequence <= self._control_sequence:
            return
        self._control_sequence = sequence
        applied, rejected = {}, {}
        for key, value in control.items():
            if key == "sequence":
                continue
            old, reason = self._apply(key, value)
            if reason is None:
                applied[key] = value
                with open(os.path.join(self.directory, "events.csv"), "a", newline="") as events:
                    csv.writer(events).writerow([self.steps, key, old, value])
            else:
                rejected[key] = reason
                warnings.warn("rankscope_probe: cannot apply %s = %r: %s" % (key, value, reason))
        ack = json.dumps({"sequence": sequence, "step": self.steps, "applied": applied, "rejected": rejected})
        _atomic_write(os.path.join(self.directory, "control_ack.json"), lambda out: out.write(ack.encode()))

    def _apply(self, key, value):
        """Applies one knob; returns (old value, None) or (None, why it cannot be applied)."""
        if key not in _CONTROL_KEYS:
            return None, "unknown key (the probe applies %s)" % ", ".join(_CONTROL_KEYS)
        if key == "batch_size":
            if self.batch_size_callback is None:
                return None, "no batch_size_callback was given to Probe"
            return (None, None) if self.batch_size_callback(int(value)) else (None, "the callback refused it")
        if not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
            return None, "expected a number >= 0"
        if self.optimizer is None:
            return None, "no optimizer was given to Probe"
        groups = self.optimizer.param_groups
        if any(key not in group for group in groups):
            return None, "the optimizer has no %s" % key
        old = groups[0][key]
        for group in groups:
            group[key] = float(value)
        return old, None
