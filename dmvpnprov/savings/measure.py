"""Line counts measured from rendered text: DMVPN (real render) and the baselines.

The per-peer cost of a static design is never typed in: it is the difference between
the rendered configs of a fleet with 1 spoke and with 2 spokes (the same pattern), and,
for peers past the 800th (named access lists), between a device rendered with no peer
and with its 801st peer. A :class:`Curve` holds those measured figures and gives the
lines for any number of peers; tests check it against full renders.

Examples:
    >>> Curve(fixed=8, numbered=13, named=14).lines(300)
    3908
    >>> Curve(fixed=8, numbered=13, named=14).block(801)
    14
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from dmvpnprov.core.models import Fleet, Router
from dmvpnprov.core.secrets import MASK, SecretStore
from dmvpnprov.savings.baseline import (
    count_lines,
    render_device,
    spoke_related,
    spoke_related_lines,
)
from dmvpnprov.savings.peering import (
    NUMBERED_ACLS,
    BaselineDevice,
    Design,
    PeerLink,
    acl_for,
    baseline_device,
)
from dmvpnprov.savings.whatif import fleet_with_spokes

__all__ = ["Curve", "Measured", "changed_lines", "measure", "placeholder_secrets", "render_dmvpn"]


class _AnySecret(Mapping[str, str]):
    """Every variable is "set" to the mask: counts never need real secrets."""

    def __getitem__(self, key: str) -> str:
        return MASK

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0


def placeholder_secrets() -> SecretStore:
    """A store that resolves every secret to :data:`~dmvpnprov.core.secrets.MASK`."""
    return SecretStore(environ=_AnySecret())


def render_dmvpn(fleet: Fleet, name: str, templates: Path | None = None) -> str:
    """The real DMVPN config of ``name`` (``dmvpnprov.render.engine``), secrets masked."""
    from dmvpnprov.render.engine import render_router  # noqa: PLC0415 - render loads Jinja once

    return render_router(fleet, name, placeholder_secrets(), templates)


@dataclass(frozen=True)
class Curve:
    """Lines of a device with ``k`` peers: fixed + one block per peer."""

    fixed: int
    numbered: int  # a block with a numbered access list (peers 1-800)
    named: int  # a block with a named access list (peers 801+)

    def block(self, k: int) -> int:
        """Lines of the ``k``-th peer's block (1-based)."""
        return self.numbered if k <= NUMBERED_ACLS else self.named

    def lines(self, peers: int) -> int:
        """Lines of the device with ``peers`` peers."""
        numbered = min(peers, NUMBERED_ACLS)
        return self.fixed + self.numbered * numbered + self.named * (peers - numbered)


@dataclass(frozen=True)
class Measured:
    """A curve for the spoke-related part and one for the whole config."""

    related: Curve
    total: Curve
    block_text: tuple[str, ...]  # the spoke-related lines of one (numbered) block
    peers_per_spoke: int = 1  # blocks one more spoke adds to this device


def _peer(template: PeerLink, k: int) -> PeerLink:
    acl, numbered = acl_for(k)
    return replace(template, index=k, tunnel=f"Tunnel{k}", acl=acl, numbered_acl=numbered)


def _device(fleet: Fleet, name: str, design: Design) -> BaselineDevice:
    return baseline_device(fleet, fleet.router(name), design)


def _both(text: str) -> tuple[int, int]:
    return spoke_related(text), count_lines(text)


def measure(fleet: Fleet, router: Router, design: Design, templates: Path | None) -> Measured:
    """Measure ``router``'s baseline in ``design`` from renders of 1 and 2 spokes.

    The curves are per peer (one block); ``peers_per_spoke`` says how many blocks one
    more spoke brings (1, or one per shared cloud on a dual-cloud hub).
    """
    one, two = fleet_with_spokes(fleet, 1), fleet_with_spokes(fleet, 2)
    name = router.name if router.is_hub else one.spokes[0].name
    d1, d2 = _device(one, name, design), _device(two, name, design)
    (r1, t1), (r2, t2) = (_both(render_device(d, templates)) for d in (d1, d2))
    peers1 = len(d1.peers)
    added = len(d2.peers) - peers1  # peers one more spoke brings (2 on a dual-cloud hub)
    related = (r2 - r1) // added if added > 0 else 0
    total = (t2 - t1) // added if added > 0 else 0
    empty = replace(d1, peers=())
    r0, t0 = _both(render_device(empty, templates))
    named_r, named_t = related, total
    block_text: tuple[str, ...] = ()
    if d2.peers:
        first = replace(empty, peers=(d2.peers[-1],))
        block_text = tuple(spoke_related_lines(render_device(first, templates)))
        rn, tn = _both(
            render_device(
                replace(empty, peers=(_peer(d2.peers[-1], NUMBERED_ACLS + 1),)), templates
            )
        )
        named_r, named_t = rn - r0, tn - t0
    return Measured(
        related=Curve(r1 - related * peers1, related, named_r),
        total=Curve(t1 - total * peers1, total, named_t),
        block_text=block_text,
        peers_per_spoke=max(added, 0),
    )


def changed_lines(before: str, after: str) -> int:
    """Configuration lines added or removed between two configs (a changed line is 2).

    Examples:
        >>> changed_lines("a\\n b\\n!\\n", "a\\n b\\n!\\n")
        0
        >>> changed_lines("a\\n b\\n", "a\\n c\\nd\\n")
        3
    """
    old = [line for line in before.splitlines() if count_lines(line)]
    new = [line for line in after.splitlines() if count_lines(line)]
    diff = difflib.unified_diff(old, new, n=0, lineterm="")
    return sum(1 for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---"))
