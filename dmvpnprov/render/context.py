"""The template context of one router, built from the fleet models (a function per part).

Templates never see raw inventory dicts: they get the validated models (``Router``,
``Cloud``, ``CryptoProfile``) and the small frozen records below, with every derived
fact computed here once: masks and wildcards, each NHS's tunnel and NBMA address (the
hub's ``public_address`` when it sits behind NAT), whether tunnel protection must be
``shared``, and the router's capabilities from :mod:`dmvpnprov.core.platforms`.

The records themselves are in :mod:`dmvpnprov.render.records`; the variables a template
sees are listed in docs/templates.md.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from dmvpnprov.core.errors import UserError
from dmvpnprov.core.models import (
    Cloud,
    CryptoProfile,
    Fleet,
    IkeV2Settings,
    Router,
    SecretRef,
    TunnelMembership,
)
from dmvpnprov.core.routing import protocol_of
from dmvpnprov.render.records import (
    CryptoContext,
    CryptoGlobals,
    Interface,
    Nhs,
    RoutingProcess,
    TunnelContext,
    capabilities,
    interface_of,
    ip_text,
    network_of,
    numeric_order,
)

__all__ = [
    "FleetIndex",
    "crypto_context",
    "crypto_globals",
    "front_door_vrf",
    "interfaces_context",
    "router_context",
    "routing_context",
    "tunnels_context",
]

SecretLookup = Callable[[SecretRef], str]


class FleetIndex:
    """Per-fleet lookups built once: routers by name, each cloud's hubs as NHS."""

    def __init__(self, fleet: Fleet) -> None:
        self.fleet = fleet
        self.routers = {router.name: router for router in fleet.routers}
        self.hubs: dict[str, dict[str, Nhs]] = {name: {} for name in fleet.clouds}
        self.subnets = {name: network_of(c.tunnel_subnet) for name, c in fleet.clouds.items()}
        # Each cloud's routing protocol and process key, asked once per fleet, not per router.
        self.protocols = {name: protocol_of(c.routing) for name, c in fleet.clouds.items()}
        self.process_keys = {
            name: self.protocols[name].process_key(c.routing) for name, c in fleet.clouds.items()
        }
        self._crypto_globals: dict[tuple[object, ...], CryptoGlobals] = {}
        for router in fleet.routers:
            for tunnel in router.tunnels:
                if router.is_hub:
                    nbma = router.nbma
                    public = nbma.public_address or (
                        None if nbma.address == "dhcp" else nbma.address.ip
                    )
                    address = ip_text(public) if public is not None else "dhcp"
                    nhs = Nhs(router.name, ip_text(tunnel.address), address)
                    self.hubs.setdefault(tunnel.cloud, {})[router.name] = nhs

    def crypto_globals(
        self, contexts: tuple[CryptoContext, ...], fvrf: str | None
    ) -> CryptoGlobals:
        """:func:`crypto_globals`, once per combination of profiles and front-door VRF."""
        key = (fvrf, *(c.profile.name for c in contexts))
        found = self._crypto_globals.get(key)
        if found is None:
            found = self._crypto_globals[key] = crypto_globals(contexts, fvrf)
        return found

    def router(self, name: str) -> Router:
        """The router named ``name``; :class:`UserError` when the inventory has none."""
        try:
            return self.routers[name]
        except KeyError:
            raise UserError(f"no host {name!r} in the inventory") from None

    def peer_hubs(self, router: Router, tunnel: TunnelMembership) -> tuple[Nhs, ...]:
        """A hub's view of the other hubs of its cloud: each maps and registers with them.

        Dual hub, single cloud: without each other's NHRP and multicast mapping the hubs
        form no routing adjacency over the cloud and cannot resolve each other's spokes.
        """
        hubs = self.hubs.get(tunnel.cloud, {})
        return tuple(nhs for name, nhs in hubs.items() if name != router.name)

    def rank(self, router: Router, tunnel: TunnelMembership) -> int:
        """A hub's position among its cloud's hubs, in inventory order (0 for spokes)."""
        names = list(self.hubs.get(tunnel.cloud, {}))
        return names.index(router.name) if router.name in names else 0

    def nhs_for(self, router: Router, tunnel: TunnelMembership) -> tuple[Nhs, ...]:
        """The NHS list of a spoke's tunnel (every hub of the cloud when none is named)."""
        hubs = self.hubs.get(tunnel.cloud, {})
        names = tunnel.nhs or tuple(hubs)
        missing = [n for n in names if n not in hubs]
        if missing or not names:
            what = ", ".join(missing) if missing else "no hub"
            msg = (
                f"host {router.name}: {tunnel.interface}: NHS {what} "
                f"is not a hub of cloud {tunnel.cloud}"
            )
            raise UserError(msg)
        nhs = tuple(hubs[n] for n in names)
        for server in nhs:
            if server.nbma_address == "dhcp":
                msg = f"host {router.name}: NHS {server.hub} has no static NBMA address"
                raise UserError(msg)
        return nhs


def _cloud(fleet: Fleet, router: Router, tunnel: TunnelMembership) -> Cloud:
    try:
        return fleet.clouds[tunnel.cloud]
    except KeyError:
        msg = f"host {router.name}: {tunnel.interface}: unknown cloud {tunnel.cloud}"
        raise UserError(msg) from None


def _profile(fleet: Fleet, router: Router, cloud: Cloud) -> CryptoProfile:
    try:
        return fleet.crypto_profiles[cloud.crypto_profile]
    except KeyError:
        msg = (
            f"host {router.name}: cloud {cloud.name}: unknown crypto profile {cloud.crypto_profile}"
        )
        raise UserError(msg) from None


def tunnels_context(
    index: FleetIndex, router: Router, secret: SecretLookup
) -> tuple[TunnelContext, ...]:
    """Every tunnel of ``router``, ordered by interface number."""
    fleet = index.fleet
    members = router.tunnels
    if len(members) > 1:
        members = tuple(sorted(members, key=lambda t: int(t.interface[len("Tunnel") :])))
    profiles = [_profile(fleet, router, _cloud(fleet, router, t)).ipsec_profile for t in members]
    out = []
    for tunnel, ipsec_profile in zip(members, profiles, strict=True):
        cloud = fleet.clouds[tunnel.cloud]
        if cloud.phase == 2 and getattr(cloud.routing, "hub_summary", None) is not None:
            msg = (
                f"host {router.name}: cloud {cloud.name}: a hub summary hides the spokes' "
                "routes, which Phase 2 needs (spoke-to-spoke next hops); use Phase 1 or 3"
            )
            raise UserError(msg)
        nhs = index.peer_hubs(router, tunnel) if router.is_hub else index.nhs_for(router, tunnel)
        point_to_point = cloud.phase == 1 and not router.is_hub
        if point_to_point and len(nhs) != 1:
            msg = (
                f"host {router.name}: {tunnel.interface}: a Phase 1 spoke tunnel is point-to-point "
                f"GRE with one destination, but it has {len(nhs)} NHS (use one cloud per hub)"
            )
            raise UserError(msg)
        out.append(
            TunnelContext(
                interface=tunnel.interface,
                address=ip_text(tunnel.address),
                netmask=index.subnets[cloud.name].netmask,
                cloud=cloud,
                nhrp_auth=secret(cloud.nhrp_auth) if cloud.nhrp_auth else None,
                nhs=nhs,
                source=router.nbma.interface,
                destination=nhs[0].nbma_address if point_to_point else None,
                ipsec_profile=ipsec_profile,
                shared=profiles.count(ipsec_profile) > 1,
                rank=index.rank(router, tunnel),
            )
        )
    return tuple(out)


def _crypto_objects(context: CryptoContext) -> dict[str, object]:
    """The global crypto objects a profile defines, as IOS names them, with their content."""
    profile, ikev2 = context.profile, context.ikev2
    peer = f"{profile.psk_peer} {profile.psk_peer_mask or ''} {context.fvrf or ''}".strip()
    if ikev2 is not None:
        objects: dict[str, object] = {
            f"crypto ikev2 proposal {ikev2.proposal}": ikev2,
            f"crypto ikev2 keyring {ikev2.keyring}": (context.psk, peer),
            f"crypto ikev2 profile {ikev2.profile}": (ikev2, peer, profile.dpd_interval),
        }
        if profile.nat_keepalive:
            objects["crypto ikev2 nat keepalive"] = profile.nat_keepalive
    else:
        objects = {
            f"crypto isakmp policy {profile.isakmp.priority}": profile.isakmp,
            f"crypto isakmp key for address {profile.psk_peer}": (context.psk, peer),
        }
        if profile.dpd_interval:
            objects["crypto isakmp keepalive"] = (profile.dpd_interval, profile.dpd_retry)
        if profile.nat_keepalive:
            objects["crypto isakmp nat keepalive"] = profile.nat_keepalive
    ipsec = (profile.transform_set.name, profile.pfs_group, profile.sa_lifetime_seconds, ikev2)
    objects[f"crypto ipsec transform-set {profile.transform_set.name}"] = profile.transform_set
    objects[f"crypto ipsec profile {profile.ipsec_profile}"] = ipsec
    return objects


def front_door_vrf(fleet: Fleet, router: Router) -> str | None:
    """The router's front-door VRF (validation makes its clouds agree on it)."""
    for tunnel in router.tunnels:
        cloud = fleet.clouds.get(tunnel.cloud)
        if cloud is not None and cloud.fvrf:
            return cloud.fvrf
    return None


def crypto_context(fleet: Fleet, router: Router, secret: SecretLookup) -> tuple[CryptoContext, ...]:
    """The crypto profiles the router's clouds use, once each, by name.

    Profiles may share an object (the same transform set, policy or key): it is rendered
    once. Two different definitions of one object (IOS keeps one ``crypto isakmp policy
    1``, one key per peer address, one transform set per name) would silently give one
    cloud the other's crypto, so they are refused.
    """
    names = sorted({_profile(fleet, router, _cloud(fleet, router, t)).name for t in router.tunnels})
    out = []
    seen: dict[str, tuple[str, object]] = {}
    for name in names:
        profile = fleet.crypto_profiles[name]
        ikev2 = (profile.ikev2 or IkeV2Settings()) if profile.ike_version == 2 else None
        context = CryptoContext(profile, secret(profile.psk), ikev2, front_door_vrf(fleet, router))
        for item, content in _crypto_objects(context).items():
            other, defined = seen.setdefault(item, (name, content))
            if defined != content:
                msg = (
                    f"host {router.name}: crypto profiles {other} and {name} define {item} "
                    "differently; a router holds one: give them distinct names, priorities "
                    "or peers"
                )
                raise UserError(msg)
        out.append(context)
    return tuple(out)


def crypto_globals(contexts: tuple[CryptoContext, ...], fvrf: str | None) -> CryptoGlobals:
    """The router-wide crypto lines of its profiles (conflicts are refused by crypto_context)."""
    v1 = [c.profile for c in contexts if c.ikev2 is None]
    v2 = [c.profile for c in contexts if c.ikev2 is not None]
    dpd = next((p for p in v1 if p.dpd_interval), None)
    return CryptoGlobals(
        fvrf=fvrf,
        invalid_spi_recovery=any(p.invalid_spi_recovery for p in v1),
        isakmp_keepalive=f"{dpd.dpd_interval} {dpd.dpd_retry}" if dpd else None,
        isakmp_nat_keepalive=next((p.nat_keepalive for p in v1 if p.nat_keepalive), None),
        ikev2_nat_keepalive=next((p.nat_keepalive for p in v2 if p.nat_keepalive), None),
    )


def routing_context(
    index: FleetIndex, router: Router, tunnels: tuple[TunnelContext, ...]
) -> tuple[RoutingProcess, ...]:
    """One process per distinct routing config of the router's clouds, with its statements."""
    grouped: dict[tuple[int, int], list[TunnelContext]] = {}
    for tunnel in tunnels:
        grouped.setdefault(index.process_keys[tunnel.cloud.name], []).append(tunnel)
    lans = [network_of(lan.address.network) for lan in router.lans]
    processes = []
    for key in sorted(grouped):
        members = grouped[key]
        config = members[0].cloud.routing
        subnets = [index.subnets[t.cloud.name] for t in members]
        hubs = [s.tunnel_address for t in members for s in t.nhs]
        protocol = index.protocols[members[0].cloud.name]
        parts = protocol.process_parts(config, router.is_hub, subnets, lans, hubs)
        networks = sorted({n.prefix: n for n in parts.networks}.values(), key=numeric_order)
        processes.append(
            RoutingProcess(
                config,
                tuple(networks),
                parts.neighbors,
                parts.listen_ranges,
                members[0].address,
                members[0].cloud.phase,
            )
        )
    return tuple(processes)


def interfaces_context(router: Router) -> tuple[Interface, tuple[Interface, ...]]:
    """The NBMA interface and the LAN interfaces, in inventory order."""
    nbma = router.nbma
    if nbma.address == "dhcp":
        public = Interface(nbma.interface, "dhcp", dhcp=True)
    else:
        public = interface_of(nbma.interface, nbma.address)
    lans = tuple(interface_of(lan.interface, lan.address) for lan in router.lans)
    return public, lans


def router_context(index: FleetIndex, router: Router, secret: SecretLookup) -> dict[str, Any]:
    """Everything a template may use for ``router`` (see docs/templates.md)."""
    caps = capabilities(router.ios_release)
    tunnels = tunnels_context(index, router, secret)
    crypto = crypto_context(index.fleet, router, secret)
    fvrf = crypto[0].fvrf if crypto else None
    nbma, lans = interfaces_context(router)
    context: Mapping[str, Any] = {
        "router": router,
        "release": router.ios_release,
        "has_feature": caps,
        "features": caps.features,
        "crypto": crypto,
        "crypto_globals": index.crypto_globals(crypto, fvrf),
        "tunnels": tunnels,
        "nbma": nbma,
        "lans": lans,
        "routing": routing_context(index, router, tunnels),
        "fvrf": fvrf,
        "gateway": ip_text(router.nbma.gateway) if router.nbma.gateway else None,
    }
    return dict(context)
