"""Benchmark the lab: 500 routers in one process, then netmiko and Nornir against it.

Usage: python bench/bench_lab.py [--routers 500] [--nornir-hosts 100] [--workers 20]

Prints: start-up time and RSS for N routers; netmiko connect + 20 config lines + save
against one router; the same against M routers with Nornir's threaded runner.
"""

from __future__ import annotations

import argparse
import logging
import resource
import time
from multiprocessing import Pipe, Process
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from netmiko import ConnectHandler
from nornir.core import Nornir
from nornir.core.inventory import (
    ConnectionOptions,
    Defaults,
    Groups,
    Host,
    Hosts,
    Inventory,
)
from nornir.core.plugins.connections import ConnectionPluginRegister
from nornir.core.task import Task
from nornir.plugins.runners import ThreadedRunner
from nornir_netmiko.tasks import netmiko_save_config, netmiko_send_config

from dmvpnprov.lab.fleet import starting_config
from dmvpnprov.lab.network.server import LabServer
from dmvpnprov.lab.state.router import RouterSpec

LINES = [
    "interface Tunnel0",
    " bandwidth 1000",
    " ip address 10.0.0.1 255.255.255.0",
    " ip mtu 1416",
    " ip nhrp authentication donttell",
    " ip nhrp map multicast dynamic",
    " ip nhrp network-id 99",
    " ip nhrp holdtime 300",
    " ip tcp adjust-mss 1360",
    " no ip split-horizon eigrp 1",
    " no ip next-hop-self eigrp 1",
    " delay 1000",
    " tunnel source GigabitEthernet0/1",
    " tunnel mode gre multipoint",
    " tunnel key 100000",
    "router eigrp 1",
    " network 10.0.0.0 0.0.0.255",
    " network 192.168.0.0 0.0.0.255",
    " no auto-summary",
    "ip forward-protocol nd",
]
assert len(LINES) == 20


def _rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _spec(i: int) -> RouterSpec:
    name = f"r{i:03d}"
    config = starting_config(
        name,
        "admin",
        "pw",
        "en",
        [("GigabitEthernet0/1", f"130.25.{i // 250}.{i % 250 + 1} 255.255.255.0")],
    )
    return RouterSpec(name=name, hostname=name, ios_release="12.4(24)T", config=tuple(config))


def _push_one(port: int) -> float:
    start = time.perf_counter()
    conn = ConnectHandler(
        device_type="cisco_ios", host="127.0.0.1", port=port, username="admin",
        password="pw", secret="en", fast_cli=True,
    )  # fmt: skip
    conn.enable()
    conn.send_config_set(LINES, error_pattern=r"% Invalid input")
    assert "[OK]" in conn.save_config()
    conn.disconnect()
    return time.perf_counter() - start


def _push_task(task: Task) -> None:
    task.run(task=netmiko_send_config, config_commands=LINES, error_pattern=r"% Invalid input")
    task.run(task=netmiko_save_config)


def _nornir(ports: dict[str, int], workers: int) -> Nornir:
    extras: dict[str, Any] = {"secret": "en", "fast_cli": True}
    hosts = Hosts(
        {
            name: Host(
                name=name,
                hostname="127.0.0.1",
                port=port,
                username="admin",
                password="pw",
                platform="cisco_ios",
                connection_options={"netmiko": ConnectionOptions(extras=extras)},
            )
            for name, port in ports.items()
        }
    )
    inventory = Inventory(hosts=hosts, groups=Groups(), defaults=Defaults())
    ConnectionPluginRegister.auto_register()
    return Nornir(inventory=inventory, runner=ThreadedRunner(num_workers=workers))


def _lab_process(count: int, conn: Connection) -> None:
    """The lab, alone in its own process (as `dmvpnprov lab up` runs it)."""
    logging.getLogger("asyncio").setLevel(logging.ERROR)
    base = _rss_mib()
    start = time.perf_counter()
    with LabServer() as lab:
        routers = [lab.add(_spec(i)) for i in range(count)]
        took = time.perf_counter() - start
        conn.send((took, base, _rss_mib(), [r.port for r in routers]))
        conn.recv()  # until the parent is done
        saved = [int("ip nhrp network-id 99" in r.startup_config()) for r in routers]
        usage = resource.getrusage(resource.RUSAGE_SELF)
        conn.send((saved, usage.ru_utime + usage.ru_stime))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--routers", type=int, default=500)
    parser.add_argument("--nornir-hosts", type=int, default=100)
    parser.add_argument("--workers", type=int, default=20)
    args = parser.parse_args()
    parent, child = Pipe()
    proc = Process(target=_lab_process, args=(args.routers, child), daemon=True)
    proc.start()
    took, base, rss, ports = parent.recv()
    per_router = (rss - base) * 1024 / args.routers
    print(f"start {args.routers} routers: {took:.2f} s, lab process RSS {rss:.0f} MiB")
    print(f"  ({per_router:.0f} KiB per router above the empty process)")
    print(f"netmiko 1 router (connect, enable, 20 lines, save): {_push_one(ports[0]):.2f} s")
    chosen = {f"r{i:03d}": ports[i] for i in range(1, args.nornir_hosts + 1)}
    nr = _nornir(chosen, args.workers)
    start = time.perf_counter()
    result = nr.run(task=_push_task)
    took = time.perf_counter() - start
    nr.close_connections()
    failed = len(result.failed_hosts)
    for host in list(result.failed_hosts)[:1]:
        print(f"first failure, {host}: {result[host][1].exception!r}")
    print(f"nornir {len(chosen)} routers, {args.workers} workers: {took:.2f} s, failed {failed}")
    parent.send("done")
    saved, lab_cpu = parent.recv()
    print(f"saved configs verified: {sum(saved[1 : len(chosen) + 1])}/{len(chosen)}")
    print(f"lab process CPU time over the whole run: {lab_cpu:.1f} s")
    proc.terminate()


if __name__ == "__main__":
    main()
