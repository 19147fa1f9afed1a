"""Benchmark: render a generated fleet end to end (load, validate, render, write).

Generates an inventory of 2 hubs and 10,000 spokes (dual hub, single cloud, EIGRP
Phase 2, a spoke in four on a DHCP address) as Nornir SimpleInventory YAML files in a
temporary folder, then times, in this process, each step ``dmvpnprov render`` takes:

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
from ipaddress import IPv4Address
from pathlib import Path
from typing import Any

from rich.console import Console

from dmvpnprov.commands.render import RenderJob, render_files, worker_count, write_or_check
from dmvpnprov.core.secrets import SecretStore
from dmvpnprov.inventory.load import check_secrets, load_fleet
from dmvpnprov.render.engine import render_fleet
from dmvpnprov.render.files import FileStatus, prepare

ENV = {
    "DMVPN_PSK": "bench-psk",
    "DMVPN_NHRP_AUTH": "bench",
    "DMVPN_PASSWORD": "bench-pw",
    "DMVPN_ENABLE_SECRET": "bench-en",
}

DEFAULTS = """\
username: admin
platform: cisco_ios
data:
  credentials:
    password: {env: DMVPN_PASSWORD}
    secret: {env: DMVPN_ENABLE_SECRET}
  crypto_profiles:
    strong:
      ike_version: 1
      isakmp: {priority: 10, encryption: aes 256, hash: sha, group: 14}
      psk: {env: DMVPN_PSK}
      transform_set: {name: AES256-SHA, transforms: [esp-aes 256, esp-sha-hmac], mode: transport}
      ipsec_profile: DMVPN-STRONG
  clouds:
    dmvpn1:
      tunnel_subnet: 10.0.0.0/17
      network_id: 99
      tunnel_key: 100000
      nhrp_auth: {env: DMVPN_NHRP_AUTH}
      holdtime: 300
      ip_mtu: 1400
      tcp_adjust_mss: 1360
      phase: 2
      routing: {protocol: eigrp, asn: 1}
      crypto_profile: strong
"""

GROUPS = """\
hubs: {data: {role: hub}}
spokes: {data: {role: spoke}}
c7200: {data: {platform: "7200", ios_release: 15.2(4)M3}}
isr: {data: {platform: ISR4000, ios_release: 17.3.4a}}
"""


def _hub(i: int) -> str:
    return (
        f"hub{i}:\n  hostname: 192.0.2.{i}\n  groups: [hubs, c7200]\n  data:\n"
        f"    tunnels: [{{cloud: dmvpn1, interface: Tunnel0, address: 10.0.0.{i}}}]\n"
        f"    nbma: {{interface: GigabitEthernet0/1, address: 203.0.113.{i}/24}}\n"
        f"    lans: [{{interface: GigabitEthernet0/2, address: 192.168.{i}.1/24}}]\n"
    )


def _spoke(n: int, hubs: int) -> str:
    tunnel = IPv4Address(int(IPv4Address("10.0.1.0")) + n)
    lan = IPv4Address(int(IPv4Address("10.64.0.1")) + 256 * n)
    nbma = "dhcp" if n % 4 == 3 else f"{IPv4Address(int(IPv4Address('100.64.0.1')) + n)}/10"
    nhs = ", ".join(f"hub{i}" for i in range(1, hubs + 1))
    return (
        f"spoke{n:05d}:\n  hostname: 127.0.0.1\n  groups: [spokes, isr]\n  data:\n"
        f"    tunnels: [{{cloud: dmvpn1, interface: Tunnel0, address: {tunnel}, nhs: [{nhs}]}}]\n"
        f"    nbma: {{interface: GigabitEthernet0/0/0, address: {nbma}}}\n"
        f"    lans: [{{interface: GigabitEthernet0/0/1, address: {lan}/24}}]\n"
    )


def generate(folder: Path, hubs: int, spokes: int) -> Path:
    """Write the inventory files; return the inventory folder."""
    inventory = folder / "inventory"
    inventory.mkdir()
    (inventory / "defaults.yaml").write_text(DEFAULTS)
    (inventory / "groups.yaml").write_text(GROUPS)
    hosts = [_hub(i) for i in range(1, hubs + 1)] + [_spoke(n, hubs) for n in range(spokes)]
    (inventory / "hosts.yaml").write_text("".join(hosts))
    return inventory


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
