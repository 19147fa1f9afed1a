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
    members: list[str]  # the simulated routers: every hub, two spokes per class (or all)
    groups: list[list[str]]  # spoke classes
    reduced: bool = True  # False: every spoke simulated (compute)
    links: list[Link] = field(default_factory=list)
    adjacencies: adj.Adjacencies = field(default_factory=adj.Adjacencies)
    sessions: list[Session] = field(default_factory=list)
    ribs: dict[str, Rib] = field(default_factory=dict)
    paths: list[PathResult] = field(default_factory=list)

    @property
    def representatives(self) -> list[str]:
        """The routers whose LAN pairs are checked: every hub and two spokes per class."""
        spokes = {s for g in self.groups for s in g}
        return [r for r in self.members if r not in spokes] + [
            s for g in self.groups for s in g[:2]
        ]

    @property
    def problems(self) -> tuple[Problem, ...]:
        """The problems, each naming the other class members it applies to (when those
        were not simulated themselves: every problem when reduced, else path problems)."""
        rep_of = {g[0]: g for g in self.groups} | {g[1]: g for g in self.groups if len(g) > 1}
        out = []
        for p in self.ctx.problems:
            extend = self.reduced or p.layer == "path"
            others = tuple(
                r for name in p.routers if extend and name in rep_of for r in rep_of[name][2:]
            )
            out.append(Problem(p.layer, p.routers, p.message, p.cloud, others))
        return tuple(out)

    def links_from(self, client: tuple[str, str]) -> list[Link]:
        """The registrations (and static hub mappings) made by the tunnel end ``client``."""
        index = self.__dict__.get("_by_client")
        if index is None or index[0] != len(self.links):
            by: dict[tuple[str, str], list[Link]] = {}
            for x in self.links:
                by.setdefault(x.client, []).append(x)
            index = self.__dict__["_by_client"] = (len(self.links), by)
        return index[1].get(client, [])

    @property
    def topo(self) -> Topology:
        """The clouds."""
        return self.ctx.topo
