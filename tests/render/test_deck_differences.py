"""The source deck's hub and spoke configs against what dmvpnprov renders for them.

The deck's configs are typed below as the deck prints them (its PDF text lost the
indentation, and its isakmp key line carries the blanks IOS prints for a 0.0.0.0 mask),
so lines are compared stripped and ``!`` lines are ignored. The ``deck`` golden case
asks for exactly the deck's parameters; every line that still differs is named here
with the reason: each is a place where the deck's example is not valid IOS as typed or
would not work as a Phase 2 network. Any other difference fails the test, and so does
a difference listed here that has gone away.
"""

from __future__ import annotations

from difflib import SequenceMatcher

import pytest

from dmvpnprov.core.secrets import SecretStore
from dmvpnprov.render.engine import render_fleet
from tests.support.paths import DECK_CASE
from tests.support.render_cases import case_env, case_fleet

DECK_HUB = """\
crypto isakmp policy 1
authentication pre-share
crypto isakmp key cisco47 address 0.0.0.0        
!
crypto IPsec transform-set trans2 esp-des esp-md5-hmac
!
crypto ipsec profile vpnprof
set transform-set trans2
!
interface Tunnel0
bandwidth 1000
ip address 10.0.0.1 255.255.255.0
ip mtu 1416
ip nhrp authentication donttell
ip nhrp map multicast dynamic
ip nhrp network-id 99
ip nhrp holdtime 300
no ip split-horizon eigrp 1
no ip next-hop-self eigrp 1
delay 1000
tunnel source Ethernet0
tunnel mode gre multipoint
tunnel key 100000
tunnel protection ipsec profile vpnprof
interface Ethernet0
ip address 172.17.0.1 255.255.255.0
!
interface Ethernet1
ip address 192.168.0.1 255.255.255.0
!
router eigrp 1
network 10.0.0.0 0.0.0.255 area 0
network 192.168.0.0 0.0.0.255 area 0
!
"""  # noqa: W291 - the deck's own trailing blanks

DECK_SPOKE = """\
crypto isakmp policy 1
authentication pre-share
crypto isakmp key cisco47 address 0.0.0.0        
!
crypto IPsec transform-set trans2 esp-des esp-md5-hmac
!
crypto ipsec profile vpnprof
set transform-set trans2
!
interface Tunnel0
bandwidth 1000
ip address 10.0.0.3 255.255.255.0
ip mtu 1416
ip nhrp authentication donttell
ip nhrp map 10.0.0.1 172.17.0.1
ip nhrp network-id 99
ip nhrp holdtime 300
ip nhrp nhs 10.0.0.1
delay 1000
tunnel source Ethernet0
tunnel mode gre multipoint
tunnel key 100000
tunnel protection ipsec profile vpnprof
!
interface Ethernet0
ip address dhcp hostname Spoke1
!
interface Ethernet1
ip address 192.168.1.1 255.255.255.0
!
router eigrp 1
network 10.0.0.0 0.0.0.255
network 192.168.1.0 0.0.0.255
"""  # noqa: W291 - the deck's own trailing blanks

_CASE = (
    "IOS keywords are lowercase and IOS stores and prints `crypto ipsec`; rendered as "
    "IOS prints it so that the audit of a running config finds no false drift"
)
_AREA = (
    "`area` belongs to OSPF's network statement; under `router eigrp` IOS rejects the "
    "line (% Invalid input), so as typed the hub would run no EIGRP on the tunnel or LAN"
)
_AUTO_SUMMARY = (
    "before 15.0(1)M EIGRP auto-summarises at classful boundaries; spoke LANs that share "
    "a major network (10.x or 172.16.x sites) would be advertised as one discontiguous "
    "classful route and spoke-to-spoke routing breaks; the deck's routers run 12.x"
)

_3745 = (
    "the deck's hub is a 3745, whose onboard ports are FastEthernet0/0 and FastEthernet0/1: "
    "IOS on it has no Ethernet0 or Ethernet1 and rejects those lines"
)

# (sign, line) -> why: "-" lines are the deck's, "+" lines dmvpnprov's.
DIFFERENCES: dict[str, dict[tuple[str, str], str]] = {
    "hub": {
        ("-", "crypto IPsec transform-set trans2 esp-des esp-md5-hmac"): _CASE,
        ("+", "crypto ipsec transform-set trans2 esp-des esp-md5-hmac"): _CASE,
        ("-", "network 10.0.0.0 0.0.0.255 area 0"): _AREA,
        ("-", "network 192.168.0.0 0.0.0.255 area 0"): _AREA,
        ("+", "network 10.0.0.0 0.0.0.255"): _AREA,
        ("+", "network 192.168.0.0 0.0.0.255"): _AREA,
        ("+", "no auto-summary"): _AUTO_SUMMARY,
        ("-", "tunnel source Ethernet0"): _3745,
        ("+", "tunnel source FastEthernet0/0"): _3745,
        ("-", "interface Ethernet0"): _3745,
        ("+", "interface FastEthernet0/0"): _3745,
        ("-", "interface Ethernet1"): _3745,
        ("+", "interface FastEthernet0/1"): _3745,
    },
    "spoke1": {
        ("-", "crypto IPsec transform-set trans2 esp-des esp-md5-hmac"): _CASE,
        ("+", "crypto ipsec transform-set trans2 esp-des esp-md5-hmac"): _CASE,
        ("+", "ip nhrp map multicast 172.17.0.1"): (
            "EIGRP hellos are multicast; on an mGRE tunnel a spoke sends multicast only to "
            "the NBMA addresses mapped with `ip nhrp map multicast`, so without it the spoke "
            "never forms an adjacency with the hub and learns no route at all"
        ),
        ("+", "ip nhrp registration no-unique"): (
            "the spoke's NBMA address comes from DHCP; registrations are unique by default, "
            "so after a lease change the hub rejects the new address until the old entry's "
            "holdtime (300 s) expires, and the spoke is unreachable meanwhile"
        ),
        ("-", "ip address dhcp hostname Spoke1"): (
            "`hostname` only repeats the router's own hostname, which IOS sends in DHCP "
            "option 12 by default; leaving it out keeps every spoke's config the same but "
            "for its addresses, as the deck itself promises"
        ),
        ("+", "ip address dhcp"): "see `ip address dhcp hostname Spoke1`",
        ("+", "no auto-summary"): _AUTO_SUMMARY,
    },
}


def _lines(text: str) -> list[str]:
    return [s for s in (line.strip() for line in text.splitlines()) if s and s != "!"]


def differing_lines(deck: str, rendered: str) -> set[tuple[str, str]]:
    """Lines only in the deck ("-") or only in the rendered config ("+"), in order."""
    old, new = _lines(deck), _lines(rendered)
    out: set[tuple[str, str]] = set()
    for tag, i1, i2, j1, j2 in SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if tag != "equal":
            out |= {("-", line) for line in old[i1:i2]} | {("+", line) for line in new[j1:j2]}
    return out


@pytest.fixture(scope="module")
def rendered() -> dict[str, str]:
    return render_fleet(case_fleet(DECK_CASE), SecretStore(case_env(DECK_CASE)))


@pytest.mark.parametrize(("host", "deck"), [("hub", DECK_HUB), ("spoke1", DECK_SPOKE)])
def test_only_the_named_lines_differ(rendered: dict[str, str], host: str, deck: str) -> None:
    assert differing_lines(deck, rendered[host]) == set(DIFFERENCES[host])


def test_every_difference_has_a_reason() -> None:
    for differences in DIFFERENCES.values():
        for (sign, line), reason in differences.items():
            assert sign in "+-" and line and len(reason) > 20


def test_the_deck_configs_are_typed_as_the_deck_prints_them() -> None:
    # The deck's key line ends in the blanks IOS prints for a 0.0.0.0 mask.
    assert "address 0.0.0.0        \n" in DECK_HUB
    assert len(_lines(DECK_HUB)) == 28
    assert len(_lines(DECK_SPOKE)) == 27
