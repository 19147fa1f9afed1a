"""Semantic readers: EIGRP named mode, OSPF on the interface, DR-less OSPF networks,
IKEv2 default proposals, BGP-only clouds, Phase 1; rules apply only where their premise
holds."""

from __future__ import annotations

from ipaddress import IPv4Network
from pathlib import Path

from dmvpnprov.audit.facts import host_facts
from dmvpnprov.audit.rules import RULES, CloudContext, HostContext, Member
from dmvpnprov.commands.audit import run_audit
from dmvpnprov.core.configtree import parse
from dmvpnprov.core.secrets import SecretStore
from dmvpnprov.inventory.load import load_fleet
from dmvpnprov.render.engine import render_fleet
from tests.support.audit_cases import load_env

HUB_TUNNEL = """\
interface Tunnel0
 ip address 10.0.0.1 255.255.255.0
 ip nhrp map multicast dynamic
 ip nhrp network-id 1
 tunnel source 192.0.2.1
 tunnel mode gre multipoint
"""
SPOKE_TUNNEL = """\
interface Tunnel0
 ip address 10.0.0.2 255.255.255.0
 ip nhrp map 10.0.0.1 192.0.2.1
 ip nhrp nhs 10.0.0.1
 ip nhrp network-id 1
 tunnel source 192.0.2.2
 tunnel mode gre multipoint
"""


def _cloud(hub: str, spoke: str) -> CloudContext:
    members = []
    for host, is_hub, text in (("hub", True, hub), ("spoke", False, spoke)):
        facts = host_facts(parse(text))
        members.append(Member(host, is_hub, facts, facts.tunnels["Tunnel0"]))
    return CloudContext("c", IPv4Network("10.0.0.0/24"), tuple(members))


def _cloud_hits(rule: str, hub: str, spoke: str) -> list[tuple[str, str]]:
    check = RULES[rule].cloud_check
    assert check is not None
    return list(check(_cloud(hub, spoke)))


NAMED = """\
router eigrp WAN
 address-family ipv4 unicast autonomous-system 10
  af-interface Tunnel0
{af}\
  exit-af-interface
  network 10.0.0.0 0.0.0.255
 exit-address-family
"""


def test_eigrp_named_mode_hub_without_the_af_interface_lines_is_found() -> None:
    hits = _cloud_hits("DMVPN-002", HUB_TUNNEL + NAMED.format(af=""), SPOKE_TUNNEL)
    assert [h for h, _ in hits] == ["hub", "hub"]
    fixed = NAMED.format(af="   no split-horizon\n   no next-hop-self\n")
    assert _cloud_hits("DMVPN-002", HUB_TUNNEL + fixed, SPOKE_TUNNEL) == []


def test_ospf_enabled_on_the_interface_is_evaluated() -> None:
    hub = HUB_TUNNEL.replace(" tunnel mode", " ip ospf 1 area 0\n tunnel mode")
    hits = _cloud_hits("DMVPN-003", hub, SPOKE_TUNNEL)
    assert hits and hits[0][0] == "hub"


def test_ospf_priority_only_where_there_is_a_dr() -> None:
    p2mp = " ip ospf network point-to-multipoint\n ip ospf 1 area 0\n tunnel mode"
    spoke = SPOKE_TUNNEL.replace(" tunnel mode", p2mp)
    hub = HUB_TUNNEL.replace(" tunnel mode", p2mp)
    assert _cloud_hits("DMVPN-004", hub, spoke) == []
    bcast = " ip ospf network broadcast\n ip ospf 1 area 0\n tunnel mode"
    hits = _cloud_hits(
        "DMVPN-004", hub.replace(p2mp, bcast), SPOKE_TUNNEL.replace(" tunnel mode", bcast)
    )
    assert [h for h, _ in hits] == ["spoke"]


def test_bgp_only_cloud_needs_no_multicast_mapping() -> None:
    hub = HUB_TUNNEL.replace(" ip nhrp map multicast dynamic\n", "") + (
        "router bgp 65000\n bgp listen range 10.0.0.0/24 peer-group SPOKES\n"
    )
    assert _cloud_hits("DMVPN-001", hub, SPOKE_TUNNEL + "router bgp 65000\n") == []
    eigrp = "router eigrp 1\n network 10.0.0.0 0.0.0.255\n"
    hits = _cloud_hits("DMVPN-001", hub + eigrp, SPOKE_TUNNEL + eigrp)
    assert sorted(h for h, _ in hits) == ["hub", "spoke"]


def _host_hits(rule: str, text: str, release: str) -> list[str]:
    check = RULES[rule].host_check
    assert check is not None
    return list(check(HostContext("r1", parse(text), release, True)))


def test_ikev2_without_a_policy_uses_the_default_proposal() -> None:
    profile = "crypto ikev2 profile P\n match identity remote address 0.0.0.0\n"
    hits = _host_hits("CRYPTO-010", profile, "15.4(3)M")
    assert hits and "group 5" in hits[0] and "group 2" in hits[0]
    assert "group 5" in _host_hits("CRYPTO-010", profile, "17.3.4a")[0]
    policy = "crypto ikev2 proposal X\n group 19\ncrypto ikev2 policy X\n proposal X\n"
    assert _host_hits("CRYPTO-010", profile + policy, "15.4(3)M") == []
    assert _host_hits("CRYPTO-010", "hostname r1\n", "15.4(3)M") == []  # no IKEv2


def test_the_projects_own_phase1_render_passes_its_rules() -> None:
    case = Path(__file__).parents[1] / "golden" / "render" / "phase1"
    env = load_env(case)
    fleet = load_fleet(case / "inventory", environ=env)
    store = SecretStore(env)
    intended = render_fleet(fleet, store)
    report = run_audit(fleet, fleet.routers, intended, intended, secrets=store.values, workers=1)
    rules = {f.rule for h in report.hosts for f in h.findings}
    assert "DMVPN-001" not in rules
    assert not any(f.feature for h in report.hosts for f in h.findings)
