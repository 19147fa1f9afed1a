"""Benchmark: `dmvpnprov report --spokes N` end to end (CLI subprocess) and in-process.

Usage (from the repository root, project installed):
    python bench/bench_report.py [--spokes 10000] [--repeat 3] [--profile]

Prints wall times (best and median of --repeat runs) and CPU times (a busy machine
inflates wall time, much less CPU time) for:
- the CLI as a user runs it: `python -m dmvpnprov.cli report -i inventory --spokes N
  --format json` (interpreter start, imports, inventory load, measure, JSON to a pipe);
- in-process: load_fleet + build_savings + JSON rendering, after imports.
With --profile, the 15 most expensive functions of one in-process run (cProfile).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from dmvpnprov.inventory.load import load_fleet
from dmvpnprov.reporting.savings import render
from dmvpnprov.savings.report import build_savings

ROOT = Path(__file__).resolve().parents[1]
LIMIT_SECONDS = 5.0


def _cli(spokes: int) -> tuple[float, float]:
    command = [sys.executable, "-m", "dmvpnprov.cli", "report", "-i", str(ROOT / "inventory"),
               "--spokes", str(spokes), "--format", "json"]  # fmt: skip
    cpu0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    cpu1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (cpu1.ru_utime - cpu0.ru_utime) + (cpu1.ru_stime - cpu0.ru_stime)
    if done.returncode != 0:
        raise SystemExit(f"report failed ({done.returncode}): {done.stderr}")
    hub = json.loads(done.stdout)["hubs"][0]
    assert hub["spokes"] == spokes, hub
    return elapsed, cpu


def _in_process(spokes: int) -> tuple[float, float]:
    cpu0, start = time.process_time(), time.perf_counter()
    savings = build_savings(load_fleet(ROOT / "inventory"), spokes, inventory="inventory")
    render(savings, "json")
    return time.perf_counter() - start, time.process_time() - cpu0


def _line(name: str, runs: list[tuple[float, float]]) -> str:
    walls, cpus = [w for w, _ in runs], [c for _, c in runs]
    verdict = "ok" if min(walls) < LIMIT_SECONDS else f"OVER {LIMIT_SECONDS:g} s"
    return (f"{name:<12} wall best {min(walls):5.2f} s median {statistics.median(walls):5.2f} s"
            f" | cpu best {min(cpus):5.2f} s  ({len(runs)} runs, {verdict}; "
            f"load average {os.getloadavg()[0]:.1f})")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--spokes", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    _in_process(10)  # warm the template caches once, as a long-lived process would
    print(f"dmvpnprov report --spokes {args.spokes} (limit {LIMIT_SECONDS:g} s)")
    print(_line("cli (json)", [_cli(args.spokes) for _ in range(args.repeat)]))
    print(_line("in-process", [_in_process(args.spokes) for _ in range(args.repeat)]))
    if args.profile:
        profiler = cProfile.Profile()
        profiler.runcall(_in_process, args.spokes)
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(15)
        print(out.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
