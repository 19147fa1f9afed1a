"""What production DMVPN configs have: EIGRP stub spokes, a tunnel bandwidth, no ICMP
redirects, dead-peer detection, and no weak crypto where IOS-XE 17.11+ refuses it.

Each check states its premise and yields nothing where it does not hold: a DMVPN tunnel
is an interface with ``ip nhrp network-id``; the stub rule applies to spokes running
EIGRP over one; the bandwidth rule to DMVPN tunnels a routing process runs over (EIGRP
paces and both IGPs cost from it); dead-peer detection to routers with an ISAKMP policy
or an IKEv2 profile; the 17.11 rule to IOS-XE 17.11.1 and later only; the NAT rules to
routers the inventory puts behind NAT (``nbma.public_address``).

Examples:
    >>> from dmvpnprov.core.configtree import parse
    >>> cfg = "interface Tunnel0\\n ip nhrp network-id 1\\nrouter eigrp 1\\n network 10.0.0.0\\n"
    >>> list(eigrp_spoke_not_stub(HostContext("s", parse(cfg), "15.1(4)M", False)))
    ["router eigrp 1: a spoke without 'eigrp stub' (Tunnel0 is a DMVPN tunnel)"]
    >>> list(eigrp_spoke_not_stub(HostContext("h", parse(cfg), "15.1(4)M", True)))
    []
"""

from __future__ import annotations

from collections.abc import Iterator

from dmvpnprov.audit.rules import crypto
from dmvpnprov.audit.rules.base import HostContext
from dmvpnprov.core.linetree import ConfigLine
from dmvpnprov.core.platforms import refuses_weak_crypto

__all__ = [
    "eigrp_spoke_not_stub",
    "ip_redirects",
    "nat_no_keepalive",
    "nat_tunnel_mode",
    "no_dead_peer_detection",
    "no_tunnel_bandwidth",
    "weak_crypto_refused",
]


def _any(ctx: HostContext, prefix: str) -> bool:
    """True when a top-level line starts with ``prefix``."""
    return f"\n{prefix}" in ctx.top_text


def _has(section: ConfigLine, prefix: str) -> bool:
    return any(c.text.startswith(prefix) for c in section.all_children())


def eigrp_spoke_not_stub(ctx: HostContext) -> Iterator[str]:
    """A spoke running EIGRP (classic or named mode) beside a DMVPN tunnel, not a stub."""
    if ctx.is_hub or not _any(ctx, "router eigrp ") or not ctx.dmvpn_tunnels:
        return
    tunnels = [t.text.split()[1] for t in ctx.dmvpn_tunnels]
    for proc in ctx.tops:
        if proc.text.startswith("router eigrp ") and not _has(proc, "eigrp stub"):
            yield f"{proc.text}: a spoke without 'eigrp stub' ({tunnels[0]} is a DMVPN tunnel)"


def no_tunnel_bandwidth(ctx: HostContext) -> Iterator[str]:
    """A DMVPN tunnel without ``bandwidth`` on a router running EIGRP or OSPF."""
    if not _any(ctx, "router eigrp ") and not _any(ctx, "router ospf "):
        return
    for tunnel in ctx.dmvpn_tunnels:
        if not any(c.text.startswith("bandwidth ") for c in tunnel.children):
            yield (
                f"{tunnel.text}: no 'bandwidth' (the tunnel default, 100 kbit/s on 15.x and "
                "9 on 12.x, sets the IGP metric and EIGRP's pacing)"
            )


def ip_redirects(ctx: HostContext) -> Iterator[str]:
    """A DMVPN tunnel that still sends ICMP redirects (no ``no ip redirects``)."""
    for tunnel in ctx.dmvpn_tunnels:
        if not any(c.text == "no ip redirects" for c in tunnel.children):
            yield f"{tunnel.text}: ICMP redirects are sent (add 'no ip redirects')"


def no_dead_peer_detection(ctx: HostContext) -> Iterator[str]:
    """IKEv1 without ``crypto isakmp keepalive``; an IKEv2 profile without ``dpd``."""
    if _any(ctx, "crypto isakmp policy ") and not _any(ctx, "crypto isakmp keepalive "):
        yield "IKEv1: no 'crypto isakmp keepalive' (a dead peer's SAs stay until they expire)"
    if not _any(ctx, "crypto ikev2 profile ") or _any(ctx, "crypto ikev2 dpd "):  # global DPD
        return
    for profile in ctx.tops:
        if profile.text.startswith("crypto ikev2 profile ") and not any(
            c.text.startswith("dpd ") for c in profile.children
        ):
            yield f"{profile.text}: no 'dpd' (a dead peer's SAs stay until they expire)"


def weak_crypto_refused(ctx: HostContext) -> Iterator[str]:
    """Weak algorithms (FN72510) on IOS-XE 17.11.1 or later, which refuses them."""
    try:
        refused = refuses_weak_crypto(ctx.release)
    except ValueError:
        return
    if not refused:
        return
    checks = (
        crypto.isakmp_des, crypto.isakmp_3des, crypto.md5_integrity, crypto.dh_group_weak,
        crypto.dh_group_legacy, crypto.transform_weak, crypto.transform_3des,
    )  # fmt: skip
    for check in checks:
        for message in check(ctx):
            yield f"{message}: refused by default on {ctx.release} (IPsec never comes up)"


def nat_tunnel_mode(ctx: HostContext) -> Iterator[str]:
    """Behind NAT: an IPsec profile's transform set in tunnel mode (the IOS default)."""
    if not ctx.behind_nat or not _any(ctx, "crypto ipsec profile "):
        return
    used = {
        name
        for top in ctx.tops
        if top.text.startswith("crypto ipsec profile ")
        for c in top.children
        if c.text.startswith("set transform-set ")
        for name in c.text.split()[2:]
    }
    for top in ctx.tops:
        words = top.text.split()
        if (
            top.text.startswith("crypto ipsec transform-set ")
            and words[3] in used
            and not any(c.text.startswith("mode transport") for c in top.children)
        ):
            yield f"{top.text}: tunnel mode behind NAT (DMVPN behind NAT needs mode transport)"


def nat_no_keepalive(ctx: HostContext) -> Iterator[str]:
    """Behind NAT: no NAT-T keepalives, so an idle NAT mapping expires."""
    if not ctx.behind_nat:
        return
    if _any(ctx, "crypto isakmp policy ") and not _any(ctx, "crypto isakmp nat keepalive "):
        yield "IKEv1 behind NAT: no 'crypto isakmp nat keepalive'"
    if _any(ctx, "crypto ikev2 profile ") and not _any(ctx, "crypto ikev2 nat keepalive "):
        yield "IKEv2 behind NAT: no 'crypto ikev2 nat keepalive'"
