"""Generate a DMVPN fleet inventory of any size (100,000 spokes and more) for benchmarks.

The cloud's tunnel subnet is sized to the fleet (a /17 holds only 32,766 addresses; a
/9 holds 8 million), spokes' LANs are /27s carved from 10.128.0.0/9 (262,144 of them)
and their NBMA addresses come from 100.64.0.0/10 (a spoke in four on DHCP).

``--running DIR`` also writes every router's saved running config (the intended config
with real secrets, in ``show running-config`` framing) with drift on 1 % of the spokes,
as ``dmvpnprov audit --running DIR`` reads them.

Usage:
    python bench/fleetgen.py OUT --spokes 100000 [--hubs 2] [--running OUT/running]
"""

from __future__ import annotations

import argparse
import math
import os
import subprocess
import sys
from ipaddress import IPv4Address, IPv4Network
from pathlib import Path

ENV = {
    "DMVPN_PSK": "bench-psk",
    "DMVPN_NHRP_AUTH": "bench",
    "DMVPN_PASSWORD": "bench-pw",
    "DMVPN_ENABLE_SECRET": "bench-en",
}
MAX_SPOKES = 262_000  # LAN /27s in 10.128.0.0/9, less a margin

GROUPS = """\
hubs: {data: {role: hub}}
spokes: {data: {role: spoke}}
c7200: {data: {platform: "7200", ios_release: 15.2(4)M3}}
isr: {data: {platform: ISR4000, ios_release: 17.3.4a}}
"""


def tunnel_subnet(routers: int) -> IPv4Network:
    """The smallest subnet of 10.0.0.0/9 holding ``routers`` tunnel addresses (min /24).

    Examples:
        >>> tunnel_subnet(10_002), tunnel_subnet(100_002)
        (IPv4Network('10.0.0.0/18'), IPv4Network('10.0.0.0/15'))
    """
    bits = max(8, math.ceil(math.log2(routers + 2)))
    if bits > 23:
        raise ValueError(f"{routers} routers do not fit in 10.0.0.0/9")
    return IPv4Network(f"10.0.0.0/{32 - bits}")


def defaults(routers: int) -> str:
    """defaults.yaml: credentials, one crypto profile, one cloud sized for ``routers``."""
    return f"""\
username: admin
platform: cisco_ios
data:
  credentials:
    password: {{env: DMVPN_PASSWORD}}
    secret: {{env: DMVPN_ENABLE_SECRET}}
  crypto_profiles:
    strong:
      ike_version: 1
      isakmp: {{priority: 10, encryption: aes 256, hash: sha, group: 14}}
      psk: {{env: DMVPN_PSK}}
      transform_set: {{name: AES256-SHA, transforms: [esp-aes 256, esp-sha-hmac], mode: transport}}
      ipsec_profile: DMVPN-STRONG
  clouds:
    dmvpn1:
      tunnel_subnet: {tunnel_subnet(routers)}
      network_id: 99
      tunnel_key: 100000
      nhrp_auth: {{env: DMVPN_NHRP_AUTH}}
      holdtime: 300
      ip_mtu: 1400
      tcp_adjust_mss: 1360
      phase: 2
      routing: {{protocol: eigrp, asn: 1}}
      crypto_profile: strong
"""


def hub(i: int) -> str:
    """Hub ``i`` (1-based) as hosts.yaml text."""
    return (
        f"hub{i}:\n  hostname: 192.0.2.{i}\n  groups: [hubs, c7200]\n  data:\n"
        f"    tunnels: [{{cloud: dmvpn1, interface: Tunnel0, address: 10.0.0.{i}}}]\n"
        f"    nbma: {{interface: GigabitEthernet0/1, address: 203.0.113.{i}/24}}\n"
        f"    lans: [{{interface: GigabitEthernet0/2, address: 192.168.{i}.1/24}}]\n"
    )


def spoke(n: int, hubs: int) -> str:
    """Spoke ``n`` (0-based) as hosts.yaml text.

    Examples:
        >>> "address: 10.0.1.0," in spoke(0, 2), "10.128.0.1/27" in spoke(0, 2)
        (True, True)
    """
    tunnel = IPv4Address(int(IPv4Address("10.0.1.0")) + n)
    lan = IPv4Address(int(IPv4Address("10.128.0.1")) + 32 * n)
    nbma = "dhcp" if n % 4 == 3 else f"{IPv4Address(int(IPv4Address('100.64.0.1')) + n)}/10"
    nhs = ", ".join(f"hub{i}" for i in range(1, hubs + 1))
    return (
        f"spoke{n:06d}:\n  hostname: 127.0.0.1\n  groups: [spokes, isr]\n  data:\n"
        f"    tunnels: [{{cloud: dmvpn1, interface: Tunnel0, address: {tunnel}, nhs: [{nhs}]}}]\n"
        f"    nbma: {{interface: GigabitEthernet0/0/0, address: {nbma}}}\n"
        f"    lans: [{{interface: GigabitEthernet0/0/1, address: {lan}/27}}]\n"
    )


def generate(folder: Path, hubs: int, spokes: int) -> Path:
    """Write the inventory files under ``folder/inventory``; return that folder."""
    if spokes > MAX_SPOKES:
        raise ValueError(f"at most {MAX_SPOKES} spokes")
    inventory = folder / "inventory"
    inventory.mkdir(parents=True, exist_ok=True)
    (inventory / "defaults.yaml").write_text(defaults(hubs + spokes))
    (inventory / "groups.yaml").write_text(GROUPS)
    with (inventory / "hosts.yaml").open("w") as f:
        for i in range(1, hubs + 1):
            f.write(hub(i))
        for n in range(spokes):
            f.write(spoke(n, hubs))
    return inventory


def _drift(text: str) -> str:
    """One changed value and one stray line in the tunnel (as a hand edit leaves them)."""
    text = text.replace(" ip nhrp holdtime 300", " ip nhrp holdtime 600", 1)
    stray = "interface Tunnel0\n ip nhrp map 10.0.0.9 1.1.1.1\n"
    return text.replace("interface Tunnel0\n", stray, 1)


def saved_configs(inventory: Path, out: Path, python: str = sys.executable) -> Path:
    """Render with real secrets into ``out``, frame as ``show running-config``, and add
    drift to 1 % of the spokes (every 100th)."""
    env = {**os.environ, **ENV, "DMVPNPROV_YAML_CACHE": "0"}
    code = "from dmvpnprov.cli import run; run()"
    cmd = [python, "-c", code, "render", "-i", str(inventory), "-o", str(out), "--show-secrets"]
    subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL)
    for path in sorted(out.glob("*.cfg")):
        text = path.read_text()
        if path.stem.startswith("spoke") and int(path.stem[5:]) % 100 == 0:
            text = _drift(text)
        head = f"Building configuration...\n\nCurrent configuration : {len(text)} bytes\n!\n"
        path.write_text(head + text + "end\n")
    return out


def main() -> None:
    """Command line: write an inventory (and saved configs) of the asked size."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("out", type=Path)
    p.add_argument("--spokes", type=int, default=10_000)
    p.add_argument("--hubs", type=int, default=2)
    p.add_argument("--running", type=Path, default=None, help="also write saved configs here")
    a = p.parse_args()
    inventory = generate(a.out, a.hubs, a.spokes)
    if a.running is not None:
        saved_configs(inventory, a.running)
    print(inventory)


if __name__ == "__main__":
    main()
