#!/usr/bin/env python3
"""Regenerates docs/reproduction.md: runs the sweeps and Janus runs with RankScope itself, copies the
figures RankScope draws (sweep.png, the dashboard) to docs/reproduction/, and summarises the CSV
files (standard library only; no plotting in Python: every figure comes from RankScope).

  docs/reproduce.py [RANKSCOPE_BINARY] [OUTPUT_FOLDER]

  RANKSCOPE_BINARY  default build/release/app/rankscope
  OUTPUT_FOLDER     default docs; receives reproduction.md and reproduction/ (figures, sweep.csv files)

Environment (all optional):
  REPRO_WORK     folder for the raw run folders (default ${TMPDIR:-/tmp}/rankscope-reproduction);
                 it is emptied first and is not part of the report
  REPRO_JOBS     runs at a time (default 2, the cores of the machine the report was made on)
  REPRO_REPEATS  seeds per grid point (default 2)
  REPRO_SCALE    divide every step count by this (default 1; e.g. 50 for a quick check of the script)
  REPRO_REPORT_ONLY=1  run nothing: rewrite the report from the runs already in REPRO_WORK

The report itself is written by reproduction_report.py and reproduction_sweeps.py beside this file.
"""
import csv
import os
import shutil
import subprocess
import sys
import time

from reproduction_report import write_report


def fail(message):
    print(f"error: {message}", file=sys.stderr)
    sys.exit(2)


class Experiments:
    """Runs RankScope's command lines into the work folder, one folder per experiment, each with the
    commands as a reader would type them (commands.txt), their output (log.txt) and its wall time."""

    def __init__(self, binary, work, jobs, repeats, scale):
        self.binary, self.work, self.jobs, self.repeats, self.scale = binary, work, jobs, repeats, scale
        self.name = None
        self.started = 0.0

    def steps(self, n):
        return max(n // self.scale, 1)

    def show(self, command):
        """The command line as a reader would type it: the binary as `rankscope`, folders relative to
        the work folder, arguments holding brackets, commas or spaces quoted."""
        words = []
        for word in command:
            if word.startswith(self.binary):
                word = "rankscope" + word[len(self.binary):]
            word = word.replace(self.work + "/", "")
            if any(c in word for c in "[], ") and not word.startswith("--"):
                word = f"'{word}'"
            words.append(word)
        return " ".join(words)

    def begin(self, name):
        self.name = name
        os.makedirs(f"{self.work}/{name}", exist_ok=True)
        open(f"{self.work}/{name}/commands.txt", "w").close()
        self.started = time.time()
        print(f"== {name}", flush=True)

    def end(self):
        with open(f"{self.work}/{self.name}/seconds", "w") as f:
            f.write(f"{time.time() - self.started:.1f}\n")

    def record(self, command):
        with open(f"{self.work}/{self.name}/commands.txt", "a") as f:
            f.write(self.show(command) + "\n")

    def run(self, *arguments):
        """Records and runs one command, its output shown and kept in the experiment's log; stops the
        whole reproduction with the command's exit status if it fails."""
        command = [self.binary, *arguments]
        self.record(command)
        with open(f"{self.work}/{self.name}/log.txt", "a") as log:
            process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            for line in process.stdout:
                sys.stdout.write(line)
                log.write(line)
            status = process.wait()
        sys.stdout.flush()
        if status != 0:
            sys.exit(status)

    def sweep(self, name, preset, steps, axis, *more):
        """An ordinary sweep of one key."""
        self.begin(name)
        self.run("--preset", preset, "--sweep", axis, *more, "--repeats", str(self.repeats),
                 "--steps", str(self.steps(steps)), "--jobs", str(self.jobs), "--out", f"{self.work}/{name}")
        self.end()

    def equal_epochs(self, name, preset, epochs, train_size, batch_sizes, *more):
        """Batch sizes at EQUAL EPOCHS: the grid is sharded one run per shard (index % N == I), each shard
        gets steps = epochs * train_size / B, the shards run `jobs` at a time and --merge joins them into
        one sweep.csv and figure."""
        self.begin(name)
        values = batch_sizes.split(",")
        shards = len(values) * self.repeats
        folders, running = [], []
        for i in range(shards):
            b = int(values[i // self.repeats])
            steps = self.steps((epochs * train_size + b // 2) // b)
            folder = f"{self.work}/{name}/shard-{i}"
            command = [self.binary, "--preset", preset, "--sweep", f"train.batch_size={batch_sizes}", *more,
                       "--repeats", str(self.repeats), "--steps", str(steps), "--shard", f"{i}/{shards}",
                       "--jobs", "1", "--out", folder]
            self.record(command)
            folders.append(folder)
            while len(running) >= self.jobs:
                self.finish_shard(running.pop(0))
            log = open(f"{folder}.log", "w")
            running.append((subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT), folder, log))
        for shard in running:
            self.finish_shard(shard)
        self.run("--merge", *folders, "--out", f"{self.work}/{name}")
        self.end()

    @staticmethod
    def finish_shard(shard):
        process, folder, log = shard
        status = process.wait()
        log.close()
        with open(f"{folder}.log") as f:
            sys.stdout.write(f.read())
        if status != 0:
            print(f"error: shard {folder} failed (see {folder}.log)", file=sys.stderr)
            sys.exit(1)


def run_everything(experiments):
    x = experiments
    # a. synthetic: the default preset (64-128x4-10 MLP, 10-class Gaussian mixture, 4,096 samples)
    x.equal_epochs("syn-batch-epochs", "default", 40, 4096, "8,32,128,512")
    x.sweep("syn-batch-steps", "default", 20000, "train.batch_size=8,32,128,512")
    x.sweep("syn-lr", "default", 20000, "train.lr=0.01,0.02,0.05,0.1,0.2")
    x.sweep("syn-wd", "default", 20000, "train.weight_decay=0,0.005,0.01,0.02,0.04,0.08")
    # b. Fashion-MNIST: the fashion-mnist preset (784-256x3-10 MLP, 10,000 training images)
    x.equal_epochs("fm-batch-epochs", "fashion-mnist", 32, 10000, "16,64,256")
    x.sweep("fm-lr", "fashion-mnist", 20000, "train.lr=0.02,0.05,0.1,0.2")
    x.sweep("fm-wd", "fashion-mnist", 20000, "train.weight_decay=0,0.005,0.01,0.02,0.04")
    # c. Janus: linear regression, SGD (batch 8) against full-batch GD, the same number of steps, long
    # enough to reach float32 round-off (the floors are part of the result)
    x.begin("janus")
    steps = str(x.steps(40000))
    janus = f"{x.work}/janus"
    x.run("--headless", "--preset", "janus-linear", "--steps", steps, "--metrics-every", "50", "--out", f"{janus}/sgd")
    x.run("--headless", "--preset", "janus-linear", "--set", "train.full_batch=true", "--steps", steps,
          "--metrics-every", "50", "--out", f"{janus}/gd")
    # The same two runs as the sgd-vs-gd comparison preset, for RankScope's overlaid dashboard figure
    for axis in ("steps", "epochs"):
        x.run("--headless", "--preset", "sgd-vs-gd", "--steps", steps, "--metrics-every", "50",
              "--out", f"{janus}/overlay-{axis}", "--export-png", f"{janus}/overlay-{axis}.png", "--time-axis", axis)
    x.end()


def load_average():
    with open("/proc/loadavg") as f:
        return f.read().split()[0]


def timed_runs(experiments):
    """Runs everything and keeps how long it took in WORK/timing.env (for REPRO_REPORT_ONLY)."""
    start, load_start = time.time(), load_average()
    start_utc = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(start))
    run_everything(experiments)
    children = os.times()
    timing = {"TOTAL": int(time.time() - start), "CPU": f"{children.children_user + children.children_system:.0f}",
              "LOAD_START": load_start, "LOAD_END": load_average(), "START_UTC": start_utc,
              "SCALE": experiments.scale, "REPEATS": experiments.repeats, "JOBS": experiments.jobs}
    with open(f"{experiments.work}/timing.env", "w") as f:
        f.writelines(f"{key}={value}\n" for key, value in timing.items())


def read_timing(work):
    """KEY=VALUE lines; a value may be quoted, as the earlier shell version of this script wrote it."""
    with open(f"{work}/timing.env") as f:
        return dict((key, value.strip("'")) for key, value in
                    (line.rstrip("\n").split("=", 1) for line in f if "=" in line))


def copy_figure(source, target, resize, limit=200000):
    """Copies a figure RankScope drew (at 2x); shrinks it when large, so that the repository stays light."""
    shutil.copyfile(source, target)
    if os.path.getsize(target) > limit and shutil.which("convert"):
        subprocess.run(["convert", target, "-resize", resize, target], check=True)


def janus_excerpt(source, target):
    """The Janus columns of a run's metrics.csv: every row up to step 2,000, then every 500 steps (the
    run writes one every 50), and the last."""
    keep = ["step", "epoch", "batch_size", "lr", "weight_decay", "train_loss", "nullspace_norm", "nullspace_theory",
            "update_noise", "update_noise_L1", "fro_L1", "rank_L1"]
    with open(source) as f:
        rows = list(csv.DictReader(f))
    with open(target, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow([k for k in keep if k in rows[0]])
        for r in rows:
            if int(r["step"]) <= 2000 or int(r["step"]) % 500 == 0 or r is rows[-1]:
                w.writerow([r[k] for k in keep if k in r])


def copy_results(work, out):
    for prefix in ("syn-", "fm-"):
        for name in sorted(n for n in os.listdir(work) if n.startswith(prefix)):
            copy_figure(f"{work}/{name}/sweep.png", f"{out}/reproduction/{name}.png", "50%")
            shutil.copyfile(f"{work}/{name}/sweep.csv", f"{out}/reproduction/{name}.csv")
    for method in ("sgd", "gd"):
        janus_excerpt(f"{work}/janus/{method}/metrics.csv", f"{out}/reproduction/janus-{method}.csv")
    for axis in ("steps", "epochs"):
        copy_figure(f"{work}/janus/overlay-{axis}.png", f"{out}/reproduction/janus-overlay-{axis}.png", "60%")


def machine():
    with open("/proc/cpuinfo") as f:
        model = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), "")
    with open("/proc/meminfo") as f:
        memory_kb = int(next(line.split()[1] for line in f if line.startswith("MemTotal:")))
    with open("/etc/os-release") as f:
        system = dict(line.rstrip("\n").split("=", 1) for line in f if "=" in line).get("PRETTY_NAME", "").strip('"')
    return f"{len(os.sched_getaffinity(0))} cores ({model}), {memory_kb // (1024 * 1024)} GB RAM, {system}"


def commit(binary):
    result = subprocess.run(["git", "-C", os.path.dirname(binary), "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True)
    return result.stdout.strip() if result.returncode == 0 else "unknown"


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else "build/release/app/rankscope"
    out = sys.argv[2] if len(sys.argv) > 2 else "docs"
    work = os.environ.get("REPRO_WORK") or f"{os.environ.get('TMPDIR', '/tmp')}/rankscope-reproduction"
    jobs = int(os.environ.get("REPRO_JOBS", "2"))
    repeats = int(os.environ.get("REPRO_REPEATS", "2"))
    scale = int(os.environ.get("REPRO_SCALE", "1"))
    if not (os.path.isfile(binary) and os.access(binary, os.X_OK)):
        fail(f"{binary} is not an executable (build it: cmake --preset release && cmake --build --preset release)")
    binary = os.path.abspath(binary)
    os.makedirs(f"{out}/reproduction", exist_ok=True)
    out = os.path.abspath(out)
    work = os.path.abspath(work)
    if os.environ.get("REPRO_REPORT_ONLY") == "1":
        if not os.path.isfile(f"{work}/timing.env"):
            fail(f"REPRO_REPORT_ONLY=1 needs the runs of an earlier complete run in {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
        os.makedirs(work)
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        timed_runs(Experiments(binary, work, jobs, repeats, scale))
    timing = read_timing(work)
    copy_results(work, out)
    run = {"start": timing["START_UTC"], "total": int(timing["TOTAL"]), "cpu": int(timing["CPU"]),
           "machine": machine(), "jobs": timing["JOBS"], "commit": commit(binary),
           "load": f"{timing['LOAD_START']} at the start, {timing['LOAD_END']} at the end", "scale": int(timing["SCALE"])}
    print(f"wrote {write_report(work, out, int(timing['REPEATS']), run)}")


if __name__ == "__main__":
    main()
