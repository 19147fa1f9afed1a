"""Benchmark the lab running the control-plane model: memory and model time at N routers.

Usage: python bench/bench_lab_model.py [--routers 500] [--no-model]

Starts a lab of N routers (one hub, the rest spokes: bench_push's inventory), types each
router's intended DMVPN config into it (no SSH: the lab's own config path), then asks
one spoke for ``show dmvpn`` state, which makes the lab run the model on all N configs.
Prints the process's peak RSS (the lab, its N routers' configs and the model's result
together) and how long the model took.
"""

from __future__ import annotations

import argparse
import logging
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_push import ENV, write_inventory

from dmvpnprov.core.secrets import SecretStore
from dmvpnprov.dmvpn.state import NetworkState
from dmvpnprov.inventory.load import load_fleet
from dmvpnprov.lab.fleet import specs_for_fleet
from dmvpnprov.lab.network.server import LabServer
from dmvpnprov.lab.state.controlplane import ControlPlane
from dmvpnprov.render.engine import render_fleet


def _body(config: str) -> list[str]:
    lines = []
    for line in config.splitlines():
        if line.strip() == "end":
            break
        lines.append(line)
    return lines


def main() -> int:
    """Build the lab, run the model once, print peak RSS and the model's time."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--routers", type=int, default=500)
    parser.add_argument("--no-model", action="store_true", help="the lab alone (baseline)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    with tempfile.TemporaryDirectory() as tmp:
        inventory = write_inventory(Path(tmp) / "inv", args.routers)
        fleet = load_fleet(inventory, ENV)
        configs = render_fleet(fleet, SecretStore(ENV))
        with LabServer() as lab:
            if args.no_model:
                lab.plane = ControlPlane(lambda: {}, compute=lambda c, u, d: NetworkState({}))
            for spec in specs_for_fleet(fleet, ENV, inventory):
                lab.add(spec).configure(_body(configs[spec.name]))
            started = time.perf_counter()
            state = lab.plane.state("spoke0001")
            took = time.perf_counter() - started
            registered = sum(1 for n in state.nhs if n.registered or not n.registered)
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(
                f"| {args.routers} | {took:.1f} s | {peak:.0f} MiB | "
                f"{len(state.routes)} routes on spoke0001, {registered} NHS |"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
