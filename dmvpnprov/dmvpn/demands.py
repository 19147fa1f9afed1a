"""What recent traffic adds: dynamic spoke-to-spoke NHRP entries and their IPsec SAs.

A demand (traffic from a spoke's LAN toward an address) resolves the destination spoke
through the NHS, as the deck's steps 3 to 7 say: the source gets an entry for the
destination (and, with ``ip nhrp shortcut``, one for its LAN prefix), the destination one
for the source; both live for the responder's holdtime, then IOS removes them and the
dynamic tunnel goes down (step 8).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from dmvpnprov.dmvpn.analysis import Analysis
from dmvpnprov.dmvpn.crypto import Negotiation
from dmvpnprov.dmvpn.paths import lans, mgre_spoke, resolve, walk
from dmvpnprov.dmvpn.state import Demand, NhrpEntry
from dmvpnprov.dmvpn.topology import End

__all__ = ["Dynamic", "demands_entries"]


@dataclass
class Dynamic:
    """What demands add: dynamic NHRP entries and spoke-to-spoke SAs."""

    entries: dict[str, list[NhrpEntry]] = field(default_factory=dict)
    tunnels: list[tuple[End, End, Negotiation | None]] = field(default_factory=list)

    def add(self, router: str, entry: NhrpEntry) -> None:
        """Add ``entry`` to ``router``'s cache once."""
        mine = self.entries.setdefault(router, [])
        if entry not in mine:
            mine.append(entry)


def _ends(a: Analysis, d: Demand) -> tuple[End, End] | None:
    """The two spoke ends a demand connects directly, when it does."""
    if d.source not in a.ribs:
        return None
    w = walk(a, d.source, d.destination)
    target = w.hops[-1].router if w.ok and w.hops else None
    se = mgre_spoke(a, d.source)
    oe = mgre_spoke(a, target) if target and target != d.source else None
    if se is None or oe is None or not resolve(a, se, oe)[0]:
        return None
    return se, oe


def _entries(a: Analysis, d: Demand, se: End, oe: End, left: float) -> list[tuple[str, NhrpEntry]]:
    out = []
    for x, y in ((se, oe), (oe, se)):
        flags = ("router", "used", "nhop") if x == se else ("router", "nhop")
        nbma = a.ctx.seen(y[0])
        entry = NhrpEntry(x[1], a.topo.address(y), nbma, y[0], "dynamic", True, flags, left, d.age)
        out.append((x[0], entry))
    if a.topo.tunnel(se).shortcut:
        for net, _ip in lans(a, oe[0]):
            if d.destination in net:
                entry = NhrpEntry(
                    se[1], net.network_address, a.ctx.seen(oe[0]), oe[0], "dynamic", True,
                    ("router", "rib", "nho"), left, d.age, net.prefixlen,
                )  # fmt: skip
                out.append((se[0], entry))
    return out


def demands_entries(a: Analysis, demands: Sequence[Demand], holdtime_default: int) -> Dynamic:
    """Spoke-to-spoke entries made by recent traffic (gone after the holdtime)."""
    dyn = Dynamic()
    for d in demands:
        ends = _ends(a, d)
        if ends is None:
            continue
        se, oe = ends
        hold = a.topo.tunnel(oe).holdtime or holdtime_default
        if d.age >= hold:
            continue
        for router, entry in _entries(a, d, se, oe, hold - d.age):
            dyn.add(router, entry)
        dyn.tunnels.append((se, oe, a.ctx.crypto(se, oe)))
    return dyn
