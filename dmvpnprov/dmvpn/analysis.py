"""The model's findings, layer by layer: what verify, trace and the states read."""

from __future__ import annotations

from dataclasses import dataclass, field
from ipaddress import IPv4Network

from dmvpnprov.dmvpn import adjacency as adj
from dmvpnprov.dmvpn.bgp import Session
from dmvpnprov.dmvpn.context import Context
from dmvpnprov.dmvpn.nhrp import Link
from dmvpnprov.dmvpn.routes import Rib
from dmvpnprov.dmvpn.state import Problem
from dmvpnprov.dmvpn.topology import Topology

__all__ = ["Analysis", "PathResult"]


@dataclass(frozen=True)
class PathResult:
    """One LAN pair: does it work, and how."""

    source: str
    target: str
    prefix: IPv4Network
    ok: bool
    mode: str  # "direct", "shortcut", "via hub", "local"
    hops: tuple[str, ...]
    reason: str = ""


@dataclass
class Analysis:
    """Everything the model found, for verify, trace and the states."""

    ctx: Context
    members: list[str]
    groups: list[list[str]]  # spoke classes; members holds up to two of each
    links: list[Link] = field(default_factory=list)
    adjacencies: adj.Adjacencies = field(default_factory=adj.Adjacencies)
    sessions: list[Session] = field(default_factory=list)
    ribs: dict[str, Rib] = field(default_factory=dict)
    paths: list[PathResult] = field(default_factory=list)

    @property
    def problems(self) -> tuple[Problem, ...]:
        """The problems, each naming the other class members it applies to."""
        rep_of = {g[0]: g for g in self.groups} | {g[1]: g for g in self.groups if len(g) > 1}
        out = []
        for p in self.ctx.problems:
            others = tuple(r for name in p.routers if name in rep_of for r in rep_of[name][2:])
            out.append(Problem(p.layer, p.routers, p.message, p.cloud, others))
        return tuple(out)

    @property
    def topo(self) -> Topology:
        """The clouds."""
        return self.ctx.topo
