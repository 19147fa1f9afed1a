"""Consistency across one DMVPN cloud, read from the members' actual running configs.

The reference value of a setting is the inventory's (the intended value), so only the
member that deviates is reported, be it a hub or a spoke; without one (the cloud rules
run on facts alone), the value most hubs carry (all members when no hub has it). The
NHRP authentication string is compared by digest and never shown.

Examples:
    >>> from ipaddress import IPv4Network
    >>> from dmvpnprov.audit.facts import HostFacts, TunnelFacts
    >>> def m(host, hub, nid):
    ...     t = TunnelFacts("Tunnel0", network_id=nid)
    ...     return Member(host, hub, HostFacts({"Tunnel0": t}), t)
    >>> members = (m("h", True, "99"), m("s", False, "98"))
    >>> ctx = CloudContext("c", IPv4Network("10.0.0.0/24"), members)
    >>> list(network_id(ctx))
    [('s', 'Tunnel0: ip nhrp network-id 98 differs from the cloud (99, as on h)')]
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator

from dmvpnprov.audit.rules.base import CloudContext, Member

__all__ = ["holdtime", "ip_mtu", "network_id", "nhrp_auth", "tunnel_addresses", "tunnel_key"]


def _reference(
    ctx: CloudContext, command: str, get: Callable[[Member], str | None]
) -> tuple[str, str] | None:
    """(value, where it comes from): the inventory's value, else the hubs' most common
    value, else the members'."""
    if command in ctx.intended:
        return ctx.intended[command], "the inventory"
    for group in (ctx.hubs, ctx.members):
        values = Counter(v for m in group if (v := get(m)) is not None)
        if values:
            value = values.most_common(1)[0][0]
            return value, next(m.host for m in group if get(m) == value)
    return None


# What a member without the line runs (IOS defaults), so its absence is not a difference.
_IOS_DEFAULTS = {"ip nhrp holdtime": "7200"}


def _differs(
    ctx: CloudContext, command: str, get: Callable[[Member], str | None], secret: bool = False
) -> Iterator[tuple[str, str]]:
    default = _IOS_DEFAULTS.get(command)
    if default is not None:
        plain = get
        get = lambda m: plain(m) or default  # noqa: E731
    ref = _reference(ctx, command, get)
    if ref is None:
        return
    value, source = ref
    owner = source if source == "the inventory" else f"on {source}"
    for m in ctx.members:
        mine = get(m)
        if mine == value:
            continue
        where = f"{m.tunnel.interface}: "
        if mine is None:
            shown = "" if secret else f" {value}"
            yield m.host, f"{where}no {command} (the cloud uses{shown or ' one'}, as {owner})"
        elif secret:
            yield m.host, f"{where}{command} differs from the cloud's (as {owner})"
        else:
            yield m.host, f"{where}{command} {mine} differs from the cloud ({value}, as {owner})"


def network_id(ctx: CloudContext) -> Iterator[tuple[str, str]]:
    """Every member uses the same NHRP network-id."""
    return _differs(ctx, "ip nhrp network-id", lambda m: m.tunnel.network_id)


def tunnel_key(ctx: CloudContext) -> Iterator[tuple[str, str]]:
    """Every member uses the same tunnel key."""
    return _differs(ctx, "tunnel key", lambda m: m.tunnel.tunnel_key)


def nhrp_auth(ctx: CloudContext) -> Iterator[tuple[str, str]]:
    """Every member uses the same NHRP authentication string (compared, never shown)."""
    return _differs(ctx, "ip nhrp authentication", lambda m: m.tunnel.auth_digest, secret=True)


def holdtime(ctx: CloudContext) -> Iterator[tuple[str, str]]:
    """Every member uses the same NHRP holdtime."""
    return _differs(ctx, "ip nhrp holdtime", lambda m: m.tunnel.holdtime)


def ip_mtu(ctx: CloudContext) -> Iterator[tuple[str, str]]:
    """Every member uses the same tunnel IP MTU."""
    return _differs(ctx, "ip mtu", lambda m: m.tunnel.ip_mtu)


def tunnel_addresses(ctx: CloudContext) -> Iterator[tuple[str, str]]:
    """Tunnel addresses are unique and inside the cloud's subnet (with its mask)."""
    owners: dict[str, list[str]] = {}
    for m in ctx.members:
        addr = m.tunnel.ip_interface()
        where = f"{m.tunnel.interface}: "
        if addr is None:
            yield m.host, f"{where}no ip address"
            continue
        owners.setdefault(str(addr.ip), []).append(m.host)
        if addr.ip not in ctx.subnet or addr.network != ctx.subnet:
            yield m.host, f"{where}{addr.with_netmask} is not inside {ctx.subnet}"
    for ip, hosts in owners.items():
        if len(hosts) > 1:
            for host in hosts:
                others = ", ".join(h for h in hosts if h != host)
                yield host, f"tunnel address {ip} is also used by {others}"
