"""Benchmark: load and validate a generated inventory (2 hubs + N spokes).

Writes the same fleet three ways (hosts.yaml in block YAML, in flow YAML as
``bench_render.py`` writes it, and in JSON, which is YAML too) and times
``dmvpnprov.inventory.load.load_fleet`` on each: YAML reading, Nornir's inventory objects,
the pydantic models and every validation rule. Each form is loaded ``--repeat`` times
in this process with the YAML cache off (cold), then the flow form again with the cache
filled (what a second command on the same files pays); the best and the median wall
time, and the CPU time of the best run, are printed (a shared box makes wall time noisy).

Usage:
    python bench/bench_inventory.py [--spokes 10000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from ipaddress import IPv4Address
from pathlib import Path
from typing import Any

import yaml

from dmvpnprov.inventory.load import load_fleet

ROOT = Path(__file__).resolve().parents[1]
ENV = {"DMVPN_NHRP_AUTH": "bench"}


def _host(groups: list[str], tunnel: str, nbma: str, lan: str, **extra: Any) -> Any:
    return {
        "hostname": "192.0.2.1",
        "groups": groups,
        "data": {
            "tunnels": [{"cloud": "dmvpn1", "interface": "Tunnel0", "address": tunnel, **extra}],
            "nbma": {"interface": "FastEthernet0/0", "address": nbma},
            "lans": [{"interface": "FastEthernet0/1", "address": lan}],
        },
    }


def fleet(spokes: int) -> dict[str, Any]:
    """Hosts of a dual-hub cloud on 10.0.0.0/16; a spoke in four on DHCP."""
    hosts = {
        f"hub{i}": _host(["hubs", "c7200"], f"10.0.0.{i}", f"203.0.113.{i}/24", f"192.168.{i}.1/24")
        for i in (1, 2)
    }
    for n in range(spokes):
        tunnel = IPv4Address(int(IPv4Address("10.0.1.0")) + n)
        lan = IPv4Address(int(IPv4Address("10.64.0.1")) + 256 * n)
        nbma = "dhcp" if n % 4 == 3 else f"{IPv4Address(int(IPv4Address('100.64.0.1')) + n)}/10"
        hosts[f"spoke{n:05d}"] = _host(
            ["spokes", "c3725"], str(tunnel), nbma, f"{lan}/24", nhs=["hub1", "hub2"]
        )
    return hosts


def write(folder: Path, hosts: dict[str, Any], form: str) -> Path:
    """An inventory folder: the example's groups, defaults on a /16, hosts in ``form``."""
    folder.mkdir()
    groups = (ROOT / "inventory" / "groups.yaml").read_text()
    (folder / "groups.yaml").write_text(groups)
    defaults = (ROOT / "inventory" / "defaults.yaml").read_text()
    (folder / "defaults.yaml").write_text(defaults.replace("10.0.0.0/24", "10.0.0.0/16"))
    if form == "json":
        text = json.dumps(hosts)
    elif form == "flow":  # inner mappings and lists on one line, as bench_render.py writes
        text = yaml.safe_dump(hosts, sort_keys=False, default_flow_style=None, width=200)
    else:
        text = yaml.safe_dump(hosts, sort_keys=False, default_flow_style=False)
    (folder / "hosts.yaml").write_text(text)
    return folder


def measure(folder: Path, repeat: int) -> tuple[float, float, float]:
    """(best wall, median wall, CPU of the best run) of ``load_fleet`` in seconds."""
    runs = []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        load_fleet(folder, ENV)
        runs.append((time.perf_counter() - wall, time.process_time() - cpu))
    best = min(runs)
    return best[0], statistics.median(r[0] for r in runs), best[1]


def main() -> int:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--spokes", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    hosts = fleet(args.spokes)
    print(f"fleet: 2 hubs + {args.spokes} spokes; load_fleet x{args.repeat}")
    with tempfile.TemporaryDirectory(prefix="dmvpnprov-bench-") as tmp:
        os.environ["XDG_CACHE_HOME"] = str(Path(tmp) / "cache")  # never the user's cache
        for form, cache in (("block", "0"), ("flow", "0"), ("json", "0"), ("flow", "1")):
            os.environ["DMVPNPROV_YAML_CACHE"] = cache
            folder = Path(tmp) / f"{form}-{cache}"
            write(folder, hosts, form)
            lines = (folder / "hosts.yaml").read_text().count("\n") + 1
            if cache == "1":
                load_fleet(folder, ENV)  # fill the cache: the runs below read it
            best, median, cpu = measure(folder, args.repeat)
            label = f"{form}{' cached' if cache == '1' else ''}"
            print(
                f"hosts.yaml {label:>11} ({lines:>6} lines): best {best:5.2f} s, "
                f"median {median:5.2f} s, CPU {cpu:5.2f} s"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
