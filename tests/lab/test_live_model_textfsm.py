"""The lab running the model, read through netmiko's ``use_textfsm=True`` (the real
ntc-templates): the parsed values are the model's state.

Two golden designs are configured on fresh lab routers, the lab's control plane runs
the model on them (lab time 50x), and a spoke's ``show ip ospf neighbor``, ``show ip bgp
summary`` (neighbours up) and ``show crypto ipsec sa detail`` / ``peer X`` are parsed
and compared with ``lab.plane.state(spoke)``.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from netmiko import ConnectHandler

from dmvpnprov.core.secrets import SecretStore
from dmvpnprov.dmvpn.state import RouterState
from dmvpnprov.inventory.load import load_fleet
from dmvpnprov.lab.fleet import specs_for_fleet
from dmvpnprov.lab.network.server import LabRouter, LabServer
from dmvpnprov.render.engine import render_fleet

pytestmark = pytest.mark.lab

ENV = {"DMVPN_PSK": "k", "DMVPN_NHRP_AUTH": "a", "DMVPN_PASSWORD": "p", "DMVPN_ENABLE_SECRET": "e"}
GOLDEN = Path(__file__).parents[1] / "dmvpn" / "golden"
_SUFFIX = itertools.count(1)


def _body(config: str) -> list[str]:
    return list(itertools.takewhile(lambda line: line.strip() != "end", config.splitlines()))


def _lab_of(lab: LabServer, case: str) -> dict[str, LabRouter]:
    inventory = GOLDEN / case / "inventory"
    fleet = load_fleet(inventory, ENV)
    configs = render_fleet(fleet, SecretStore(ENV))
    suffix = next(_SUFFIX)
    routers = {}
    for spec in specs_for_fleet(fleet, ENV, inventory):
        router = lab.add(replace(spec, name=f"{spec.name}@model{suffix}"))
        router.configure(_body(configs[spec.name]))
        routers[spec.name] = router
    return routers


def _settled(lab: LabServer, name: str, protocol: str) -> RouterState:
    """``name``'s state once its neighbours of ``protocol`` and its IPsec SAs are up."""
    deadline = time.monotonic() + 120
    while True:
        state = lab.plane.state(name)
        nbrs = [n for n in state.neighbors if n.protocol == protocol]
        if nbrs and all(n.up for n in nbrs) and state.ipsec and all(s.up for s in state.ipsec):
            return state
        assert time.monotonic() < deadline, state
        time.sleep(0.2)


def _shows(router: LabRouter, *commands: str, textfsm: bool = True) -> list[Any]:
    """What netmiko gives for each show command (parsed by ntc-templates)."""
    conn = ConnectHandler(
        device_type=router.spec.device_type,
        host="127.0.0.1",
        port=router.port,
        username=router.spec.username,
        password=router.spec.password,
        secret=router.spec.enable_secret,
        fast_cli=True,
    )
    try:
        conn.enable()
        return [conn.send_command(c, use_textfsm=textfsm) for c in commands]
    finally:
        conn.disconnect()


@pytest.fixture
def routers(
    lab_server: LabServer, request: pytest.FixtureRequest
) -> Iterator[dict[str, LabRouter]]:
    made = _lab_of(lab_server, request.param)
    yield made
    for router in made.values():
        lab_server.remove(router.name)


@pytest.mark.parametrize("routers", ["ospf_works"], indirect=True)
def test_ospf_neighbours_parse_to_the_model_state(
    lab_server: LabServer, routers: dict[str, LabRouter]
) -> None:
    spoke = routers["spoke-a"]
    state = _settled(lab_server, spoke.name, "ospf")
    (rows,) = _shows(spoke, "show ip ospf neighbor")
    assert isinstance(rows, list), rows
    want = {
        (str(n.address), n.state, str(n.address), n.interface)  # ID: its tunnel address
        for n in state.neighbors
        if n.protocol == "ospf"
    }
    got = {(r["neighbor_id"], r["state"], r["ip_address"], r["interface"]) for r in rows}
    assert got == want
    assert all(r["state"].startswith("FULL") for r in rows)


@pytest.mark.parametrize("routers", ["bgp_one_hub_works"], indirect=True)
def test_bgp_summary_and_ipsec_sa_parse_to_the_model_state(
    lab_server: LabServer, routers: dict[str, LabRouter]
) -> None:
    spoke = routers["spoke-a"]
    state = _settled(lab_server, spoke.name, "bgp")
    summary, detail = _shows(spoke, "show ip bgp summary", "show crypto ipsec sa detail")
    peer = state.ipsec[0].remote
    (one,) = _shows(spoke, f"show crypto ipsec sa peer {peer}", textfsm=False)
    assert isinstance(summary, list), summary
    bgp = [n for n in state.neighbors if n.protocol == "bgp"]
    assert {r["bgp_neighbor"] for r in summary} == {str(n.address) for n in bgp}
    assert {r["neighbor_as"] for r in summary} == {n.process for n in bgp}
    for row in summary:
        via = row["bgp_neighbor"]
        learnt = [r for r in state.routes if r.code == "B" and str(r.next_hop) == via]
        assert int(row["state_or_prefixes_received"]) == len(learnt), row
    assert isinstance(detail, list), detail
    want = {(str(sa.remote), str(sa.local)) for sa in state.ipsec}
    assert {(r["current_peer"], r["local_addr"]) for r in detail} == want
    assert {r["sa_orientation"] for r in detail} == {"inbound", "outbound"}
    assert all(r["sa_status"].startswith("ACTIVE") for r in detail)
    assert f"current_peer {peer} port" in one
    others = {str(sa.remote) for sa in state.ipsec} - {str(peer)}
    assert not any(f"current_peer {o} " in one for o in others)
