"""Benchmark push with live DMVPN verification against the bare nornir_netmiko push.

Usage: python bench/bench_push_verify.py [--routers 200] [--scale-workers 10,25,50]
       [--latency 0.02] [--write-delay 2.0] [--time-scale 10]

Like bench_push.py, with two hubs (every spoke registers with both) and the lab running
the control-plane model, so that the safe push's live check waits for each spoke to
register, form its IKE SAs and EIGRP neighbours and learn the hubs' routes. The lab's
time runs ``--time-scale`` times faster than the wall clock (1: a real router's pace:
registration ~5 s, neighbours ~10 s after the change).

* safe: ``dmvpnprov push --yes`` in-process, live verification on (the default);
* bare: Nornir running ``netmiko_send_config`` with the same lines, then
  ``netmiko_save_config``. Nothing read, checked or waited for.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml
from rich.console import Console

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_push

from dmvpnprov.commands.push import PushOptions, run_push
from dmvpnprov.lab.state.controlplane import TIME_SCALE_VARIABLE


def write_inventory(folder: Path, routers: int) -> Path:
    """bench_push's inventory with a second hub; spokes register with both."""
    bench_push.write_inventory(folder, routers - 1)
    path = folder / "hosts.yaml"
    hosts: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    hosts["hub2"] = {
        "hostname": "192.0.2.4",
        "groups": ["hubs", "c7200"],
        "data": {
            "tunnels": [{"cloud": "dmvpn1", "interface": "Tunnel0", "address": "10.0.0.2"}],
            "nbma": {"interface": "GigabitEthernet0/1", "address": "130.25.14.1/24"},
            "lans": [{"interface": "GigabitEthernet0/2", "address": "192.168.100.1/24"}],
        },
    }
    ordered = {"hub1": hosts.pop("hub1"), "hub2": hosts.pop("hub2"), **hosts}
    for host in ordered.values():
        for tunnel in host["data"]["tunnels"]:
            if "nhs" in tunnel:
                tunnel["nhs"] = ["hub1", "hub2"]
    path.write_text(yaml.safe_dump(ordered, sort_keys=False), encoding="utf-8")
    return folder


def safe(inventory: Path, routers: Any, workers: int) -> tuple[float, list[str]]:
    """Seconds for the safe push with live verification, and the routers that failed."""
    with tempfile.TemporaryDirectory() as backups:
        options = PushOptions(
            inventory, workers=workers, backups=Path(backups), targets=bench_push._targets(routers)
        )
        start = time.perf_counter()
        results, _ = run_push(
            options,
            confirm=lambda _: True,
            show_plan=lambda _: None,
            status=Console(stderr=True, quiet=True),
            environ=bench_push.ENV,
        )
        took = time.perf_counter() - start
    failed = [f"{r.host}: {r.error}" for r in results if not (r.ok and r.saved)]
    return took, failed


def compare(inventory: Path, count: int, workers: int, latency: float, write: float) -> None:
    """One table row: safe (verified) and bare routers/minute, their ratio, failures."""
    with bench_push.Lab(inventory, latency, write) as routers:
        lines = bench_push.bare_lines(inventory, routers)
    with bench_push.Lab(inventory, latency, write) as routers:
        t_bare = bench_push.bare(inventory, routers, lines, workers)
    with bench_push.Lab(inventory, latency, write) as routers:
        t_safe, failed = safe(inventory, routers, workers)
    print(
        f"| {count} | {workers} | {latency * 1000:.0f} ms | {write:.1f} s "
        f"| {count / t_safe * 60:,.0f} ({t_safe:.1f} s) | {count / t_bare * 60:,.0f} "
        f"({t_bare:.1f} s) | {t_safe / t_bare:.2f}x | {len(failed)} |",
        flush=True,
    )
    for line in failed[:3]:
        print(f"  failed: {line}", flush=True)


def main() -> int:
    """Print a Markdown table: safe (verified) vs bare, per worker count."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--routers", type=int, default=200)
    parser.add_argument("--scale-workers", default="10,25,50")
    parser.add_argument("--latency", type=float, default=0.02)
    parser.add_argument("--write-delay", type=float, default=2.0)
    parser.add_argument("--time-scale", type=float, default=10.0)
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    os.environ[TIME_SCALE_VARIABLE] = str(args.time_scale)  # the lab children inherit it
    print(f"lab time scale {args.time_scale:g}x; safe push with live verification")
    print(
        "| routers | workers | latency/cmd | write memory | safe push: routers/min "
        "| bare send+save: routers/min | safe/bare time | not verified |"
    )
    print("|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        inventory = write_inventory(Path(tmp) / "inv", args.routers)
        for workers in (int(w) for w in args.scale_workers.split(",")):
            compare(inventory, args.routers, workers, args.latency, args.write_delay)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
