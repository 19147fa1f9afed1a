"""Benchmark: ``verify`` against ``render`` on the same generated fleet, in the same run.

Generates the fleet of ``bench_render.py`` (2 hubs + 10,000 spokes, dual hub, single
cloud, EIGRP Phase 2, a spoke in four on DHCP), loads it once, then times alternately,
in this process:

* render: ``render_fleet`` with the secret store (what ``dmvpnprov render`` spends
  rendering, one process);
* verify: what ``dmvpnprov verify`` does after loading: render with secret tokens, read
  every config, group spokes into equivalence classes, simulate the hubs and two spokes
  per class, check every spoke's own addresses, build the verdict.

The goal (issue 10): verify within 2x render, peak memory under 1 GiB. Peak memory is
the process's maximum resident set size. ``--model-only`` times the model without the
token render.

Usage:
    python bench/bench_verify.py [--spokes 10000] [--hubs 2] [--repeat 3]
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from dmvpnprov.commands.model import cloud_names, model_configs, run_model
from dmvpnprov.core.secrets import SecretStore
from dmvpnprov.dmvpn.verdict import verdict
from dmvpnprov.inventory.load import load_fleet
from dmvpnprov.render.engine import render_fleet


def _bench_render() -> object:
    path = Path(__file__).with_name("bench_render.py")
    spec = importlib.util.spec_from_file_location("bench_render", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> int:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--spokes", type=int, default=10_000)
    parser.add_argument("--hubs", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cli", action="store_true", help="also time both commands")
    args = parser.parse_args()
    br = _bench_render()
    env = br.ENV  # type: ignore[attr-defined]
    with tempfile.TemporaryDirectory(prefix="dmvpnprov-bench-") as tmp:
        inventory = br.generate(Path(tmp), args.hubs, args.spokes)  # type: ignore[attr-defined]
        fleet = load_fleet(inventory, env)
        renders, verifies, models = [], [], []
        result: dict[str, object] = {}
        for _ in range(args.repeat):
            start = time.perf_counter()
            render_fleet(fleet, SecretStore(env))
            renders.append(time.perf_counter() - start)
            start = time.perf_counter()
            configs = model_configs(fleet, None)
            middle = time.perf_counter()
            result = verdict(run_model(fleet, configs), cloud_names(fleet))
            end = time.perf_counter()
            verifies.append(end - start)
            models.append(end - middle)
        cli: dict[str, list[float]] = {"dmvpnprov render": [], "dmvpnprov verify": []}
        for n in range(args.repeat if args.cli else 0):
            out = Path(tmp) / f"out{n}"
            for label, command in (
                ("dmvpnprov render", ["render", "-i", str(inventory), "-o", str(out)]),
                ("dmvpnprov verify", ["verify", "-i", str(inventory), "--format", "json",
                                      "-o", str(out) + ".json"]),
            ):  # fmt: skip
                start = time.perf_counter()
                subprocess.run(
                    [sys.executable, "-m", "dmvpnprov.cli", *command],
                    env={**os.environ, **env}, capture_output=True, check=False,
                )  # fmt: skip
                cli[label].append(time.perf_counter() - start)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    summary = result["summary"]
    print(f"fleet: {args.hubs} hubs + {args.spokes} spokes; {summary}")
    for label, values in (("render", renders), ("verify", verifies), ("  of which model", models)):
        print(f"{label:>18}: median {statistics.median(values):6.2f}s  best {min(values):6.2f}s")
    ratio = statistics.median(verifies) / statistics.median(renders)
    print(f"{'verify / render':>18}: {ratio:.2f}x (goal <= 2x)")
    for label, values in cli.items():
        if values:
            print(
                f"{label:>18}: median {statistics.median(values):6.2f}s  best {min(values):6.2f}s"
            )
    if cli["dmvpnprov render"]:
        r = statistics.median(cli["dmvpnprov verify"]) / statistics.median(cli["dmvpnprov render"])
        print(f"{'commands':>18}: verify / render {r:.2f}x")
    print(f"{'peak memory':>18}: {peak:.0f} MiB (goal < 1024 MiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
