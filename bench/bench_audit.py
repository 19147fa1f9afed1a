"""Offline audit of N saved spoke configs plus their hubs: wall time and peak memory.

Builds a fleet of 2 hubs and N spokes from the models (the example inventory's
deck cloud), renders it, writes every router's "saved running config" to a temporary
folder in ``show running-config`` form with drift on 1% of the spokes, then times
each stage of ``dmvpnprov audit --running DIR``: render of the intended configs,
reading the folder, the audit itself (parse once per config; worker processes), and
the JSON report. Peak memory is the parent's plus its workers' maximum RSS.

Usage:
    python bench/bench_audit.py [--spokes 10000] [--workers N]
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
from ipaddress import IPv4Address, IPv4Interface, IPv4Network
from pathlib import Path

from dmvpnprov.audit.sources import read_saved
from dmvpnprov.commands.audit import run_audit
from dmvpnprov.core.models import (
    Cloud,
    CryptoProfile,
    Fleet,
    Lan,
    Nbma,
    Role,
    Router,
    SecretRef,
    TransformSet,
    TunnelMembership,
)
from dmvpnprov.core.platforms import Platform
from dmvpnprov.core.secrets import SecretStore
from dmvpnprov.render.engine import render_fleet

ENV = {"DMVPN_PSK": "bench-psk-1", "DMVPN_NHRP_AUTH": "bnchauth"}


def build_fleet(spokes: int) -> Fleet:
    """Two 7200 hubs and ``spokes`` 3725 spokes in one /18 cloud."""
    subnet = IPv4Network("10.0.0.0/18")
    cloud = Cloud(
        name="dmvpn1",
        tunnel_subnet=subnet,
        network_id=99,
        tunnel_key=100000,
        nhrp_auth=SecretRef(env="DMVPN_NHRP_AUTH"),
        holdtime=300,
        ip_mtu=1416,
        bandwidth=1000,
        delay=1000,
        crypto_profile="deck",
    )
    profile = CryptoProfile(
        name="deck",
        psk=SecretRef(env="DMVPN_PSK"),
        ipsec_profile="vpnprof",
        transform_set=TransformSet(name="trans2", transforms=("esp-des", "esp-md5-hmac")),
    )
    routers = [
        Router(
            name=f"hub{i}",
            hostname=f"hub{i}",
            role=Role.HUB,
            platform=Platform.C7200,
            ios_release="15.2(4)M3",
            nbma=Nbma(interface="GigabitEthernet0/1", address=IPv4Interface(f"130.25.{i}.1/24")),
            lans=(Lan(interface="GigabitEthernet0/2", address=IPv4Interface(f"192.168.{i}.1/24")),),
            tunnels=(TunnelMembership(cloud="dmvpn1", address=IPv4Address(f"10.0.0.{i}")),),
        )
        for i in (1, 2)
    ]
    for n in range(spokes):
        tunnel = subnet.network_address + 10 + n
        routers.append(
            Router(
                name=f"spoke{n:05d}",
                hostname=f"spoke{n:05d}",
                role=Role.SPOKE,
                platform=Platform.C3725,
                ios_release="12.4(15)T14",
                nbma=Nbma(
                    interface="FastEthernet0/0",
                    address=IPv4Interface(f"100.{64 + n // 65536}.{n // 256 % 256}.{n % 256}/16"),
                ),
                lans=(
                    Lan(
                        interface="FastEthernet0/1",
                        address=IPv4Interface(
                            f"172.{16 + n // 65536}.{n // 256 % 256}.{n % 256}/32"
                        ),
                    ),
                ),
                tunnels=(TunnelMembership(cloud="dmvpn1", address=tunnel, nhs=("hub1", "hub2")),),
            )
        )
    return Fleet(
        clouds={"dmvpn1": cloud}, crypto_profiles={"deck": profile}, routers=tuple(routers)
    )


def saved_form(host: str, config: str, drift: bool) -> str:
    """The config as `show running-config` prints it, with unmanaged lines around."""
    if drift:
        config = config.replace(" ip nhrp holdtime 300\n", " ip nhrp holdtime 600\n")
    return (
        f"Building configuration...\n\nCurrent configuration : {len(config)} bytes\n!\n"
        f"version 12.4\nservice timestamps debug datetime msec\n!\nhostname {host}\n!\n"
        "username admin privilege 15 secret 5 $1$mERr$hx5rVt7rPNoS4wqbXKX7m0\n!\n"
        f"{config}!\ninterface Serial0/0\n no ip address\n shutdown\n!\n"
        "ip forward-protocol nd\nno ip http server\n!\nsnmp-server community s3cret RO\n!\n"
        "line con 0\nline vty 0 4\n login local\n!\nend\n"
    )


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _peak_mib() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, kids


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spokes", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=None, help="default: every core")
    args = parser.parse_args()
    fleet = build_fleet(args.spokes)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        setup = SecretStore(ENV)
        for i, (host, text) in enumerate(render_fleet(fleet, setup).items()):
            (folder / f"{host}.cfg").write_text(saved_form(host, text, drift=i % 100 == 50))
        start = time.perf_counter()
        store = SecretStore(ENV)
        intended = render_fleet(fleet, store)
        rendered = time.perf_counter()
        running = read_saved(folder, fleet.routers)
        read = time.perf_counter()
        cpu0 = _cpu()
        report = run_audit(
            fleet, fleet.routers, intended, running, secrets=store.values, workers=args.workers
        )
        audited = time.perf_counter()
        cpu1 = _cpu()
        text = report.to_json()
        done = time.perf_counter()
    own, kids = _peak_mib()
    s = report.summary
    print(
        f"routers: {len(fleet.routers)} ({args.spokes} spokes + 2 hubs), cores: {os.cpu_count()}, "
        f"workers: {args.workers or os.cpu_count()}"
    )
    print(
        f"non-compliant: {s.non_compliant} (drifted features {s.drifted_features}), "
        f"report {len(text) / 1e6:.1f} MB"
    )
    print(f"render intended  {rendered - start:6.2f} s")
    print(f"read saved       {read - rendered:6.2f} s")
    print(f"audit            {audited - read:6.2f} s  (CPU {cpu1 - cpu0:.2f} s, parent + workers)")
    print(f"json report      {done - audited:6.2f} s")
    print(f"total            {done - start:6.2f} s")
    print(f"load average     {os.getloadavg()[0]:.2f} (other processes compete for the cores)")
    print(f"peak RSS: parent {own:.0f} MiB, largest worker {kids:.0f} MiB")


if __name__ == "__main__":
    main()
