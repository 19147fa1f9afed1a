"""Benchmark push: the full safe push against the bare nornir_netmiko send + save.

Usage: python bench/bench_push.py [--routers 200] [--workers 10] [--scale-workers 10,25,50]
       [--latency 0.02] [--write-delay 2.0] [--repeat 1] [--profile]

Both sides push the same lines to fresh lab routers (one hub, the rest spokes, IOS 12.4T
over legacy SSH). The lab runs in a child process (its own interpreter, so it does not
compete with the push for the GIL), restarted fresh for every run.

* safe: ``dmvpnprov push --yes`` in-process: validate + render, Nornir, read and back up
  every running config, plan (hier_config), hubs first then spokes, send the delta with
  IOS error checks, read back and verify, ``write memory`` with the ``[OK]`` check;
* bare: Nornir (same inventory, same netmiko settings) running ``netmiko_send_config``
  with the same lines, then ``netmiko_save_config``. Nothing read, checked or kept.

Prints routers per minute for both and their ratio; first with an instant lab, then with
the given per-command latency and ``write memory`` delay at each worker count.
"""

from __future__ import annotations

import argparse
import cProfile
import logging
import pstats
import resource
import tempfile
import time
from collections.abc import Mapping
from ipaddress import IPv4Address
from multiprocessing import Pipe, Process
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import yaml
from nornir.core.task import Result, Task
from nornir_netmiko.tasks import netmiko_save_config, netmiko_send_config
from rich.console import Console

from dmvpnprov.commands.push import PushOptions, run_push
from dmvpnprov.core.secrets import SecretStore
from dmvpnprov.inventory.load import load_fleet
from dmvpnprov.push.plan import delta, owned_networks
from dmvpnprov.render.engine import render_fleet
from dmvpnprov.transport.connections import build_nornir, close_nornir
from dmvpnprov.transport.credentials import Credentials

ROOT = Path(__file__).resolve().parents[1]
ENV = {
    "DMVPN_PSK": "bench-psk",
    "DMVPN_NHRP_AUTH": "bench",
    "DMVPN_PASSWORD": "bench-pw",
    "DMVPN_ENABLE_SECRET": "bench-en",
}


def write_inventory(folder: Path, routers: int) -> Path:
    """The example's defaults and groups; one 7200 hub and ``routers - 1`` 3725 spokes."""
    folder.mkdir(parents=True)
    for name in ("defaults.yaml", "groups.yaml"):
        text = (ROOT / "inventory" / name).read_text(encoding="utf-8")
        (folder / name).write_text(text.replace("10.0.0.0/24", "10.0.0.0/16"), encoding="utf-8")
    hosts: dict[str, Any] = {
        "hub1": {
            "hostname": "192.0.2.1",
            "groups": ["hubs", "c7200"],
            "data": {
                "tunnels": [{"cloud": "dmvpn1", "interface": "Tunnel0", "address": "10.0.0.1"}],
                "nbma": {"interface": "GigabitEthernet0/1", "address": "130.25.13.1/24"},
                "lans": [{"interface": "GigabitEthernet0/2", "address": "192.168.0.1/24"}],
            },
        }
    }
    for n in range(1, routers):
        nbma = IPv4Address(int(IPv4Address("100.64.0.1")) + n)
        lan = IPv4Address(int(IPv4Address("10.64.0.1")) + 256 * n)
        hosts[f"spoke{n:04d}"] = {
            "hostname": "192.0.2.2",
            "groups": ["spokes", "c3725"],
            "data": {
                "tunnels": [
                    {
                        "cloud": "dmvpn1",
                        "address": str(IPv4Address(0x0A000100 + n)),
                        "nhs": ["hub1"],
                    }
                ],
                "nbma": {"interface": "FastEthernet0/0", "address": f"{nbma}/10"},
                "lans": [{"interface": "FastEthernet0/1", "address": f"{lan}/24"}],
            },
        }
    (folder / "hosts.yaml").write_text(yaml.safe_dump(hosts, sort_keys=False), encoding="utf-8")
    return folder


def _lab(inventory: Path, latency: float, write_delay: float, pipe: Connection) -> None:
    from dmvpnprov.lab.fleet import specs_for_fleet  # noqa: PLC0415
    from dmvpnprov.lab.network.server import LabServer  # noqa: PLC0415
    from dmvpnprov.lab.state.faults import Faults  # noqa: PLC0415 - the child's imports
    from dmvpnprov.lab.state.router import RouterSpec  # noqa: PLC0415

    logging.getLogger("asyncio").setLevel(logging.ERROR)
    faults = Faults(command_delay=latency, write_delay=write_delay)
    specs = specs_for_fleet(load_fleet(inventory, ENV), ENV, inventory)
    with LabServer() as lab:
        routers = {s.name: lab.add(RouterSpec(**{**s.__dict__, "faults": faults})) for s in specs}
        pipe.send({n: (r.port, r.spec.device_type, r.running_config()) for n, r in routers.items()})
        pipe.recv()  # until the parent is done


class Lab:
    """A fresh lab in a child process, as a context manager."""

    def __init__(self, inventory: Path, latency: float, write_delay: float) -> None:
        self.parent, child = Pipe()
        self.proc = Process(target=_lab, args=(inventory, latency, write_delay, child))

    def __enter__(self) -> dict[str, tuple[int, str, str]]:
        self.proc.start()
        routers: dict[str, tuple[int, str, str]] = self.parent.recv()
        return routers

    def __exit__(self, *exc: object) -> None:
        self.parent.send("stop")
        self.proc.join(timeout=30)
        if self.proc.is_alive():
            self.proc.kill()


class Target:
    """A lab target (``LabTargetLike``)."""

    def __init__(self, port: int, device_type: str) -> None:
        self.host, self.port, self.device_type = "127.0.0.1", port, device_type


def _targets(routers: Mapping[str, tuple[int, str, str]]) -> dict[str, Target]:
    return {name: Target(port, dtype) for name, (port, dtype, _) in routers.items()}


def safe(inventory: Path, routers: Mapping[str, tuple[int, str, str]], workers: int) -> float:
    """Seconds for the full safe push of every router."""
    with tempfile.TemporaryDirectory() as backups:
        options = PushOptions(
            inventory, workers=workers, backups=Path(backups), targets=_targets(routers)
        )
        start = time.perf_counter()
        results, applied = run_push(
            options,
            confirm=lambda _: True,
            show_plan=lambda _: None,
            status=Console(stderr=True, quiet=True),
            environ=ENV,
        )
        took = time.perf_counter() - start
    failed = [r.host for r in results if not (r.ok and r.saved)]
    if failed or not applied:
        raise SystemExit(f"safe push failed on {failed[:5]}")
    return took


def _bare_task(task: Task, lines: Mapping[str, list[str]]) -> Result:
    task.run(task=netmiko_send_config, config_commands=lines[task.host.name])
    task.run(task=netmiko_save_config)
    return Result(host=task.host)


def bare_lines(
    inventory: Path, routers: Mapping[str, tuple[int, str, str]]
) -> dict[str, list[str]]:
    """The same delta the safe push sends (computed untimed, from the lab's start configs)."""
    fleet = load_fleet(inventory, ENV)
    intended = render_fleet(fleet, SecretStore(ENV))
    return {
        r.name: delta(routers[r.name][2], intended[r.name], owned_networks(fleet, r))
        for r in fleet.routers
    }


def bare(
    inventory: Path,
    routers: Mapping[str, tuple[int, str, str]],
    lines: Mapping[str, list[str]],
    workers: int,
) -> float:
    """Seconds for nornir_netmiko send_config + save_config of the same lines."""
    start = time.perf_counter()
    nr = build_nornir(
        inventory,
        targets=_targets(routers),
        workers=workers,
        credentials=Credentials(ENV, interactive=False),
    )
    result = nr.run(task=_bare_task, lines=lines)
    close_nornir(nr)
    took = time.perf_counter() - start
    if result.failed:
        raise SystemExit(f"bare push failed on {sorted(result.failed_hosts)[:5]}")
    return took


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _best(runs: list[tuple[float, float]]) -> tuple[float, float]:
    return min(runs)


def compare(
    inventory: Path, count: int, workers: int, latency: float, write: float, *, repeat: int
) -> None:
    """One line: safe and bare routers/minute (best of ``repeat``), ratio, CPU per router."""
    with Lab(inventory, latency, write) as routers:
        lines = bare_lines(inventory, routers)
    bare_runs, safe_runs = [], []
    for _ in range(repeat):  # alternate, so that a busy minute hits both sides alike
        with Lab(inventory, latency, write) as routers:
            cpu = _cpu()
            bare_runs.append((bare(inventory, routers, lines, workers), _cpu() - cpu))
        with Lab(inventory, latency, write) as routers:
            cpu = _cpu()
            safe_runs.append((safe(inventory, routers, workers), _cpu() - cpu))
    (t_bare, c_bare), (t_safe, c_safe) = _best(bare_runs), _best(safe_runs)
    print(
        f"| {count} | {workers} | {latency * 1000:.0f} ms | {write:.1f} s "
        f"| {count / t_safe * 60:,.0f} ({t_safe:.1f} s) | {count / t_bare * 60:,.0f} "
        f"({t_bare:.1f} s) | {t_safe / t_bare:.2f}x "
        f"| {c_safe / count * 1000:.0f} / {c_bare / count * 1000:.0f} ms |",
        flush=True,
    )


def main() -> int:
    """Run the comparisons and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--routers", type=int, default=200)
    parser.add_argument("--workers", type=int, default=10)
    parser.add_argument("--scale-workers", default="10,25,50")
    parser.add_argument("--latency", type=float, default=0.02)
    parser.add_argument("--write-delay", type=float, default=2.0)
    parser.add_argument("--repeat", type=int, default=1, help="best of N runs per side")
    parser.add_argument("--profile", action="store_true", help="profile one safe push")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    with tempfile.TemporaryDirectory() as tmp:
        inventory = write_inventory(Path(tmp) / "inv", args.routers)
        if args.profile:
            with Lab(inventory, 0.0, 0.0) as routers, cProfile.Profile() as prof:
                safe(inventory, routers, args.workers)
            pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
            return 0
        print(
            "| routers | workers | latency/cmd | write memory | safe push: routers/min "
            "| bare send+save: routers/min | safe/bare time | push-process CPU per router, "
            "safe / bare |"
        )
        print("|---|---|---|---|---|---|---|---|")
        compare(inventory, args.routers, args.workers, 0.0, 0.0, repeat=args.repeat)
        for workers in (int(w) for w in args.scale_workers.split(",")):
            compare(
                inventory, args.routers, workers, args.latency, args.write_delay, repeat=args.repeat
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
