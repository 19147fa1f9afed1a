"""A generated fleet of any size for the scale tests: inventory files and saved configs."""

from __future__ import annotations

from ipaddress import IPv4Address
from pathlib import Path

from dmvpnprov.core.secrets import SecretStore
from dmvpnprov.inventory.load import load_fleet
from dmvpnprov.render.engine import render_fleet

ENV = {"DMVPN_PSK": "scale-psk-1", "DMVPN_NHRP_AUTH": "scaleau", "DMVPN_PASSWORD": "pw-scale-9"}

DEFAULTS = """\
username: admin
platform: cisco_ios
data:
  credentials: {password: {env: DMVPN_PASSWORD}}
  crypto_profiles:
    strong:
      isakmp: {priority: 10, encryption: aes 256, hash: sha, group: 14}
      psk: {env: DMVPN_PSK}
      transform_set: {name: AES256-SHA, transforms: [esp-aes 256, esp-sha-hmac], mode: transport}
      ipsec_profile: DMVPN-STRONG
  clouds:
    dmvpn1:
      tunnel_subnet: 10.0.0.0/16
      network_id: 99
      tunnel_key: 100000
      nhrp_auth: {env: DMVPN_NHRP_AUTH}
      routing: {protocol: eigrp, asn: 1}
      crypto_profile: strong
"""
GROUPS = """\
hubs: {data: {role: hub, platform: "7200", ios_release: 15.2(4)M3}}
spokes: {data: {role: spoke, platform: ISR4000, ios_release: 17.3.4a}}
"""


def _spoke(n: int) -> str:
    tunnel = IPv4Address(int(IPv4Address("10.0.1.0")) + n)
    lan = IPv4Address(int(IPv4Address("10.128.0.1")) + 32 * n)
    nbma = IPv4Address(int(IPv4Address("100.64.0.1")) + n)
    return (
        f"spoke{n:04d}:\n  hostname: 127.0.0.1\n  groups: [spokes]\n  data:\n"
        f"    tunnels: [{{cloud: dmvpn1, interface: Tunnel0, address: {tunnel}}}]\n"
        f"    nbma: {{interface: GigabitEthernet0/0/0, address: {nbma}/10}}\n"
        f"    lans: [{{interface: GigabitEthernet0/0/1, address: {lan}/27}}]\n"
    )


def _hub(i: int) -> str:
    return (
        f"hub{i}:\n  hostname: 127.0.0.1\n  groups: [hubs]\n  data:\n"
        f"    tunnels: [{{cloud: dmvpn1, interface: Tunnel0, address: 10.0.0.{i}}}]\n"
        f"    nbma: {{interface: GigabitEthernet0/1, address: 203.0.113.{i}/24}}\n"
        f"    lans: [{{interface: GigabitEthernet0/2, address: 192.168.{i}.1/24}}]\n"
    )


def make_fleet(folder: Path, spokes: int, hubs: int = 2) -> tuple[Path, Path]:
    """Write an inventory and saved configs (every 7th spoke drifted, spoke 3's network-id
    changed: a cloud finding on it; spoke 5 holds spoke 6's tunnel address, a duplicate
    only the whole fleet shows); return (inventory, running folder)."""
    inventory, running = folder / "inventory", folder / "running"
    inventory.mkdir(parents=True)
    running.mkdir()
    (inventory / "defaults.yaml").write_text(DEFAULTS)
    (inventory / "groups.yaml").write_text(GROUPS)
    hosts = [_hub(i) for i in range(1, hubs + 1)] + [_spoke(n) for n in range(spokes)]
    (inventory / "hosts.yaml").write_text("".join(hosts))
    fleet = load_fleet(inventory, ENV)
    for name, rendered in render_fleet(fleet, SecretStore(ENV)).items():
        text = rendered
        if name.startswith("spoke") and int(name[5:]) % 7 == 0:
            text = text.replace(" ip nhrp holdtime 300", " ip nhrp holdtime 600")
        if name == "spoke0003":
            text = text.replace("ip nhrp network-id 99", "ip nhrp network-id 98")
        if name == "spoke0005" and spokes > 6:  # spoke0006's address: a duplicate
            text = text.replace("ip address 10.0.1.5 ", "ip address 10.0.1.6 ")
        (running / f"{name}.cfg").write_text(f"Building configuration...\n!\n{text}end\n")
    return inventory, running
