"""Each simulated router's :class:`~dmvpnprov.dmvpn.state.RouterState` from the analysis.

What ``show dmvpn``, ``show ip nhrp``, ``show ip nhrp nhs``, ``show crypto isakmp sa`` /
``ikev2 sa``, ``show crypto ipsec sa``, the routing-neighbour commands and
``show ip route`` print, router by router.
"""

from __future__ import annotations

from typing import Literal

from dmvpnprov.dmvpn.analysis import Analysis
from dmvpnprov.dmvpn.config import BgpProcess
from dmvpnprov.dmvpn.crypto import Negotiation
from dmvpnprov.dmvpn.demands import Dynamic
from dmvpnprov.dmvpn.state import (
    IkeSa,
    IpsecSa,
    Neighbor,
    NhrpEntry,
    NhsStatus,
    RouterState,
    TunnelState,
)
from dmvpnprov.dmvpn.topology import End

__all__ = ["router_states"]

_PROTOCOLS: dict[str, Literal["eigrp", "ospf", "bgp"]] = {
    "eigrp": "eigrp",
    "ospf": "ospf",
    "bgp": "bgp",
}


def _ike(a: Analysis, me: End, peer: End, neg: Negotiation | None, reason: str | None) -> IkeSa:
    local, remote = a.ctx.underlay.nbma[me[0]], a.ctx.seen(peer[0])
    nat = a.ctx.underlay.behind_nat(me[0]) or a.ctx.underlay.behind_nat(peer[0])
    if neg is None or not neg.ok or (neg.layer == "ike" and not neg.ok):
        version: Literal[1, 2] = 2 if neg is not None and neg.version == 2 else 1
        state = "MM_NO_STATE" if version == 1 else "DELETED"
        if neg is not None and neg.layer == "ipsec" and neg.ike:
            state = "QM_IDLE" if version == 1 else "READY"
            return IkeSa(peer[0], local, remote, version, state, True, *_parts(neg.ike), nat)
        return IkeSa(peer[0], local, remote, version, state, False, nat_t=nat, reason=reason)
    version = 2 if neg.version == 2 else 1
    state = "QM_IDLE" if version == 1 else "READY"
    return IkeSa(peer[0], local, remote, version, state, True, *_parts(neg.ike), nat)


def _parts(ike: str) -> tuple[str | None, str | None, int | None]:
    try:
        enc, mac, group = ike.split("/")
        return enc, mac, int(group.split()[-1])
    except ValueError:
        return None, None, None


def _ipsec(a: Analysis, me: End, peer: End, neg: Negotiation | None) -> IpsecSa | None:
    if neg is None or not neg.ok:
        return None
    mode: Literal["tunnel", "transport"] = "transport" if neg.mode == "transport" else "tunnel"
    return IpsecSa(
        peer[0],
        me[1],
        a.ctx.underlay.nbma[me[0]],
        a.ctx.seen(peer[0]),
        neg.transforms,
        mode,
        neg.pfs,
        True,
    )


def _ospf_state(a: Analysis, me: End, peer: End) -> str:
    dr = a.adjacencies.dr.get(me)
    if dr is None:
        return "FULL/  -"
    return "FULL/DR" if dr == peer else "FULL/DROTHER"


def _bgp_as(process: BgpProcess | None) -> str:
    """The AS of a ``router bgp`` process, as ``show ip bgp summary`` prints it."""
    return str(process.asn) if process is not None else ""


def router_states(a: Analysis, dyn: Dynamic) -> dict[str, RouterState]:  # noqa: C901, PLR0912
    """Every simulated router's state."""
    topo = a.topo
    nhs: dict[str, list[NhsStatus]] = {}
    nhrp: dict[str, list[NhrpEntry]] = {}
    ike: dict[str, list[IkeSa]] = {}
    ipsec: dict[str, list[IpsecSa]] = {}
    nbrs: dict[str, list[Neighbor]] = {}
    for r in a.members:
        cfg = topo.configs[r]
        for t in cfg.tunnels:
            for addr, nbma in t.nhrp_maps.items():
                cloud = topo.cloud_of(addr)
                owner = topo.owner(cloud, addr) if cloud else None
                nhrp.setdefault(r, []).append(
                    NhrpEntry(t.name, addr, nbma, owner[0] if owner else None, "static")
                )
    for link in a.links:
        c, s = link.client, link.server
        if s is None:
            nhs.setdefault(c[0], []).append(
                NhsStatus(c[1], link.nhs, link.nbma, None, False, reason=link.reason)
            )
            continue
        if not link.static:
            nhs.setdefault(c[0], []).append(
                NhsStatus(c[1], link.nhs, link.nbma, s[0], link.ok, reason=link.reason)
            )
        if link.ok and not link.static:
            hold = topo.tunnel(c).holdtime or 7200
            flags = ("registered", "used") + (() if topo.tunnel(c).no_unique else ("unique",))
            nhrp.setdefault(s[0], []).append(
                NhrpEntry(
                    s[1],
                    topo.address(c),
                    a.ctx.seen(c[0]),
                    c[0],
                    "dynamic",
                    True,
                    flags,
                    float(hold),
                )
            )
        if topo.tunnel(c).protection or topo.tunnel(s).protection:
            neg = link.crypto
            if link.ok or neg is not None:
                ike.setdefault(c[0], []).append(_ike(a, c, s, neg, link.reason))
                ike.setdefault(s[0], []).append(_ike(a, s, c, neg, link.reason))
                for me, peer in ((c, s), (s, c)):
                    sa = _ipsec(a, me, peer, neg) if link.ok else None
                    if sa is not None:
                        ipsec.setdefault(me[0], []).append(sa)
    for x, y, neg in dyn.tunnels:
        for me, peer in ((x, y), (y, x)):
            if neg is not None:
                ike.setdefault(me[0], []).append(_ike(a, me, peer, neg, None))
                sa = _ipsec(a, me, peer, neg)
                if sa is not None:
                    ipsec.setdefault(me[0], []).append(sa)
    for r, entries in dyn.entries.items():
        nhrp.setdefault(r, []).extend(entries)
    for adj in a.adjacencies.items:
        for me, peer in ((adj.a, adj.b), (adj.b, adj.a)):
            process = adj.process
            if adj.protocol == "ospf":
                state = _ospf_state(a, me, peer) if adj.up else "INIT"
            elif adj.protocol == "bgp":
                state = "Established" if adj.up else "Idle"
                process = _bgp_as(topo.configs[peer[0]].bgp)  # the AS column of the summary
            else:
                state = "up" if adj.up else "down"
            nbrs.setdefault(me[0], []).append(
                Neighbor(
                    _PROTOCOLS[adj.protocol],
                    peer[0],
                    topo.address(peer),
                    me[1],
                    adj.up,
                    state,
                    process,
                    adj.reason,
                )
            )
    out: dict[str, RouterState] = {}
    for r in a.members:
        cfg = topo.configs[r]
        tunnels = tuple(
            TunnelState(
                i.name,
                i.address.ip if i.address else None,
                i.address.network.prefixlen if i.address else None,
                i.source,
                "administratively down" if i.shutdown else "up",
                "down" if i.shutdown else "up",
            )
            for i in cfg.interfaces.values()
            if i.is_tunnel
        )
        rib = a.ribs.get(r)
        out[r] = RouterState(
            r,
            tunnels,
            tuple(nhs.get(r, ())),
            tuple(sorted(nhrp.get(r, ()), key=lambda e: (int(e.tunnel), e.prefixlen))),
            tuple(ike.get(r, ())),
            tuple(ipsec.get(r, ())),
            tuple(nbrs.get(r, ())),
            rib.ordered() if rib else (),
        )
    return out
