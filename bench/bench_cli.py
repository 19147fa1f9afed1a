"""Benchmark what users run: the ``dmvpnprov`` CLI end to end, each run a fresh process.

Generates 2 hubs + N spokes (:mod:`fleetgen`), saved running configs with 1 % drift,
then times each command as a subprocess: interpreter start, imports, inventory load,
the work, the output. Every figure is the median of ``--repeat`` whole-process runs:
wall time, CPU time (user + system, workers included) and peak memory.

* cold: the YAML parse cache off (``DMVPNPROV_YAML_CACHE=0``), as a first run or CI sees it;
* warm: the cache on and primed by one untimed run (``--warm``).

``--baseline TREE`` also runs the same commands from another source tree (a ``git
worktree`` of an older commit: ``git worktree add --detach /tmp/base main``), old and new
alternating, so both are measured under the same load; ``--tree LABEL=PATH`` adds more
trees (``verify`` runs only where the tree has it). Peak memory is the sum of the
proportional set sizes (PSS) of the command's process tree (workers included, pages
shared after fork counted once), sampled every 250 ms (each sample walks the processes'
page tables: sampling much more often slows the command measured).

Commands: ``validate``, ``render`` (into an empty folder), ``audit-json`` (``audit
--running DIR --format json -o FILE``), ``audit-tty`` (``audit --running DIR`` on a
pseudo-terminal: the default table/summary view), ``audit-shard4`` (4 shards one after
the other, then ``merge``; trees that have it), ``verify`` (``verify --format json``).

Usage:
    python bench/bench_cli.py --spokes 10000 --repeat 3 [--baseline TREE] [--warm]
        [--commands validate,render,audit-json,audit-tty] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import pty
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fleetgen import ENV, generate, saved_configs

ROOT = Path(__file__).resolve().parent.parent
# What the ``dmvpnprov`` console script runs (``cli.run``; a tree from before it has
# only ``cli.main``, run as its console script did).
CODE = (
    "import sys, dmvpnprov.cli as c; r = getattr(c, 'run', None); r() if r else sys.exit(c.main())"
)


def _tree_rss(pid: int) -> int:
    """Proportional set size (PSS: a page shared by k processes counts 1/k in each, so
    forked workers' shared pages count once) of ``pid`` and its descendants, in bytes."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1]) * 1024
                    break
            for task in Path(f"/proc/{p}/task").iterdir():
                todo.extend(int(c) for c in (task / "children").read_text().split())
        except (OSError, ValueError):
            continue
    return total


def run(
    cmd: list[str], env: dict[str, str], tty: bool = False, cwd: Path | None = None
) -> tuple[float, int, int, float]:
    """Run ``cmd``; return (wall seconds, peak tree PSS bytes, exit code, CPU seconds).

    CPU is user + system time of the process and the workers it waited for: on a shared,
    loaded machine it is the steadier figure (wall time there measures the other load).
    """
    master = slave = -1
    if tty:
        master, slave = pty.openpty()
    start = time.perf_counter()
    out = slave if tty else subprocess.DEVNULL
    # ``python -c`` puts the working folder first on sys.path: run outside any source
    # tree, or the tree there would shadow PYTHONPATH's.
    proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.DEVNULL, cwd=cwd)
    drain = None
    if tty:
        os.close(slave)

        def read() -> None:
            try:
                while os.read(master, 65536):
                    pass
            except OSError:
                pass

        drain = threading.Thread(target=read, daemon=True)
        drain.start()
    # Memory is sampled by a thread; this one waits for the exit itself, so the wall time
    # ends when the process does (not at the next sample).
    peaks = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.25):  # reading smaps_rollup walks the page tables: not often
            peaks[0] = max(peaks[0], _tree_rss(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    peak = peaks[0]
    proc.returncode = os.waitstatus_to_exitcode(status)
    if drain is not None:
        drain.join(5)
        os.close(master)
    return wall, peak, proc.returncode, usage.ru_utime + usage.ru_stime


def commands(name: str, inventory: Path, running: Path, work: Path, tree: Path) -> list[list[str]]:
    """The command line(s) of benchmark ``name`` for the source ``tree``."""
    py = [sys.executable, "-c", CODE]
    inv = ["-i", str(inventory)]
    if name == "validate":
        return [[*py, "validate", *inv]]
    if name == "render":
        return [[*py, "render", *inv, "-o", str(work / "configs")]]
    if name == "audit-json":
        out = str(work / "audit.json")
        return [[*py, "audit", *inv, "--running", str(running), "--format", "json", "-o", out]]
    if name == "audit-tty":
        return [[*py, "audit", *inv, "--running", str(running)]]
    if name == "verify":
        return [[*py, "verify", *inv, "--format", "json", "-o", str(work / "verify.json")]]
    if name == "audit-shard4":
        shards = [
            [*py, "audit", *inv, "--running", str(running), "--shard", f"{k}/4",
             "--format", "json", "-o", str(work / f"shard{k}.json")]
            for k in range(1, 5)
        ]  # fmt: skip
        merged = [*py, "merge", *(str(work / f"shard{k}.json") for k in range(1, 5))]
        return [*shards, [*merged, "--format", "json", "-o", str(work / "merged.json")]]
    raise SystemExit(f"unknown benchmark {name}")


def _has(tree: Path, name: str) -> bool:
    """Whether the code in ``tree`` has what benchmark ``name`` runs."""
    if name == "verify":
        return (tree / "dmvpnprov" / "commands" / "verify.py").is_file()
    if name == "audit-shard4":
        return (tree / "dmvpnprov" / "commands" / "merge.py").is_file()
    return True


def measure(
    name: str, tree: Path, paths: tuple[Path, Path], env: dict[str, str]
) -> tuple[float, int, int, float]:
    """One timed run of benchmark ``name`` (several processes are timed together)."""
    inventory, running = paths
    work = Path(tempfile.mkdtemp(prefix="bench-cli-"))
    try:
        wall, peak, code, cpu = 0.0, 0, 0, 0.0
        for cmd in commands(name, inventory, running, work, tree):
            tty = name == "audit-tty"
            w, p, c, u = run(cmd, {**env, "PYTHONPATH": str(tree)}, tty=tty, cwd=work)
            wall, peak, code, cpu = wall + w, max(peak, p), max(code, c), cpu + u
        return wall, peak, code, cpu
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:  # noqa: C901 - one flat script
    """Generate, run, print one line per (command, tree) with medians."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--spokes", type=int, default=10_000)
    p.add_argument("--hubs", type=int, default=2)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--baseline", type=Path, default=None, help="source tree of the old code")
    p.add_argument("--new", type=Path, default=None, help="source tree of the new code (.)")
    p.add_argument(
        "--tree", action="append", default=[], metavar="LABEL=PATH", help="another source tree"
    )
    p.add_argument("--warm", action="store_true", help="YAML parse cache on and primed")
    p.add_argument("--commands", default="validate,render,audit-json,audit-tty")
    p.add_argument("--keep", type=Path, default=None, help="generate into (and keep) DIR")
    a = p.parse_args()
    folder = a.keep or Path(tempfile.mkdtemp(prefix="bench-fleet-"))
    inventory, running = folder / "inventory", folder / "running"
    if not (inventory / "hosts.yaml").is_file():
        generate(folder, a.hubs, a.spokes)
    if a.commands != "validate,render" and not running.is_dir():
        saved_configs(inventory, running)
    cache = Path(tempfile.mkdtemp(prefix="bench-cache-"))
    env = {**os.environ, **ENV, "XDG_CACHE_HOME": str(cache)}
    env["DMVPNPROV_YAML_CACHE"] = "1" if a.warm else "0"
    trees = [("new", (a.new or ROOT).resolve())] + (
        [("old", a.baseline.resolve())] if a.baseline else []
    )
    trees += [(t.split("=", 1)[0], Path(t.split("=", 1)[1]).resolve()) for t in a.tree]
    load = os.getloadavg()[0]
    print(f"{a.hubs} hubs + {a.spokes} spokes, {'warm' if a.warm else 'cold'}, "
          f"{os.cpu_count()} cores, load {load:.2f}")  # fmt: skip
    for name in a.commands.split(","):
        runs: dict[str, list[tuple[float, int, int, float]]] = {label: [] for label, _ in trees}
        for i in range(a.repeat + (1 if a.warm else 0)):
            for label, tree in trees if i % 2 == 0 else trees[::-1]:
                if not _has(tree, name):
                    continue
                got = measure(name, tree, (inventory, running), env)
                if not (a.warm and i == 0):
                    runs[label].append(got)
        for label, got in runs.items():
            if not got:
                continue
            wall = statistics.median(g[0] for g in got)
            peak = statistics.median(g[1] for g in got)
            codes = sorted({g[2] for g in got})
            each = ", ".join(f"{g[0]:.2f}" for g in got)
            cpu = statistics.median(g[3] for g in got)
            print(f"{name:13s} {label}: median {wall:6.2f} s  (runs {each})  CPU {cpu:6.2f} s"
                  f"  peak PSS {peak / 2**20:7.0f} MiB  exit {codes}")  # fmt: skip
    print(f"load after: {os.getloadavg()[0]:.2f}")
    shutil.rmtree(cache, ignore_errors=True)
    if a.keep is None:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
