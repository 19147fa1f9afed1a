"""Benchmark: render a generated fleet end to end (load, validate, render, write).

Generates an inventory of 2 hubs and 10,000 spokes with ``fleetgen.py`` (dual hub,
single cloud sized to the fleet, EIGRP Phase 2, a spoke in four on a DHCP address) as
Nornir SimpleInventory YAML files in a temporary folder, then times, in this process,
each step ``dmvpnprov render`` takes:

* load + validate: ``dmvpnprov.inventory.load.load_fleet`` (YAML, Nornir inventory, models,
  every validation rule) and ``check_secrets``;
* render + mask + write, as ``dmvpnprov render`` runs it (``render_run.render_files``:
  forked workers, one per core): ``render_fleet`` (context, templates, capability check
  of every line), ``SecretStore.mask`` (files are masked by default), then the files
  into an empty folder; then the same again with every file unchanged (compare only);
* the same three steps in one process, one by one, to show where the time goes.

``--cli`` also times ``dmvpnprov render`` as a subprocess (interpreter start and imports
included). Peak memory is the process's maximum resident set size.

Usage:
    python bench/bench_render.py [--spokes 10000] [--hubs 2] [--repeat 3] [--cli] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.console import Console

from dmvpnprov.commands.render import RenderJob, render_files, worker_count, write_or_check
from dmvpnprov.core.secrets import SecretStore
from dmvpnprov.inventory.load import check_secrets, load_fleet
from dmvpnprov.render.engine import render_fleet
from dmvpnprov.render.files import FileStatus, prepare

sys.path.insert(0, str(Path(__file__).resolve().parent))

# The fleet generator of every benchmark: any size (the cloud's subnet fits the fleet).
from fleetgen import ENV, generate

Times = dict[str, tuple[float, float]]  # step -> (wall seconds, CPU seconds)


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (the render workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _timed(label: str, func: Callable[[], Any], times: Times) -> Any:
    wall, cpu = time.perf_counter(), _cpu()
    result = func()
    times[label] = (time.perf_counter() - wall, _cpu() - cpu)
    return result


def run(inventory: Path, output: Path) -> Times:
    """Time each step once; return (wall, CPU) seconds per step."""
    times: Times = {}
    fleet = _timed("load + validate", lambda: load_fleet(inventory, ENV), times)
    _timed("check secrets", lambda: check_secrets(fleet, ENV), times)
    names = [router.name for router in fleet.routers]

    def render_mask_write() -> FileStatus:
        existing = prepare(output)
        job = RenderJob(
            fleet, None, output, False, show_secrets=False, existing=existing, environ=ENV
        )
        return render_files(job, names)

    label = f"render+mask+write, {worker_count()} proc"
    status = _timed(label, render_mask_write, times)
    assert len(status.written) == len(names)
    times["end to end"] = (sum(w for w, _ in times.values()), sum(c for _, c in times.values()))
    again = _timed("the same, files unchanged", render_mask_write, times)
    assert len(again.unchanged) == len(names)
    # The same work in this process, step by step, to see where the time goes.
    secrets = SecretStore(ENV)
    configs = _timed("1 proc: render", lambda: render_fleet(fleet, secrets), times)
    masked = _timed("1 proc: mask", lambda: {h: secrets.mask(t) for h, t in configs.items()}, times)
    quiet = Console(file=io.StringIO())
    fresh = output.with_name("configs-1proc")
    _timed(
        "1 proc: write (new files)",
        lambda: write_or_check(masked, fresh, check=False, show_secrets=False, console=quiet),
        times,
    )
    return times


def _cli(inventory: Path, output: Path) -> float:
    env = {**os.environ, **ENV}
    command = [sys.executable, "-m", "dmvpnprov.cli", "render", "-i", str(inventory)]
    start = time.perf_counter()
    subprocess.run([*command, "-o", str(output)], env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def _print(runs: list[Times]) -> None:
    print(f"{'step':>28}  {'wall best':>9}  {'median':>7}  {'CPU best':>8}")
    for label in runs[0]:
        walls = sorted(run[label][0] for run in runs)
        cpus = sorted(run[label][1] for run in runs)
        median = walls[len(walls) // 2]
        print(f"{label:>28}: {walls[0]:8.2f}s  {median:6.2f}s  {cpus[0]:7.2f}s")


def main() -> int:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--spokes", type=int, default=10_000)
    parser.add_argument("--hubs", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=1, help="runs; best and median shown")
    parser.add_argument("--cli", action="store_true", help="also time `dmvpnprov render`")
    parser.add_argument("--profile", action="store_true", help="print the top cProfile entries")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="dmvpnprov-bench-") as tmp:
        folder = Path(tmp)
        inventory = generate(folder, args.hubs, args.spokes)
        size = (inventory / "hosts.yaml").stat().st_size
        print(f"fleet: {args.hubs} hubs + {args.spokes} spokes, hosts.yaml {size / 1e6:.1f} MB")
        runs = []
        for number in range(args.repeat):
            output = folder / f"run{number}" / "configs"
            if args.profile:
                profiler = cProfile.Profile()
                runs.append(profiler.runcall(run, inventory, output))
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
            else:
                runs.append(run(inventory, output))
        _print(runs)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{'peak memory (max RSS)':>28}: {peak:8.0f} MiB")
        for number in range(args.repeat if args.cli else 0):
            fresh = folder / f"cli{number}"
            print(f"{'dmvpnprov render (CLI)':>28}: {_cli(inventory, fresh):8.2f}s")
            print(f"{'again, files unchanged':>28}: {_cli(inventory, fresh):8.2f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
