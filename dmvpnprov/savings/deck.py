"""The source deck's 300-spoke figures, line by line, and how our counts differ from them.

The deck ("Configuration Size Reduction – Hub Router in 300-Spoke Network") gives 16
lines for the DMVPN hub and 13 per spoke for a typical static hub. Its hub example
shows those 16 lines: the 15 lines of ``interface Tunnel0`` plus the wildcard ISAKMP
key (the ISAKMP policy, transform set and IPsec profile exist in a static hub too). It
does not list the 13; ours are a point-to-point GRE tunnel (7 lines with the deck's
bandwidth/mtu/delay), a crypto map entry (4), its GRE access-list line (1) and the
peer's ISAKMP key (1) — the classic GRE-over-IPsec hub of IOS 12.2.

Examples:
    >>> deck_differences(list(DECK_HUB), list(DECK_BLOCK))
    ()
    >>> deck_differences([*DECK_HUB, " ip tcp adjust-mss 1360"], list(DECK_BLOCK))[0]
    "DMVPN hub: 17 lines, the deck's 16; ours adds 'ip tcp adjust-mss 1360'"
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["DECK_BLOCK", "DECK_HUB", "deck_differences"]

# The deck's hub: crypto key + interface Tunnel0 (seed, "Configuration Examples – Hub").
DECK_HUB: tuple[str, ...] = (
    "crypto isakmp key",
    "interface Tunnel",
    " bandwidth",
    " ip address",
    " ip mtu",
    " ip nhrp authentication",
    " ip nhrp map multicast dynamic",
    " ip nhrp network-id",
    " ip nhrp holdtime",
    " no ip split-horizon eigrp",
    " no ip next-hop-self eigrp",
    " delay",
    " tunnel source",
    " tunnel mode gre multipoint",
    " tunnel key",
    " tunnel protection ipsec profile",
)

# The 13 lines per spoke of a classic static hub, as we reconstruct them.
DECK_BLOCK: tuple[str, ...] = (
    "crypto isakmp key",
    "crypto map",
    " set peer",
    " set transform-set",
    " match address",
    "interface Tunnel",
    " bandwidth",
    " ip address",
    " ip mtu",
    " delay",
    " tunnel source",
    " tunnel destination",
    "access-list",
)


def _compare(ours: Sequence[str], deck: Sequence[str]) -> tuple[list[str], list[str]]:
    remaining = list(deck)
    extra = []
    for line in ours:
        match = next((d for d in remaining if line.startswith(d)), None)
        if match is None:
            extra.append(line.strip())
        else:
            remaining.remove(match)
    return extra, [d.strip() for d in remaining]


def _explain(what: str, ours: Sequence[str], deck: Sequence[str]) -> str | None:
    extra, missing = _compare(ours, deck)
    if not extra and not missing:
        return None
    parts = [f"{what}: {len(ours)} lines, the deck's {len(deck)}"]
    if extra:
        parts.append("ours adds " + ", ".join(repr(e) for e in extra))
    if missing:
        parts.append("ours has no " + ", ".join(repr(m) for m in missing))
    return "; ".join(parts)


def deck_differences(dmvpn_hub: Sequence[str], static_block: Sequence[str]) -> tuple[str, ...]:
    """Why our hub and per-spoke counts differ from the deck's 16 and 13 (empty: they don't)."""
    found = (
        _explain("DMVPN hub", dmvpn_hub, DECK_HUB),
        _explain("static block per spoke", static_block, DECK_BLOCK),
    )
    return tuple(f for f in found if f)
