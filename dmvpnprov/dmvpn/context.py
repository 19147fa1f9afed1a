"""What every layer of the model shares: the topology, the underlay, the problems found.

IKE/IPsec successes are cached by what decides them (both routers' crypto sections and
the keys and identities each finds for the other's address), so 10,000 spokes
configured alike cost one negotiation per hub, not one each.
"""

from __future__ import annotations

from collections.abc import Mapping
from ipaddress import IPv4Address

from dmvpnprov.dmvpn.config import Ikev2Proposal, RouterConfig
from dmvpnprov.dmvpn.crypto import (
    Negotiation,
    Side,
    best_psk,
    default_proposal,
    negotiate,
    refuses_weak,
    release_of,
)
from dmvpnprov.dmvpn.state import Layer, Problem, Underlay
from dmvpnprov.dmvpn.topology import End, Topology

__all__ = ["Context"]


def _crypto_sig(cfg: RouterConfig) -> tuple[object, ...]:
    return (
        tuple(cfg.isakmp),
        tuple(sorted(cfg.ikev2_proposals.items())),
        tuple(cfg.ikev2_policies),
        tuple(sorted(cfg.ikev2_profiles.items())),
        tuple(sorted(cfg.transform_sets.items())),
        tuple(sorted(cfg.ipsec_profiles.items())),
    )


class Context:
    """The model's shared state while it runs."""

    def __init__(
        self, topo: Topology, underlay: Underlay, releases: Mapping[str, str] | None = None
    ) -> None:
        self.topo = topo
        self.underlay = underlay
        self.releases = dict(releases or {})
        self._crypto_release: dict[str, tuple[Ikev2Proposal, bool]] = {}
        self.problems: list[Problem] = []
        self._seen: set[tuple[str, tuple[str, ...], str]] = set()
        self._sigs: dict[str, tuple[object, ...]] = {}
        self._cache: dict[tuple[object, ...], Negotiation] = {}

    def problem(
        self, layer: Layer, routers: tuple[str, ...], message: str, cloud: str = ""
    ) -> None:
        """Record a problem once."""
        key = (layer, routers, message)
        if key not in self._seen:
            self._seen.add(key)
            self.problems.append(Problem(layer, routers, message, cloud or None))

    def seen(self, router: str) -> IPv4Address:
        """The address the others see for ``router``."""
        return self.underlay.address_seen(router)

    def _facts(self, cfg: RouterConfig, peer: IPv4Address) -> tuple[object, ...]:
        rings = tuple(
            (name, best_psk(keys, peer)) for name, keys in sorted(cfg.ikev2_keyrings.items())
        )
        matches = tuple(
            any(peer in m for m in p.match) for _, p in sorted(cfg.ikev2_profiles.items())
        )
        return (best_psk(cfg.psks, peer), rings, matches)

    def crypto(self, a: End, b: End) -> Negotiation | None:
        """IKE + IPsec from ``a`` (initiator) to ``b``; ``None`` when neither protects."""
        ta, tb = self.topo.tunnel(a), self.topo.tunnel(b)
        if ta.protection is None and tb.protection is None:
            return None
        if ta.protection is None or tb.protection is None:
            on, off = (b[0], a[0]) if ta.protection is None else (a[0], b[0])
            return Negotiation(
                False, "ipsec", f"{on} protects its tunnel with IPsec, {off} does not"
            )
        ca, cb = self.topo.configs[a[0]], self.topo.configs[b[0]]
        sa, sb = self.seen(a[0]), self.seen(b[0])
        nat = self.underlay.behind_nat(a[0]) or self.underlay.behind_nat(b[0])
        xe = (self.release_facts(a[0]), self.release_facts(b[0]))
        key = (
            self._sigs.setdefault(a[0], _crypto_sig(ca)),
            self._sigs.setdefault(b[0], _crypto_sig(cb)),
            ta.protection,
            tb.protection,
            self._facts(ca, sb),
            self._facts(cb, sa),
            nat,
            xe,
        )
        hit = self._cache.get(key)
        if hit is None:  # failures name routers and addresses: only successes are shared
            hit = negotiate(
                Side(ca, ta.protection, sa, *xe[0]), Side(cb, tb.protection, sb, *xe[1]), nat=nat
            )
            if hit.ok:
                self._cache[key] = hit
        return hit

    def release_facts(self, router: str) -> tuple[Ikev2Proposal, bool]:
        """``router``'s IKEv2 default proposal and whether it refuses weak algorithms."""
        facts = self._crypto_release.get(router)
        if facts is None:
            cfg = self.topo.configs[router]
            release = release_of(cfg, self.releases.get(router))
            facts = (default_proposal(release), refuses_weak(cfg, release))
            self._crypto_release[router] = facts
        return facts
