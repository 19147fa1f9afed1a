"""Design rules: inventories IOS accepts line by line but whose network does not work.

Each rule names what breaks and what would work instead: two clouds on one tunnel
source with different IPsec profiles, a hub summary that misses a LAN or swallows an
NBMA address, one NHRP network-id on two clouds of a router, tunnel-mode IPsec with a
router behind NAT. They run with the other fleet rules (see
:data:`dmvpnprov.inventory.validation.RULES`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from ipaddress import IPv4Network

from dmvpnprov.core.errors import Problem
from dmvpnprov.core.models import Cloud
from dmvpnprov.core.routing import protocol_of
from dmvpnprov.inventory.validation import Context, Rule

__all__ = ["DESIGN_RULES"]


def shared_source_profiles(ctx: Context) -> Iterator[Problem]:
    """Tunnels on one source must share one IPsec profile (``tunnel protection ... shared``).

    IOS keys the IPsec SAs of a tunnel source by profile; two different profiles on one
    source make the second tunnel's SAs collide with the first's (Cisco DMVPN guide,
    'Sharing IPsec SA Database between Multiple Tunnels').
    """
    for router in ctx.routers:
        first: tuple[str, str] | None = None
        for i, tunnel in enumerate(router.tunnels):
            cloud = ctx.clouds.get(tunnel.cloud)
            profile = ctx.profiles.get(cloud.crypto_profile) if cloud else None
            if cloud is None or profile is None:
                continue
            if first is None:
                first = (cloud.name, profile.ipsec_profile)
            elif profile.ipsec_profile != first[1]:
                msg = (
                    f"clouds {first[0]} and {cloud.name} share tunnel source "
                    f"{router.nbma.interface} but use IPsec profiles {first[1]} and "
                    f"{profile.ipsec_profile}: IOS needs one profile with 'shared' on every "
                    "tunnel of a source; give both clouds the same crypto profile"
                )
                yield ctx.at(router, "tunnels", f"tunnels[{i}].cloud", msg)


def _cloud_members(ctx: Context) -> dict[str, list[tuple[bool, list[IPv4Network], object]]]:
    members: dict[str, list[tuple[bool, list[IPv4Network], object]]] = defaultdict(list)
    for router, _, tunnel, _ in ctx.tunnels():
        lans = [lan.address.network for lan in router.lans]
        nbma = router.nbma.address
        public = router.nbma.public_address or (None if nbma == "dhcp" else nbma.ip)
        members[tunnel.cloud].append((router.is_hub, lans, public))
    return members


def hub_summary_scope(ctx: Context) -> Iterator[Problem]:
    """A hub summary must cover every spoke LAN of the cloud and no NBMA address."""
    members = _cloud_members(ctx)
    for name, cloud in ctx.clouds.items():
        summary = protocol_of(cloud.routing).hub_summary(cloud.routing)
        if summary is None:
            continue
        if summary.prefixlen == 0 and not _has_fvrf(cloud):
            msg = (
                "0.0.0.0/0 as the hub summary replaces the spokes' default route: their "
                "tunnel's NBMA destination would be routed into the tunnel itself "
                "(recursive routing); use a front-door VRF (fvrf) or a summary of the LANs"
            )
            yield ctx.cloud(name, "routing.hub_summary", msg)
            continue
        missed = sorted(
            {str(n) for hub, lans, _ in members[name] if not hub for n in lans}
            - {str(n) for _, lans, _ in members[name] for n in lans if n.subnet_of(summary)}
        )
        if missed:
            msg = (
                f"{summary} does not cover the spoke LANs {', '.join(missed[:5])}"
                f"{' ...' if len(missed) > 5 else ''}: spokes would have no route to them; "
                "widen the summary"
            )
            yield ctx.cloud(name, "routing.hub_summary", msg)
        hubs = [lans for hub, lans, _ in members[name] if hub]
        inside = sorted({str(n) for lans in hubs for n in lans if n.subnet_of(summary)})
        if len(hubs) > 1 and inside:
            msg = (
                f"{summary} covers the hub LANs {', '.join(inside[:5])}: each hub installs "
                "the summary to Null0, so a hub drops traffic for the other hub's LAN; keep "
                "the hub LANs outside the summary"
            )
            yield ctx.cloud(name, "routing.hub_summary", msg)
        nbma = sorted({str(p) for _, _, p in members[name] if p is not None and p in summary})
        if nbma and not _has_fvrf(cloud):
            msg = (
                f"{summary} covers the NBMA (public) addresses {', '.join(nbma[:5])}: the "
                "tunnel's own destination would be routed into the tunnel (recursive "
                "routing); narrow the summary or use a front-door VRF"
            )
            yield ctx.cloud(name, "routing.hub_summary", msg)


def _has_fvrf(cloud: Cloud) -> bool:
    return bool(getattr(cloud, "fvrf", None))


def network_id_per_router(ctx: Context) -> Iterator[Problem]:
    """Two clouds of one router with the same NHRP network-id merge their NHRP caches."""
    for router in ctx.routers:
        seen: dict[int, str] = {}
        for i, tunnel in enumerate(router.tunnels):
            cloud = ctx.clouds.get(tunnel.cloud)
            if cloud is None or cloud.name in ctx.salvaged:
                continue
            other = seen.setdefault(cloud.network_id, cloud.name)
            if other != cloud.name:
                msg = (
                    f"clouds {other} and {cloud.name} both use NHRP network-id "
                    f"{cloud.network_id} on this router: NHRP would treat the two tunnels as "
                    "one network; give each cloud its own network_id"
                )
                yield ctx.at(router, "tunnels", f"tunnels[{i}].cloud", msg)


def transport_mode_with_nat(ctx: Context) -> Iterator[Problem]:
    """A router behind NAT needs transport-mode IPsec (NAT-transparency-aware DMVPN)."""
    natted: dict[str, str] = {}
    for router, _, tunnel, _ in ctx.tunnels():
        if router.nbma.public_address is not None:
            natted.setdefault(tunnel.cloud, router.name)
    for name, cloud in ctx.clouds.items():
        profile = ctx.profiles.get(cloud.crypto_profile)
        if name not in natted or profile is None:
            continue
        if profile.transform_set.mode != "transport":  # unset: the IOS default, tunnel
            msg = (
                f"{natted[name]} is behind NAT (public_address) but transform set "
                f"{profile.transform_set.name} runs in tunnel mode (the IOS default): DMVPN "
                "through NAT needs transport mode (Cisco DMVPN guide, 'NAT-Transparency "
                "Aware DMVPN'); set transform_set.mode: transport"
            )
            yield Problem(
                ctx.defaults_file, None,
                f"data.crypto_profiles.{profile.name}.transform_set.mode", msg,
            )  # fmt: skip


def front_door_vrf(ctx: Context) -> Iterator[Problem]:
    """One front-door VRF per router (one NBMA interface), with a default route in it."""
    for router in ctx.routers:
        vrfs = {c.fvrf for t in router.tunnels if (c := ctx.clouds.get(t.cloud)) is not None}
        if len(vrfs) > 1:
            names = ", ".join(sorted(v or "the global table" for v in vrfs))
            msg = (
                f"the clouds of this router put the NBMA interface {router.nbma.interface} "
                f"in different front-door VRFs ({names}); one interface is in one VRF: give "
                "the clouds the same fvrf"
            )
            yield ctx.at(router, "tunnels", "tunnels", msg)
            continue
        fvrf = vrfs.pop() if vrfs else None
        nbma = router.nbma
        if fvrf and nbma.address != "dhcp" and nbma.gateway is None:
            msg = (
                f"the NBMA interface is in front-door VRF {fvrf}, whose routing table is "
                "empty but for it: set nbma.gateway (the next hop of its default route) so "
                "the tunnels can reach the other routers"
            )
            yield ctx.at(router, "nbma", "nbma.gateway", msg)
        elif nbma.gateway is not None and not fvrf:
            msg = "nbma.gateway is the default route of a front-door VRF: set the cloud's fvrf"
            yield ctx.at(router, "nbma", "nbma.gateway", msg)
        elif (
            nbma.gateway is not None
            and nbma.address != "dhcp"
            and nbma.gateway not in nbma.address.network
        ):
            msg = f"{nbma.gateway} is not on the NBMA subnet {nbma.address.network}"
            yield ctx.at(router, "nbma", "nbma.gateway", msg)


DESIGN_RULES: tuple[Rule, ...] = (
    front_door_vrf,
    shared_source_profiles,
    hub_summary_scope,
    network_id_per_router,
    transport_mode_with_nat,
)
