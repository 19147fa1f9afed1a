"""Facts as the workers send them: equal values shared, nothing changed."""

from __future__ import annotations

import copy
import pickle
from ipaddress import IPv4Interface

import pytest

from dmvpnprov.audit.facts import host_facts, interface_text, pooled
from dmvpnprov.core.configtree import parse

SPOKE = (
    "interface Tunnel0\n ip address 10.0.0.{n} 255.255.255.0\n ip nhrp holdtime 300\n"
    " ip nhrp nhs 10.0.0.1 nbma 192.0.2.1 multicast\n ip nhrp redirect\n"
    " tunnel source GigabitEthernet0/0\n tunnel mode gre multipoint\n"
    "interface GigabitEthernet0/0\n ip address 192.0.2.{n} 255.255.255.0\n"
    "router eigrp 1\n network 10.0.0.0 0.0.0.255\n"
)


def test_pooled_facts_are_equal_and_share_repeated_values() -> None:
    pool: dict[object, object] = {}
    originals = [host_facts(parse(SPOKE.format(n=n))) for n in (10, 11)]
    got = [pooled(copy.deepcopy(f), pool) for f in originals]
    assert got == originals
    a, b = (f.tunnels["Tunnel0"] for f in got)
    assert a.maps is b.maps and a.source is b.source and a.redirect is True
    assert got[0].networks[0] is got[1].networks[0]
    assert a.address == "10.0.0.10/24" and b.address == "10.0.0.11/24"
    assert list(got[0].tunnels) == ["Tunnel0"]


def test_pooled_facts_pickle_smaller() -> None:
    facts = [host_facts(parse(SPOKE.format(n=n))) for n in range(10, 60)]
    plain = len(pickle.dumps(facts))
    pool: dict[object, object] = {}
    assert len(pickle.dumps([pooled(f, pool) for f in facts])) < plain


ADDRESSES = ["10.0.0.1", "0.0.0.0", "255.255.255.255", "010.0.0.1", "1.02.3.4", "256.1.1.1"]
MASKS = ["255.255.255.0", "0.0.0.255", "255.0.255.0", "255.255.255.255", "0.0.0.0", "1.2.3.4"]


@pytest.mark.parametrize("address", ADDRESSES)
@pytest.mark.parametrize("mask", MASKS)
def test_interface_text_is_ipaddress_text(address: str, mask: str) -> None:
    try:
        want = str(IPv4Interface(f"{address}/{mask}"))
    except ValueError:
        with pytest.raises(ValueError):
            interface_text(address, mask)
        return
    assert interface_text(address, mask) == want


def test_a_tunnel_address_converts_where_read() -> None:
    t = host_facts(parse(SPOKE.format(n=10))).tunnels["Tunnel0"]
    assert t.ip_interface() == IPv4Interface("10.0.0.10/24")
    assert t.ip_address() == IPv4Interface("10.0.0.10/24").ip
