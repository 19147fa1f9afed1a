"""Fleet-wide validation rules: each a small function, all run, every problem reported.

Pydantic checks each value on its own (ranges, types, unknown keys). These rules check
what only the whole fleet shows: a tunnel address used twice, a spoke pointing at a host
that is not a hub of its cloud, two sites with overlapping LANs. Each rule takes the
:class:`Context` and yields :class:`~dmvpnprov.core.errors.Problem` values naming the file
that wrote the value (host, group or defaults), the host, and the dotted field.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from dmvpnprov.core.errors import Problem
from dmvpnprov.core.models import Cloud, CryptoProfile, Router, TunnelMembership
from dmvpnprov.core.routing import CloudFacts, protocol_of
from dmvpnprov.core.secrets import SecretStore

__all__ = ["RULES", "Context", "Where", "run_rules", "salvage"]

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Where:
    """The file that wrote a value, and the group when it was inherited from one."""

    file: str
    group: str | None = None


@dataclass(frozen=True)
class Context:
    """What the rules read: validated parts of the fleet and where each value came from.

    ``cloud_names``/``profile_names`` include entries that failed their own validation,
    so a tunnel in a broken cloud is not also reported as "unknown cloud"; likewise a
    spoke is not blamed for naming a hub in ``invalid`` (reported on its own).
    """

    routers: tuple[Router, ...]
    clouds: Mapping[str, Cloud]
    profiles: Mapping[str, CryptoProfile]
    cloud_names: frozenset[str]
    profile_names: frozenset[str]
    origins: Mapping[str, Mapping[str, Where]]
    defaults_file: str
    secrets: SecretStore
    invalid: frozenset[str] = frozenset()  # hosts that failed their own validation
    salvaged: frozenset[str] = frozenset()  # clouds/profiles checked with placeholders

    def at(self, router: Router, key: str, path: str, message: str) -> Problem:
        """A problem on ``data.<path>`` of ``router``, in the file that wrote ``key``."""
        where = self.origins.get(router.name, {}).get(key, Where(self.defaults_file))
        inherited = f" (inherited from group {where.group})" if where.group else ""
        return Problem(where.file, router.name, f"data.{path}", message + inherited)

    def cloud(self, name: str, path: str, message: str) -> Problem:
        """A problem on ``data.clouds.<name>.<path>`` in defaults.yaml."""
        return Problem(self.defaults_file, None, f"data.clouds.{name}.{path}", message)

    @cached_property
    def _tunnels(self) -> list[tuple[Router, int, TunnelMembership, Cloud | None]]:
        return [
            (router, i, tunnel, self.clouds.get(tunnel.cloud))
            for router in self.routers
            for i, tunnel in enumerate(router.tunnels)
        ]

    @cached_property
    def hub_counts(self) -> dict[str, int]:
        """Cloud name -> how many hubs it has."""
        counts: dict[str, int] = defaultdict(int)
        for router, _, tunnel, _ in self._tunnels:
            counts[tunnel.cloud] += router.is_hub
        return dict(counts)

    def tunnels(self) -> list[tuple[Router, int, TunnelMembership, Cloud | None]]:
        """Every tunnel with its index and its cloud (None when unknown or invalid)."""
        return self._tunnels


Rule = Callable[[Context], Iterable[Problem]]

# Required fields that may be replaced by a neutral value so that an entry with one bad
# value is still checked by every other rule (reported once, by its own validation).
_PLACEHOLDERS: dict[str, object] = {"network_id": 1}


def salvage(model: type[M], body: object, errors: Iterable[Mapping[str, Any]]) -> M | None:
    """``model`` from an entry that failed, its bad fields at their defaults, for the rules.

    Validation must never stop early: a cloud with an invalid ``network_id`` still has
    an NHRP key to check and a phase each router must support. Returns ``None`` when a
    bad field has no default and no neutral placeholder (the entry stays unchecked).

    Examples:
        >>> from dmvpnprov.core.models import Cloud
        >>> body = {"name": "c", "tunnel_subnet": "10.0.0.0/24", "network_id": 0,
        ...         "crypto_profile": "p", "holdtim": 3}
        >>> salvage(Cloud, body, [{"loc": ("network_id",)}, {"loc": ("holdtim",)}]).network_id
        1
    """
    if not isinstance(body, dict):
        return None
    bad = {str(e["loc"][0]) for e in errors if e.get("loc")}
    fields = model.model_fields
    kept = {k: v for k, v in body.items() if k not in bad}
    for name in bad & set(fields):
        if fields[name].is_required():
            if name not in _PLACEHOLDERS:
                return None
            kept[name] = _PLACEHOLDERS[name]
    try:
        return model.model_validate(kept)
    except ValidationError:
        return None


def unknown_cloud(ctx: Context) -> Iterator[Problem]:
    """A tunnel names a cloud that defaults.yaml does not define."""
    known = ", ".join(sorted(ctx.cloud_names)) or "none defined"
    for router, i, tunnel, _ in ctx.tunnels():
        if tunnel.cloud not in ctx.cloud_names:
            msg = f"unknown cloud {tunnel.cloud!r} (clouds: {known})"
            yield ctx.at(router, "tunnels", f"tunnels[{i}].cloud", msg)


def unknown_crypto_profile(ctx: Context) -> Iterator[Problem]:
    """A cloud names a crypto profile that defaults.yaml does not define."""
    known = ", ".join(sorted(ctx.profile_names)) or "none defined"
    for name, cloud in ctx.clouds.items():
        if cloud.crypto_profile not in ctx.profile_names:
            msg = f"unknown crypto profile {cloud.crypto_profile!r} (profiles: {known})"
            yield ctx.cloud(name, "crypto_profile", msg)


def tunnel_address_in_subnet(ctx: Context) -> Iterator[Problem]:
    """A tunnel address outside its cloud's subnet, or its network/broadcast address."""
    for router, i, tunnel, cloud in ctx.tunnels():
        if cloud is None:
            continue
        net, addr = cloud.tunnel_subnet, tunnel.address
        if addr not in net:
            msg = f"{addr} is outside cloud {cloud.name}'s tunnel subnet {net}"
        elif net.prefixlen < 31 and addr in (net.network_address, net.broadcast_address):
            kind = "network" if addr == net.network_address else "broadcast"
            msg = f"{addr} is the {kind} address of {net}"
        else:
            continue
        yield ctx.at(router, "tunnels", f"tunnels[{i}].address", msg)


def duplicate_tunnel_address(ctx: Context) -> Iterator[Problem]:
    """Two tunnels of one cloud with the same address."""
    first: dict[tuple[str, object], str] = {}
    for router, i, tunnel, _ in ctx.tunnels():
        key = (tunnel.cloud, tunnel.address)
        if key in first:
            msg = f"{tunnel.address} is already used in cloud {tunnel.cloud} by {first[key]}"
            yield ctx.at(router, "tunnels", f"tunnels[{i}].address", msg)
        else:
            first[key] = router.name


def tunnels_of_router(ctx: Context) -> Iterator[Problem]:
    """One router with two tunnels in the same cloud, or two tunnels on one interface."""
    for router in ctx.routers:
        clouds: dict[str, int] = {}
        interfaces: dict[str, int] = {}
        for i, tunnel in enumerate(router.tunnels):
            if tunnel.cloud in clouds:
                msg = f"second tunnel in cloud {tunnel.cloud} (tunnels[{clouds[tunnel.cloud]}])"
                yield ctx.at(router, "tunnels", f"tunnels[{i}].cloud", msg)
            if tunnel.interface in interfaces:
                msg = f"{tunnel.interface} is also tunnels[{interfaces[tunnel.interface]}]"
                yield ctx.at(router, "tunnels", f"tunnels[{i}].interface", msg)
            clouds.setdefault(tunnel.cloud, i)
            interfaces.setdefault(tunnel.interface, i)


def hub_nbma_static(ctx: Context) -> Iterator[Problem]:
    """A hub needs a static NBMA address: spokes map its address in their config."""
    for router in ctx.routers:
        if router.is_hub and router.nbma.address == "dhcp":
            msg = "a hub needs a static NBMA address (spokes map it); dhcp is for spokes only"
            yield ctx.at(router, "nbma", "nbma.address", msg)


def nhs_are_hubs(ctx: Context) -> Iterator[Problem]:
    """Spokes' NHS must be hubs of the same cloud; hubs set no NHS; a cloud needs a hub."""
    hubs: dict[str, set[str]] = defaultdict(set)
    for router, _, tunnel, _ in ctx.tunnels():
        if router.is_hub:
            hubs[tunnel.cloud].add(router.name)
    for router, i, tunnel, cloud in ctx.tunnels():
        if router.is_hub and tunnel.nhs:
            msg = "a hub is its own NHS: nhs is for spokes (remove it)"
            yield ctx.at(router, "tunnels", f"tunnels[{i}].nhs", msg)
        elif not router.is_hub and cloud is not None and not hubs[tunnel.cloud] and not ctx.invalid:
            msg = f"cloud {tunnel.cloud} has no hub for this spoke to register with"
            yield ctx.at(router, "tunnels", f"tunnels[{i}].cloud", msg)
        elif not router.is_hub:
            for j, nhs in enumerate(tunnel.nhs):
                if nhs not in hubs[tunnel.cloud] and nhs not in ctx.invalid:
                    known = ", ".join(sorted(hubs[tunnel.cloud]))
                    msg = f"{nhs!r} is not a hub of cloud {tunnel.cloud} (hubs: {known})"
                    yield ctx.at(router, "tunnels", f"tunnels[{i}].nhs[{j}]", msg)


def phase1_single_nhs(ctx: Context) -> Iterator[Problem]:
    """A Phase 1 spoke tunnel is point-to-point GRE to one hub: exactly one NHS."""
    hubs: dict[str, int] = defaultdict(int)
    for router, _, tunnel, _ in ctx.tunnels():
        hubs[tunnel.cloud] += router.is_hub
    for router, i, tunnel, cloud in ctx.tunnels():
        if router.is_hub or cloud is None or cloud.phase != 1:
            continue
        count = len(tunnel.nhs) or hubs[tunnel.cloud]
        if count > 1:
            msg = (
                f"a Phase 1 spoke tunnel is point-to-point GRE with one destination, but it "
                f"has {count} NHS; name one hub in nhs, or use one cloud per hub (dual cloud), "
                "or Phase 2/3 (mGRE) for two NHS on one tunnel"
            )
            yield ctx.at(router, "tunnels", f"tunnels[{i}].nhs", msg)


def nhrp_auth_length(ctx: Context) -> Iterator[Problem]:
    """``ip nhrp authentication`` takes at most 8 characters (IOS truncates silently)."""
    for name, cloud in ctx.clouds.items():
        ref = cloud.nhrp_auth
        if ref is not None and ctx.secrets.is_set(ref):
            length = len(ctx.secrets.get(ref))
            if length > 8:
                msg = f"the value of {ref.env} has {length} characters; NHRP allows at most 8"
                yield ctx.cloud(name, "nhrp_auth", msg)


def cloud_settings(ctx: Context) -> Iterator[Problem]:
    """Settings of one cloud that contradict each other (or its routing protocol's rules)."""
    spokes: dict[str, int] = defaultdict(int)
    for router, _, tunnel, _ in ctx.tunnels():
        spokes[tunnel.cloud] += not router.is_hub
    for name, cloud in ctx.clouds.items():
        mss = cloud.tcp_adjust_mss
        if mss is not None and mss > cloud.ip_mtu - 40:
            msg = f"{mss} exceeds ip mtu {cloud.ip_mtu} - 40 (IP + TCP headers): TCP would fragment"
            yield ctx.cloud(name, "tcp_adjust_mss", msg)
        if cloud.nhs_priority and cloud.nhs_one_line:
            msg = "nhs_priority uses the classic NHS lines: set nhs_one_line: false"
            yield ctx.cloud(name, "nhs_priority", msg)
        facts = CloudFacts(name, cloud.phase, spokes.get(name, 0))
        for field, message in protocol_of(cloud.routing).cloud_problems(cloud.routing, facts):
            yield ctx.cloud(name, f"routing.{field}", message)


def shared_source_keys(ctx: Context) -> Iterator[Problem]:
    """Two mGRE tunnels on one source need different tunnel keys to tell them apart."""
    for router in ctx.routers:
        seen: dict[int | None, str] = {}
        for i, tunnel in enumerate(router.tunnels):
            cloud = ctx.clouds.get(tunnel.cloud)
            if cloud is None:
                continue
            if cloud.tunnel_key in seen and seen[cloud.tunnel_key] != cloud.name:
                key = cloud.tunnel_key if cloud.tunnel_key is not None else "none"
                msg = (
                    f"clouds {seen[cloud.tunnel_key]} and {cloud.name} share tunnel source "
                    f"{router.nbma.interface} and tunnel key {key}: give each a distinct key"
                )
                yield ctx.at(router, "tunnels", f"tunnels[{i}].cloud", msg)
            seen.setdefault(cloud.tunnel_key, cloud.name)


RULES: tuple[Rule, ...] = (
    unknown_cloud,
    unknown_crypto_profile,
    tunnel_address_in_subnet,
    duplicate_tunnel_address,
    tunnels_of_router,
    hub_nbma_static,
    nhs_are_hubs,
    phase1_single_nhs,
    nhrp_auth_length,
    cloud_settings,
    shared_source_keys,
)


def run_rules(ctx: Context, rules: Iterable[Rule] = RULES) -> list[Problem]:
    """Run every rule and return all their problems, in rule order."""
    return [problem for rule in rules for problem in rule(ctx)]
