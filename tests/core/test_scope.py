"""Managed scope by ownership: dmvpnprov changes only the lines it owns."""

from __future__ import annotations

from dmvpnprov.core.configtree import parse, remediation_lines, remediation_text

INTENDED = """\
crypto ikev2 keyring DMVPN-KEYRING
 peer ANY
  address 0.0.0.0 0.0.0.0
  pre-shared-key golden-psk
crypto ikev2 profile DMVPN-IKEV2
 match identity remote address 0.0.0.0
 authentication remote pre-share
 authentication local pre-share
 keyring local DMVPN-KEYRING
interface Tunnel0
 ip address 10.0.0.1 255.255.255.0
 ip mtu 1400
 ip nhrp network-id 99
 tunnel source GigabitEthernet0/0/0
 tunnel mode gre multipoint
interface GigabitEthernet0/0/0
 ip address 130.25.13.1 255.255.255.0
interface GigabitEthernet0/0/1
 ip address 192.168.0.1 255.255.255.0
router bgp 65000
 bgp log-neighbor-changes
 neighbor SPOKES peer-group
 neighbor SPOKES remote-as 65000
 bgp listen range 10.0.0.0/24 peer-group SPOKES
 network 192.168.0.0 mask 255.255.255.0
"""

USER_LINES = (
    " vrf forwarding BLUE",
    " description DMVPN cloud",
    " ip nat outside",
    " no ip redirects",
    " zone-member security OUTSIDE",
    " bfd interval 500 min_rx 500 multiplier 3",
    " ip ospf authentication message-digest",
    " ip ospf message-digest-key 1 md5 0 ospfkey",
    " tunnel vrf INTERNET",
    " ip address 10.9.9.1 255.255.255.0 secondary",
)


def _running(tunnel_extra: str = "", bgp: str = "router bgp 65000") -> str:
    return f"""\
crypto ikev2 keyring DMVPN-KEYRING
 peer HUB2
  address 130.25.14.1
  pre-shared-key hub2-key
crypto ikev2 profile DMVPN-IKEV2
 match fvrf INTERNET
 match identity remote address 0.0.0.0
 authentication remote pre-share
 authentication local pre-share
 keyring local DMVPN-KEYRING
 ivrf BLUE
interface Tunnel0
 ip address 10.0.0.1 255.255.255.0
 ip mtu 1450
 ip nhrp network-id 99
{tunnel_extra}\
 tunnel source GigabitEthernet0/0/0
 tunnel mode gre multipoint
interface GigabitEthernet0/0/0
 ip address 130.25.13.1 255.255.255.0
 ip nat outside
interface GigabitEthernet0/0/1
 ip address 192.168.0.1 255.255.255.0
{bgp}
 bgp log-neighbor-changes
 neighbor 130.25.13.254 remote-as 64512
 neighbor SPOKES peer-group
 neighbor SPOKES remote-as 65000
 bgp listen range 10.0.0.0/24 peer-group SPOKES
 network 192.168.0.0 mask 255.255.255.0
"""


def test_user_lines_in_a_managed_tunnel_are_never_negated() -> None:
    running = _running("".join(line + "\n" for line in USER_LINES))
    fix = remediation_lines(running, INTENDED)
    assert "  ip mtu 1400" in fix  # the owned line is fixed
    for line in USER_LINES:
        assert not any(line.strip() in f for f in fix), line
    assert not any("match fvrf" in f or "ivrf" in f for f in fix)


def test_fix_applied_keeps_every_user_line() -> None:
    running = _running("".join(line + "\n" for line in USER_LINES))
    after = str(parse(running).future(parse(remediation_text(running, INTENDED))))
    for line in USER_LINES:
        assert line.strip() in after


def test_the_nbma_side_is_not_owned() -> None:
    fix = remediation_lines(_running(), INTENDED)
    assert not any("130.25.13.254" in f for f in fix)


def test_unknown_keyring_peers_are_not_touched() -> None:
    fix = remediation_lines(_running(), INTENDED)
    assert not any("HUB2" in f or "hub2-key" in f for f in fix)
    assert "  peer ANY" in fix  # the peer dmvpnprov renders is added


def test_a_second_bgp_process_is_never_created() -> None:
    running = _running(bgp="router bgp 64999")
    fix = remediation_lines(running, INTENDED)
    assert not any(f.startswith(("router bgp", "no router bgp")) for f in fix)


def test_a_named_eigrp_process_is_not_duplicated() -> None:
    running = (
        "router eigrp WAN\n address-family ipv4 unicast autonomous-system 1\n  network 10.0.0.0\n"
    )
    intended = "router eigrp 1\n network 10.0.0.0 0.0.0.255\n"
    assert remediation_text(running, intended) == ""


def test_nhs_lines_of_other_shapes_stay_the_users() -> None:
    tunnel = "interface Tunnel0\n ip address 10.0.0.2 255.255.255.0\n"
    running = tunnel + (
        " ip nhrp nhs 10.0.0.1 nbma hub.example.net multicast priority 10 cluster 1\n"
        " ip nhrp nhs cluster 1 max-connections 4\n ip nhrp nhs fallback 25\n"
        " ip nhrp nhs 10.0.0.9\n"
    )
    fix = remediation_lines(running, tunnel + " ip nhrp nhs 10.0.0.1 nbma 192.0.2.1 multicast\n")
    assert "  no ip nhrp nhs 10.0.0.9" in fix  # a stale NHS of dmvpnprov's shape goes
    assert "  ip nhrp nhs 10.0.0.1 nbma 192.0.2.1 multicast" in fix
    assert not any("cluster" in line or "fallback" in line for line in fix)
