"""What one router's config says, as the model needs it: plain frozen values.

:mod:`dmvpnprov.dmvpn.readers` fills these from IOS config text. Every unset line holds
IOS's default (ISAKMP policy values, NHRP holdtime, OSPF timers, BGP listen limit), so
the layers compare what the router runs, not what its config prints. Secrets are kept
as :class:`Secret` digests: two keys compare equal when they come from the same secret,
and nothing here can print one.

Examples:
    >>> IsakmpPolicy(1, authentication="pre-share").describe()
    'des/sha/group 1'
    >>> IsakmpPolicy(1).describe()  # IOS's default authentication: RSA signatures
    'des/sha/group 1/rsa-sig'
    >>> repr(Secret.of("cisco47"))
    'Secret(********)'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from ipaddress import IPv4Address, IPv4Interface, IPv4Network

from dmvpnprov.dmvpn.secretid import Secret

__all__ = [
    "BgpNeighbor",
    "BgpProcess",
    "EigrpProcess",
    "Ikev2Profile",
    "Ikev2Proposal",
    "Interface",
    "IpsecProfile",
    "IsakmpPolicy",
    "NhsLine",
    "OspfProcess",
    "Psk",
    "RouterConfig",
    "Secret",
    "StaticRoute",
    "TransformSet",
]


@dataclass(frozen=True)
class IsakmpPolicy:
    """``crypto isakmp policy N`` with IOS's defaults for unset lines (see docs/verify.md)."""

    priority: int
    encryption: str = "des"
    hash: str = "sha"
    authentication: str = "rsa-sig"
    group: int = 1
    lifetime: int = 86400

    def key(self) -> tuple[str, str, str, int]:
        """What must be equal for two policies to match."""
        return (self.encryption, self.hash, self.authentication, self.group)

    def describe(self) -> str:
        """As an engineer writes it: ``aes 256/sha/group 14``."""
        auth = "" if self.authentication == "pre-share" else f"/{self.authentication}"
        return f"{self.encryption}/{self.hash}/group {self.group}{auth}"


@dataclass(frozen=True)
class Psk:
    """A pre-shared key and the peer addresses it applies to."""

    scope: IPv4Network
    key: Secret
    where: str  # the line or keyring it comes from, for messages


@dataclass(frozen=True)
class Ikev2Proposal:
    """``crypto ikev2 proposal``: each list as configured."""

    name: str
    encryption: tuple[str, ...] = ()
    integrity: tuple[str, ...] = ()
    prf: tuple[str, ...] = ()
    group: tuple[int, ...] = ()

    def describe(self) -> str:
        """``aes-gcm-256/sha384/group 19``."""
        mac = self.integrity or self.prf
        groups = ",".join(str(g) for g in self.group)
        return f"{','.join(self.encryption)}/{','.join(mac)}/group {groups}"


@dataclass(frozen=True)
class Ikev2Profile:
    """``crypto ikev2 profile``: who it matches and how both ends authenticate."""

    name: str
    match: tuple[IPv4Network, ...] = ()
    auth_local: str | None = None
    auth_remote: str | None = None
    keyring: str | None = None


@dataclass(frozen=True)
class TransformSet:
    """``crypto ipsec transform-set`` (mode tunnel unless set)."""

    name: str
    transforms: frozenset[str]
    mode: str = "tunnel"


@dataclass(frozen=True)
class IpsecProfile:
    """``crypto ipsec profile``."""

    name: str
    transform_sets: tuple[str, ...] = ()
    pfs: str | None = None
    ikev2_profile: str | None = None


@dataclass(frozen=True)
class NhsLine:
    """``ip nhrp nhs ADDR [nbma NBMA] [multicast]``."""

    address: IPv4Address
    nbma: IPv4Address | None = None
    multicast: bool = False


@dataclass(slots=True)
class Interface:
    """An interface and, for a tunnel, its GRE/NHRP/IPsec and routing lines."""

    name: str
    address: IPv4Interface | None = None
    dhcp: bool = False
    shutdown: bool = False
    # tunnel
    nhrp_auth: Secret | None = None
    nhrp_maps: dict[IPv4Address, IPv4Address] = field(default_factory=dict)
    nhrp_mcast: list[IPv4Address] = field(default_factory=list)
    mcast_dynamic: bool = False
    network_id: int | None = None
    holdtime: int | None = None  # unset: IOS's default, 7200 s
    nhs: list[NhsLine] = field(default_factory=list)
    no_unique: bool = False
    redirect: bool = False
    shortcut: bool = False
    source: str | None = None
    mode: str = "gre ip"
    destination: IPv4Address | None = None
    tunnel_key: int | None = None
    protection: str | None = None
    shared: bool = False
    no_split_horizon: set[int] = field(default_factory=set)
    no_next_hop_self: set[int] = field(default_factory=set)
    eigrp_summaries: dict[int, list[IPv4Network]] = field(default_factory=dict)
    ospf_network: str | None = None
    ospf_priority: int = 1
    ospf_hello: int | None = None
    ospf_dead: int | None = None
    ospf_area: tuple[int, int] | None = None  # (process, area) from `ip ospf N area A`
    bandwidth: int | None = None  # kbit/s
    delay: int | None = None  # tens of microseconds

    @property
    def is_tunnel(self) -> bool:
        """True for ``TunnelN``."""
        return self.name.lower().startswith("tunnel")

    @property
    def multipoint(self) -> bool:
        """True for mGRE."""
        return "multipoint" in self.mode


@dataclass(slots=True)
class EigrpProcess:
    """``router eigrp`` (classic, or named mode's IPv4 address family)."""

    asn: int
    networks: list[IPv4Network] = field(default_factory=list)
    stub: bool = False
    invalid: list[str] = field(default_factory=list)  # lines IOS rejects


@dataclass(slots=True)
class OspfProcess:
    """``router ospf N``."""

    pid: int
    networks: list[tuple[IPv4Network, int]] = field(default_factory=list)


@dataclass
class BgpNeighbor:
    """A BGP neighbor or peer-group's settings."""

    remote_as: int | None = None
    peer_group: str | None = None
    rr_client: bool = False
    next_hop_self: bool = False


@dataclass
class BgpProcess:
    """``router bgp N``."""

    asn: int
    neighbors: dict[IPv4Address, BgpNeighbor] = field(default_factory=dict)
    groups: dict[str, BgpNeighbor] = field(default_factory=dict)
    listen: list[tuple[IPv4Network, str]] = field(default_factory=list)
    listen_limit: int = 100  # IOS default
    networks: list[IPv4Network] = field(default_factory=list)
    redistribute_connected: bool = False

    def resolved(self, n: BgpNeighbor) -> BgpNeighbor:
        """A neighbor with its peer-group's settings filled in."""
        g = self.groups.get(n.peer_group or "", BgpNeighbor())
        return BgpNeighbor(
            remote_as=n.remote_as if n.remote_as is not None else g.remote_as,
            peer_group=n.peer_group,
            rr_client=n.rr_client or g.rr_client,
            next_hop_self=n.next_hop_self or g.next_hop_self,
        )


@dataclass(frozen=True, slots=True)
class StaticRoute:
    """``ip route PREFIX MASK (NEXT-HOP | INTERFACE) [DISTANCE]``."""

    prefix: IPv4Network
    next_hop: IPv4Address | None
    interface: str | None
    distance: int = 1


@dataclass
class RouterConfig:
    """Everything the model reads from one router's config."""

    name: str
    isakmp: list[IsakmpPolicy] = field(default_factory=list)
    psks: list[Psk] = field(default_factory=list)
    ikev2_proposals: dict[str, Ikev2Proposal] = field(default_factory=dict)
    ikev2_policies: list[tuple[str, ...]] = field(default_factory=list)  # proposals per policy
    ikev2_keyrings: dict[str, list[Psk]] = field(default_factory=dict)
    ikev2_profiles: dict[str, Ikev2Profile] = field(default_factory=dict)
    transform_sets: dict[str, TransformSet] = field(default_factory=dict)
    ipsec_profiles: dict[str, IpsecProfile] = field(default_factory=dict)
    interfaces: dict[str, Interface] = field(default_factory=dict)
    eigrp: dict[int, EigrpProcess] = field(default_factory=dict)
    ospf: dict[int, OspfProcess] = field(default_factory=dict)
    bgp: BgpProcess | None = None
    statics: list[StaticRoute] = field(default_factory=list)
    weak_crypto_allowed: bool = False  # `crypto engine compliance shield disable` (FN72510)
    version: str | None = None  # the running config's `version 17.12` line

    @cached_property
    def tunnels(self) -> list[Interface]:
        """Tunnel interfaces with an address, in config order (read once parsing is done)."""
        return [i for i in self.interfaces.values() if i.is_tunnel and i.address is not None]

    def interface(self, name: str | None) -> Interface | None:
        """The interface named ``name`` (IOS abbreviations are not expanded)."""
        return None if name is None else self.interfaces.get(name)
