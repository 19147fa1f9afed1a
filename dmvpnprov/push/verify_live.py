"""Post-push verification: after a router's change is read back, did its DMVPN come up?

What is expected comes from the control-plane model run on the intended configs of the
whole fleet (:func:`expectations`): a hub's tunnels up; a spoke registered with each
NHS, an IKE SA with each NHS's NBMA address, its routing neighbours on the tunnel up
(those with the hubs) and the routes the hubs give it. :class:`LiveVerifier` polls the
router's own show commands until all of that holds or ``timeout`` seconds pass (polls
0.25 s apart, doubling up to 2 s); then it
raises :class:`~dmvpnprov.push.results.PushFailure` with one line naming the first thing
missing and why (``not registered with 10.0.0.1 after 60 s: IKE phase 1 to 130.25.13.1
fails``), and push rolls the router back and saves nothing. The evidence (what was seen)
goes into the router's result under ``live`` (keys in docs/push.md).

Examples:
    >>> from ipaddress import IPv4Address as A
    >>> from dmvpnprov.dmvpn.state import NhsStatus
    >>> nhs = NhsStatus("Tunnel0", A("10.0.0.1"), A("130.25.13.1"), "hub1", True)
    >>> e = Expectation("spoke-a", nhs=((str(nhs.nhs), str(nhs.nbma)),), ike_version=1)
    >>> e.is_hub
    False
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from dmvpnprov.dmvpn.state import NetworkState
from dmvpnprov.push.plan import HostPlan
from dmvpnprov.push.results import HostResult, PushFailure
from dmvpnprov.transport.dmvpn_show import (
    parse_ikev2_sa,
    parse_isakmp_sa,
    parse_nhs,
    parse_show_dmvpn,
    textfsm_rows,
)

__all__ = ["Expectation", "LiveVerifier", "expectations", "observe"]

log = logging.getLogger(__name__)

_UP_IKE = {"QM_IDLE", "READY"}
_NEIGHBOUR_COMMANDS = {
    "eigrp": "show ip eigrp neighbors",
    "ospf": "show ip ospf neighbor",
    "bgp": "show ip bgp summary",
}


@dataclass(frozen=True)
class Expectation:
    """What one router must show once its DMVPN is up."""

    router: str
    tunnels: tuple[str, ...] = ()
    nhs: tuple[tuple[str, str | None], ...] = ()  # (NHS tunnel address, its NBMA)
    ike_version: int = 1
    crypto: bool = True
    neighbors: tuple[tuple[str, str], ...] = ()  # (protocol, address)
    routes: tuple[str, ...] = ()  # prefixes, "192.168.0.0/24"

    @property
    def is_hub(self) -> bool:
        """A router without NHS is a hub (its check: the tunnels are up)."""
        return not self.nhs


def expectations(network: NetworkState) -> dict[str, Expectation]:
    """Per router, what the model says it shows when its DMVPN works."""
    out = {}
    for name, state in network.routers.items():
        nhs_addresses = {str(n.nhs) for n in state.nhs}
        nhs = tuple((str(n.nhs), str(n.nbma) if n.nbma else None) for n in state.nhs)
        version = next((sa.version for sa in state.ike), 1)
        out[name] = Expectation(
            router=name,
            tunnels=tuple(t.interface for t in state.tunnels),
            nhs=nhs,
            ike_version=version,
            crypto=bool(state.ike) or bool(state.ipsec),
            neighbors=tuple(
                (n.protocol, str(n.address))
                for n in state.neighbors
                if str(n.address) in nhs_addresses
            ),
            routes=tuple(
                str(r.prefix)
                for r in state.routes
                if r.code not in ("C", "L", "S", "H") and str(r.next_hop) in nhs_addresses
            ),
        )
    return out


def observe(conn: Any, expected: Expectation, *, early: bool = False) -> dict[str, Any]:
    """Run the show commands ``expected`` needs on ``conn``; what they say, parsed.

    ``early`` stops at the first stage not yet as expected (tunnels; registration and
    IKE; routing neighbours; routes), as an engineer does not read the routing table of
    a spoke that has not registered: a poll while the DMVPN forms sends two to four
    commands instead of six. The first thing :func:`missing` reports is the same.
    """
    seen: dict[str, Any] = {}
    brief = textfsm_rows("show ip interface brief", conn.send_command("show ip interface brief"))
    seen["tunnels"] = {
        r["interface"]: f"{r['status']}/{r['proto']}"
        for r in brief
        if r["interface"] in expected.tunnels
    }
    if expected.is_hub or (early and _tunnels_missing(expected, seen)):
        return seen
    dmvpn = parse_show_dmvpn(conn.send_command("show dmvpn"))
    seen["dmvpn"] = [
        {
            "interface": p.interface,
            "nbma": p.nbma,
            "tunnel": p.tunnel,
            "state": p.state,
            "attrb": p.attrb,
        }
        for p in dmvpn
    ]
    seen["nhs"] = parse_nhs(conn.send_command("show ip nhrp nhs"))
    if expected.crypto:
        if expected.ike_version == 2:
            ike = parse_ikev2_sa(conn.send_command("show crypto ikev2 sa"))
        else:
            ike = parse_isakmp_sa(conn.send_command("show crypto isakmp sa"))
        seen["ike"] = {p.remote: p.state for p in ike}
    if early and _nhrp_missing(expected, seen):
        return seen
    protocols = sorted({proto for proto, _ in expected.neighbors})
    neighbors: dict[str, str] = {}
    for proto in protocols:
        command = _NEIGHBOUR_COMMANDS[proto]
        for row in textfsm_rows(command, conn.send_command(command)):
            address = row.get("ip_address") or row.get("bgp_neighbor", "")
            state = row.get("state") or row.get("state_or_prefixes_received") or "up"
            neighbors[f"{proto} {address}"] = state
    seen["neighbors"] = neighbors
    if expected.routes and not (early and _neighbors_missing(expected, seen)):
        rows = textfsm_rows("show ip route", conn.send_command("show ip route"))
        seen["routes"] = sorted(
            {f"{r['network']}/{r['prefix_length']}" for r in rows if r.get("prefix_length")}
        )
    return seen


def _nhs_up(seen: Mapping[str, Any], nhs: str) -> bool:
    """Registered: ``show ip nhrp nhs`` says R; without that line, ``show dmvpn`` says UP."""
    flags = seen.get("nhs", {}).get(nhs)
    if flags is not None:
        return "R" in flags
    return any(p["tunnel"] == nhs and p["state"] == "UP" for p in seen.get("dmvpn", []))


def missing(expected: Expectation, seen: Mapping[str, Any]) -> str | None:
    """The first thing not yet as expected, said as an engineer would; None when all is."""
    for check in (_tunnels_missing, _nhrp_missing, _routing_missing):
        why = check(expected, seen)
        if why is not None:
            return why
    return None


def _tunnels_missing(expected: Expectation, seen: Mapping[str, Any]) -> str | None:
    for tunnel in expected.tunnels:
        if seen["tunnels"].get(tunnel) != "up/up":
            return f"{tunnel} is {seen['tunnels'].get(tunnel, 'missing')}"
    return None


def _nhrp_missing(expected: Expectation, seen: Mapping[str, Any]) -> str | None:
    for nhs, nbma in expected.nhs:
        if not _nhs_up(seen, nhs):
            why = _why_not_registered(expected, seen, nbma)
            return f"not registered with {nhs}" + (f": {why}" if why else "")
    ike = seen.get("ike", {})
    for _, nbma in expected.nhs:
        if expected.crypto and nbma and ike.get(nbma) not in _UP_IKE:
            return f"no IKE SA with {nbma} ({ike.get(nbma, 'none')})"
    return None


def _routing_missing(expected: Expectation, seen: Mapping[str, Any]) -> str | None:
    return _neighbors_missing(expected, seen) or _routes_missing(expected, seen)


def _neighbors_missing(expected: Expectation, seen: Mapping[str, Any]) -> str | None:
    neighbors = seen.get("neighbors", {})
    for proto, address in expected.neighbors:
        state = neighbors.get(f"{proto} {address}")
        if state is None or (proto == "ospf" and not state.startswith("FULL")):
            return f"{proto.upper()} neighbour {address} not up"
        if proto == "bgp" and not state.isdigit():
            return f"BGP neighbour {address} {state}"
    return None


def _routes_missing(expected: Expectation, seen: Mapping[str, Any]) -> str | None:
    routes = set(seen.get("routes", []))
    absent = [p for p in expected.routes if p not in routes]
    if absent:
        more = f" (+{len(absent) - 1} more)" if absent[1:] else ""
        return f"route {absent[0]} missing{more}"
    return None


def _why_not_registered(expected: Expectation, seen: Mapping[str, Any], nbma: str | None) -> str:
    if not expected.crypto or not nbma:
        return "no NHRP registration reply"
    state = seen.get("ike", {}).get(nbma)
    if state is None or state not in _UP_IKE:
        phase = "IKEv2" if expected.ike_version == 2 else "IKE phase 1"
        return f"{phase} to {nbma} fails" + (f" ({state})" if state else "")
    return "no NHRP registration reply"


@dataclass
class LiveVerifier:
    """Push's live check (``ApplyOptions.live_check``): poll until up or ``timeout``."""

    expected: Mapping[str, Expectation]
    timeout: float = 60.0
    interval: float = 2.0
    sleep: Callable[[float], None] = field(default=time.sleep)

    def __call__(self, conn: Any, plan: HostPlan, result: HostResult) -> None:
        """Verify ``plan.name`` on ``conn``; record the evidence; raise when not up."""
        expected = self.expected.get(plan.name)
        if expected is None:
            result.live = {"checked": False, "why": "no DMVPN expected by the model"}
            return
        started = time.monotonic()
        polls = 0
        while True:
            polls += 1
            seen = observe(conn, expected, early=True)
            why = missing(expected, seen)
            waited = time.monotonic() - started
            result.live = {
                "checked": True,
                "up": why is None,
                "seconds": round(waited, 1),
                "polls": polls,
                "expected": _as_json(expected),
                "seen": seen,
                "missing": why,
            }
            if why is None:
                log.info("%s: DMVPN up after %.1f s", plan.name, waited)
                return
            if waited >= self.timeout:
                raise PushFailure(
                    f"{why.split(':')[0]} after {self.timeout:g} s"
                    + (f":{why.split(':', 1)[1]}" if ":" in why else "")
                )
            pause = min(self.interval, 0.25 * 2 ** (polls - 1))  # 0.25, 0.5, 1, 2, 2 ... s
            self.sleep(min(pause, max(0.05, self.timeout - waited)))


def _as_json(e: Expectation) -> dict[str, Any]:
    return {
        "role": "hub" if e.is_hub else "spoke",
        "tunnels": list(e.tunnels),
        "nhs": [{"address": a, "nbma": n} for a, n in e.nhs],
        "ike_version": e.ike_version if e.crypto else None,
        "neighbors": [f"{p} {a}" for p, a in e.neighbors],
        "routes": list(e.routes),
    }
