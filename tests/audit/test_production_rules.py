"""The production rules' checks and their premises, on small configs."""

from __future__ import annotations

from dmvpnprov.audit.rules.base import HostContext
from dmvpnprov.audit.rules.production import (
    eigrp_spoke_not_stub,
    ip_redirects,
    nat_no_keepalive,
    nat_tunnel_mode,
    no_dead_peer_detection,
    no_tunnel_bandwidth,
    weak_crypto_refused,
)
from dmvpnprov.core.configtree import parse

TUNNEL = "interface Tunnel0\n ip address 10.0.0.10 255.255.255.0\n ip nhrp network-id 1\n"
NAMED = (
    "router eigrp DMVPN\n address-family ipv4 unicast autonomous-system 10\n"
    "  network 10.0.0.0 0.0.0.255\n{stub}"
)


def _ctx(
    text: str, hub: bool = False, release: str = "15.2(4)M3", nat: bool = False
) -> HostContext:
    return HostContext("r1", parse(text), release, hub, nat)


def test_named_mode_stub_under_the_address_family_counts() -> None:
    stub = NAMED.format(stub="  eigrp stub connected\n")
    assert list(eigrp_spoke_not_stub(_ctx(TUNNEL + stub))) == []
    bare = NAMED.format(stub="")
    assert len(list(eigrp_spoke_not_stub(_ctx(TUNNEL + bare)))) == 1


def test_stub_rule_needs_a_spoke_with_a_dmvpn_tunnel() -> None:
    process = "router eigrp 1\n network 10.0.0.0 0.0.0.255\n"
    assert list(eigrp_spoke_not_stub(_ctx(TUNNEL + process, hub=True))) == []
    plain = "interface Tunnel5\n ip address 10.9.0.1 255.255.255.252\n"  # no NHRP
    assert list(eigrp_spoke_not_stub(_ctx(plain + process))) == []


def test_bandwidth_rule_needs_an_igp_and_redirects_rule_a_dmvpn_tunnel() -> None:
    assert list(no_tunnel_bandwidth(_ctx(TUNNEL))) == []  # no routing process
    assert len(list(no_tunnel_bandwidth(_ctx(TUNNEL + "router ospf 1\n")))) == 1
    with_bw = TUNNEL.replace(" ip address", " bandwidth 1000\n ip address")
    assert list(no_tunnel_bandwidth(_ctx(with_bw + "router ospf 1\n"))) == []
    assert len(list(ip_redirects(_ctx(TUNNEL)))) == 1
    assert list(ip_redirects(_ctx(TUNNEL + " no ip redirects\n"))) == []


def test_dead_peer_detection_ikev1_and_ikev2() -> None:
    v1 = "crypto isakmp policy 10\n encryption aes 256\n"
    assert len(list(no_dead_peer_detection(_ctx(v1)))) == 1
    assert list(no_dead_peer_detection(_ctx(v1 + "crypto isakmp keepalive 30 3\n"))) == []
    v2 = "crypto ikev2 profile P\n match identity remote address 0.0.0.0\n"
    assert len(list(no_dead_peer_detection(_ctx(v2)))) == 1
    assert list(no_dead_peer_detection(_ctx(v2 + " dpd 30 3 on-demand\n"))) == []
    assert list(no_dead_peer_detection(_ctx("crypto ikev2 dpd 30 3 on-demand\n" + v2))) == []
    assert list(no_dead_peer_detection(_ctx(TUNNEL))) == []  # no IKE at all


def test_weak_crypto_counts_only_from_ios_xe_17_11() -> None:
    weak = "crypto ipsec transform-set T esp-3des esp-sha-hmac\n"
    assert list(weak_crypto_refused(_ctx(weak, release="17.9.4a"))) == []
    assert list(weak_crypto_refused(_ctx(weak, release="15.2(4)M3"))) == []
    assert list(weak_crypto_refused(_ctx(weak, release="not a release"))) == []
    assert len(list(weak_crypto_refused(_ctx(weak, release="17.11.1a")))) == 1


def test_nat_rules_apply_only_behind_nat() -> None:
    ipsec = (
        "crypto isakmp policy 10\n encryption aes 256\n"
        "crypto ipsec transform-set T esp-aes 256 esp-sha-hmac\n"
        "crypto ipsec transform-set UNUSED esp-aes 256 esp-sha-hmac\n"
        "crypto ipsec profile P\n set transform-set T\n"
    )
    assert list(nat_tunnel_mode(_ctx(ipsec))) == []
    assert list(nat_no_keepalive(_ctx(ipsec))) == []
    found = list(nat_tunnel_mode(_ctx(ipsec, nat=True)))
    assert len(found) == 1 and "transform-set T " in found[0]  # not the unused set
    transport = ipsec.replace(
        "esp-sha-hmac\ncrypto ipsec transform-set UNUSED",
        "esp-sha-hmac\n mode transport\ncrypto ipsec transform-set UNUSED",
    )
    assert list(nat_tunnel_mode(_ctx(transport, nat=True))) == []
    assert len(list(nat_no_keepalive(_ctx(ipsec, nat=True)))) == 1
    kept = ipsec + "crypto isakmp nat keepalive 20\n"
    assert list(nat_no_keepalive(_ctx(kept, nat=True))) == []
