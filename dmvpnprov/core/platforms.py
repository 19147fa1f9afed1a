"""Platforms, IOS releases and the capability table: which release has which command.

This module is data. Render (which template branch to take), validation (refuse a
feature the router cannot run), the lab (reject a command the simulated release lacks,
as the real box would) and the audit (flag a line the release lacks) all read it.

Release ordering follows how Cisco trains inherit features: a feature introduced in a
T train (``12.4(6)T``) is in later releases of that T train and in every later major
line (``15.0(1)M`` onward), but not in the mainline of the same version (``12.4(25)``
has no Phase 3). A feature introduced in a mainline release is in later releases of
that version, whatever the train, and in every later line.

Examples:
    >>> IosRelease.parse("12.4(6)T") <= IosRelease.parse("12.4(15)T7")
    True
    >>> has_feature("12.2(13)T", "nhrp_phase3")
    False
    >>> has_feature("12.4(25)", "nhrp_phase3")
    False
    >>> has_feature("15.1(4)M", "ikev2")
    True
    >>> str(IosRelease.parse("12.4(15)T7"))
    '12.4(15)T7'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

__all__ = [
    "FEATURES",
    "PLATFORMS",
    "WEAK_CRYPTO",
    "WEAK_CRYPTO_SOURCE",
    "Feature",
    "IosRelease",
    "Platform",
    "PlatformInfo",
    "UnknownFeatureError",
    "features_for_line",
    "has_feature",
    "interface_on_platform",
    "missing_features",
    "refuses_weak_crypto",
    "release_within_platform",
]


class Platform(str, Enum):
    """Router platforms dmvpnprov knows. The value is what the inventory writes."""

    C1700 = "1700"  # the series, model unknown: prefer the model (1710 ... 1760)
    C1710 = "1710"
    C1720 = "1720"
    C1721 = "1721"
    C1750 = "1750"
    C1751 = "1751"
    C1760 = "1760"
    C2600 = "2600"
    C2600XM = "2600XM"
    C3725 = "3725"
    C3745 = "3745"
    C7200 = "7200"
    ISR4000 = "ISR4000"
    CSR1000V = "CSR1000V"


_RELEASE_RE = re.compile(
    r"^(?P<major>\d+)\.(?P<minor>\d+)"
    r"(?:\((?P<maint>\d+)[a-z]?\)(?P<train>[A-Z]{0,2})(?P<rebuild>\d*)[a-z]?"
    r"|\.(?P<xe_maint>\d+)[a-z]?)$"
)


@dataclass(frozen=True, order=False)
class IosRelease:
    """An IOS (``12.2(13)T``, ``15.1(4)M3``) or IOS-XE (``17.3.4a``) release."""

    major: int
    minor: int
    maint: int
    train: str  # "" mainline, "T", "M", "XE" for IOS-XE dotted releases, others as written
    rebuild: int
    text: str

    @classmethod
    def parse(cls, text: str) -> IosRelease:
        """Parse a release string; raise ``ValueError`` naming the accepted forms."""
        return _parse_release(text.strip())

    @property
    def is_xe(self) -> bool:
        """True for IOS-XE dotted releases (16.x, 17.x)."""
        return self.train == "XE"

    @property
    def line(self) -> tuple[int, int]:
        """The major release line, ``(12, 4)`` for 12.4(15)T."""
        return (self.major, self.minor)

    def _t_like(self) -> bool:
        # 15.x M releases are extended-maintenance builds of the T train.
        return self.train in {"T", "M", "XE"} or (self.major >= 15 and self.train != "")

    def has_since(self, since: IosRelease) -> bool:
        """True when this release carries a feature introduced in ``since``."""
        if self.is_xe:
            return True  # every IOS-XE release has all classic IOS features we use
        if since.is_xe:
            return False
        if self.line != since.line:
            return self.line > since.line
        if since._t_like() and not self._t_like():
            return False
        return (self.maint, self.rebuild) >= (since.maint, since.rebuild)

    def __le__(self, other: IosRelease) -> bool:
        return other.has_since(self)

    def __str__(self) -> str:
        return self.text


@lru_cache(maxsize=256)
def _parse_release(text: str) -> IosRelease:
    match = _RELEASE_RE.match(text)
    if match is None:
        msg = (
            f"{text!r} is not an IOS release; write it as IOS prints it, "
            "e.g. 12.2(13)T, 12.4(15)T7, 15.1(4)M3 or 17.3.4a"
        )
        raise ValueError(msg)
    major, minor = int(match["major"]), int(match["minor"])
    if match["xe_maint"] is not None:
        return IosRelease(major, minor, int(match["xe_maint"]), "XE", 0, text)
    rebuild = int(match["rebuild"]) if match["rebuild"] else 0
    return IosRelease(major, minor, int(match["maint"]), match["train"], rebuild, text)


@dataclass(frozen=True)
class PlatformInfo:
    """What a platform is and the newest release it can run."""

    platform: Platform
    description: str
    max_release: str | None  # None: current platform, no ceiling
    default_nbma_interface: str
    default_lan_interface: str
    write_memory_seconds: float  # typical time of `write memory` (lab default)
    source: str
    # The interfaces the hardware can have: onboard ports by name, module slots by
    # pattern (full-match regexes; a subinterface ``.N`` and logical interfaces are
    # accepted everywhere, see :func:`interface_on_platform`).
    interfaces: tuple[str, ...] = ()
    hardware_source: str = ""
    # Newest mainline release when the T train stopped earlier (3700: 12.4(15)T and 12.4(25g)).
    mainline_max: str | None = None
    # The physical ports of the box as modelled (the lab's router), in `show ip interface
    # brief` order: the one source of port names (core.hardware reads them from here).
    ports: tuple[str, ...] = ()


_IFNUM = (
    "Cisco 1700/2600/3600/3700 Software Configuration Guides, 'Understanding Interface Numbering'"
)
_WIC_1700 = (
    "Cisco 1700 Series Router Hardware Installation Guides: 1720/1721/1750 number interfaces "
    "by type (FastEthernet0, WIC ports Ethernet0/Serial0 ...); 1751/1760 by slot/port "
    "(FastEthernet0/0, WIC ports Ethernet0/1 ...); 1710: Ethernet0 and FastEthernet0"
)
_NM = r"(Ethernet|FastEthernet|GigabitEthernet|Serial){slots}/\d+"


def _info(  # noqa: PLR0917 - one table row
    platform: Platform,
    description: str,
    max_release: str | None,
    nbma_lan: tuple[str, str],
    write_memory: float,
    source: str,
    interfaces: tuple[str, ...],
    hardware_source: str,
    mainline_max: str | None = None,
) -> PlatformInfo:
    return PlatformInfo(
        platform, description, max_release, nbma_lan[0], nbma_lan[1], write_memory, source,
        interfaces, hardware_source, mainline_max, _PORTS[platform],
    )  # fmt: skip


# The modelled box of each platform (the lab prints these ports): onboard ports plus
# the WICs/modules of the usual configuration (1721: two WIC-1ENET, as the deck's spoke).
_PORTS: dict[Platform, tuple[str, ...]] = {
    Platform.C1700: ("FastEthernet0", "FastEthernet1", "Serial0"),
    Platform.C1710: ("Ethernet0", "FastEthernet0"),
    Platform.C1720: ("FastEthernet0", "Ethernet0", "Ethernet1", "Serial0"),
    Platform.C1721: ("FastEthernet0", "Ethernet0", "Ethernet1", "Serial0"),
    Platform.C1750: ("FastEthernet0", "Ethernet0", "Ethernet1", "Serial0"),
    Platform.C1751: ("FastEthernet0/0", "Ethernet0/1", "Ethernet0/2", "Serial0/0"),
    Platform.C1760: ("FastEthernet0/0", "Ethernet0/1", "Ethernet0/2", "Serial0/0"),
    Platform.C2600: ("Ethernet0/0", "Ethernet0/1", "Serial0/0"),
    Platform.C2600XM: ("FastEthernet0/0", "FastEthernet0/1", "Serial0/0"),
    Platform.C3725: ("FastEthernet0/0", "FastEthernet0/1", "Serial0/0"),
    Platform.C3745: ("FastEthernet0/0", "FastEthernet0/1", "Serial0/0"),
    Platform.C7200: ("GigabitEthernet0/1", "GigabitEthernet0/2", "GigabitEthernet0/3"),
    Platform.ISR4000: (
        "GigabitEthernet0/0/0",
        "GigabitEthernet0/0/1",
        "GigabitEthernet0/0/2",
        "GigabitEthernet0",
    ),
    Platform.CSR1000V: (
        "GigabitEthernet1",
        "GigabitEthernet2",
        "GigabitEthernet3",
        "GigabitEthernet4",
    ),
}

_C1700_EOL = "Cisco 1700 Series End-of-Life notice; last train 12.4(15)T"
_C3700_EOL = (
    "Cisco 3700 series EoL bulletin: 12.4(15)T is the last T release; the 12.4 mainline "
    "continues to 12.4(25g) (c3745-advipservicesk9-mz.124-25d.bin and later images exist)"
)

PLATFORMS: dict[Platform, PlatformInfo] = {
    p.platform: p
    for p in (
        _info(
            Platform.C1700,
            "Cisco 1700 series, model not given (write 1710 ... 1760)",
            "12.4(15)T",
            ("FastEthernet0", "FastEthernet1"),
            3.0,
            _C1700_EOL,
            (r"FastEthernet[0-4]", r"Ethernet[01]", r"(Fast)?Ethernet0/[0-3]"),
            _WIC_1700,
        ),
        _info(
            Platform.C1710,
            "Cisco 1710",
            "12.4(15)T",
            ("Ethernet0", "FastEthernet0"),
            3.0,
            _C1700_EOL,
            (r"Ethernet0", r"FastEthernet0"),
            _WIC_1700,
        ),
        _info(
            Platform.C1720,
            "Cisco 1720",
            "12.3(26)",
            ("FastEthernet0", "Ethernet0"),
            3.0,
            "Cisco 1720 EoL bulletin: 12.3 mainline is the last release",
            (r"FastEthernet0", r"Ethernet[01]", r"Serial[01]"),
            _WIC_1700,
        ),
        _info(
            Platform.C1721,
            "Cisco 1721",
            "12.4(15)T",
            ("FastEthernet0", "Ethernet0"),
            3.0,
            _C1700_EOL,
            (r"FastEthernet0", r"Ethernet[01]", r"Serial[01]"),
            _WIC_1700,
        ),
        _info(
            Platform.C1750,
            "Cisco 1750",
            "12.3(26)",
            ("FastEthernet0", "Ethernet0"),
            3.0,
            "Cisco 1750 EoL bulletin: 12.3 mainline is the last release",
            (r"FastEthernet0", r"Ethernet[01]", r"Serial[01]"),
            _WIC_1700,
        ),
        _info(
            Platform.C1751,
            "Cisco 1751",
            "12.4(15)T",
            ("FastEthernet0/0", "Ethernet0/1"),
            3.0,
            _C1700_EOL,
            (r"FastEthernet0/0", r"Ethernet0/[0-3]", r"Serial0/[0-3]"),
            _WIC_1700,
        ),
        _info(
            Platform.C1760,
            "Cisco 1760",
            "12.4(15)T",
            ("FastEthernet0/0", "Ethernet0/1"),
            3.0,
            _C1700_EOL,
            (r"FastEthernet0/0", r"Ethernet0/[0-3]", r"Serial0/[0-3]"),
            _WIC_1700,
        ),
        _info(
            Platform.C2600,
            "Cisco 2600 series (non-XM: 2610/2611 Ethernet, 2620/2621 FE)",
            "12.3(26)",
            ("Ethernet0/0", "Ethernet0/1"),
            3.0,
            "Cisco 2600 EoL/EoS bulletin: 12.3 mainline is the last release for non-XM models",
            (r"(Fast)?Ethernet0/[01]", r"Serial0/[0-3]", _NM.format(slots="1")),
            _IFNUM,
        ),
        _info(
            Platform.C2600XM,
            "Cisco 2600XM series",
            "12.4(25)",
            ("FastEthernet0/0", "FastEthernet0/1"),
            2.0,
            "Cisco 2600XM EoL bulletin: 12.4 mainline and 12.4(15)T are the last trains",
            (r"FastEthernet0/[01]", r"Serial0/[0-3]", _NM.format(slots="1")),
            _IFNUM,
        ),
        _info(
            Platform.C3725,
            "Cisco 3725",
            "12.4(15)T",
            ("FastEthernet0/0", "FastEthernet0/1"),
            1.5,
            _C3700_EOL,
            (r"FastEthernet0/[01]", r"Serial0/[0-5]", _NM.format(slots="[12]")),
            _IFNUM,
            mainline_max="12.4(25g)",
        ),
        _info(
            Platform.C3745,
            "Cisco 3745",
            "12.4(15)T",
            ("FastEthernet0/0", "FastEthernet0/1"),
            1.5,
            _C3700_EOL,
            (r"FastEthernet0/[01]", r"Serial0/[0-5]", _NM.format(slots="[1-4]")),
            _IFNUM,
            mainline_max="12.4(25g)",
        ),
        _info(
            Platform.C7200,
            "Cisco 7200 (NPE-G1/G2)",
            "15.2(4)M",
            ("GigabitEthernet0/1", "GigabitEthernet0/2"),
            1.0,
            "Cisco 7200 release notes: NPE-G2 runs up to 15.2(4)M",
            (
                r"GigabitEthernet0/[0-3]",
                r"(Fast)?Ethernet0/[01]",
                _NM.format(slots="[1-6]"),
            ),
            "Cisco 7200 VXR NPE-G1/G2 installation guides: onboard GigabitEthernet0/1-0/3; "
            "I/O controllers FastEthernet0/0-0/1, GigabitEthernet0/0, Ethernet0/0; port "
            "adapters in slots 1-6",
        ),
        _info(
            Platform.ISR4000,
            "Cisco ISR 4000 (IOS-XE)",
            None,
            ("GigabitEthernet0/0/0", "GigabitEthernet0/0/1"),
            0.5,
            "Cisco ISR 4000 series, IOS-XE 16.x/17.x",
            (r"GigabitEthernet0/[0-3]/\d+", r"TenGigabitEthernet0/[01]/\d+", r"Serial0/[1-3]/\d+"),
            "Cisco 4000 Series ISRs hardware guide: onboard GigabitEthernet0/0/0-0/0/3, "
            "NIM slots 0/1-0/3",
        ),
        _info(
            Platform.CSR1000V,
            "Cisco CSR 1000V (IOS-XE, virtual)",
            None,
            ("GigabitEthernet1", "GigabitEthernet2"),
            0.5,
            "Cisco CSR 1000v Series Cloud Services Router Software Configuration Guide, "
            "IOS-XE 16.x/17.x",
            (r"GigabitEthernet\d{1,2}",),
            "Cisco CSR 1000v Software Configuration Guide: one GigabitEthernetN per vNIC, "
            "numbered from 1",
        ),
    )
}

XE_PLATFORMS = frozenset({Platform.ISR4000, Platform.CSR1000V})  # they run IOS-XE only


@dataclass(frozen=True)
class Feature:
    """One capability: the releases that introduced it, the lines that use it, a source.

    ``since`` lists the first release of each train that has the feature. ``patterns``
    are regular expressions matched against a stripped config line (with its parent
    section as ``parent``) to find lines that need the feature.
    """

    key: str
    description: str
    since: tuple[str, ...]
    patterns: tuple[str, ...]
    parent: str | None  # regex a line's parent must match, None for global lines
    source: str
    instead: str = ""  # what would work on a release that lacks it (validation messages)
    # How far the release in ``since`` was checked: "verified: <url>", "consistent: <url>
    # (what the page shows and what it does not)" or "unverified: <why>".
    evidence: str = ""

    def available_in(self, release: str | IosRelease) -> bool:
        """True when ``release`` has this feature."""
        rel = IosRelease.parse(release) if isinstance(release, str) else release
        return any(rel.has_since(IosRelease.parse(s)) for s in self.since)

    def matches(self, line: str, parent: str | None = None) -> bool:
        """True when the config ``line`` (under ``parent``) needs this feature."""
        if self.parent is not None and (parent is None or not re.match(self.parent, parent)):
            return False
        if self.parent is None and parent is not None:
            return False
        return any(re.match(p, line) for p in self.patterns)


_TUNNEL = r"^interface Tunnel\d+"
_DMVPN_GUIDE = "Cisco IOS Security Configuration Guide: Dynamic Multipoint VPN"

FEATURES: dict[str, Feature] = {
    f.key: f
    for f in (
        Feature(
            "dmvpn",
            "mGRE tunnel with NHRP and tunnel protection (DMVPN Phase 1/2)",
            ("12.2(13)T",),
            (r"^tunnel protection ipsec profile \S+$", r"^ip nhrp map multicast dynamic$"),
            _TUNNEL,
            f"{_DMVPN_GUIDE}, feature history: Dynamic Multipoint VPN, 12.2(13)T "
            "(also the source deck: 'IOS Code & Platform Support: 12.2(13)T')",
        ),
        Feature(
            "ipsec_profile",
            "crypto ipsec profile",
            ("12.2(13)T",),
            (r"^crypto ipsec profile \S+",),
            None,
            f"{_DMVPN_GUIDE}: crypto ipsec profile introduced with DMVPN in 12.2(13)T",
        ),
        Feature(
            "nhrp_phase3",
            "DMVPN Phase 3: ip nhrp redirect (hub) / ip nhrp shortcut (spoke)",
            ("12.4(6)T",),
            (r"^ip nhrp redirect\b", r"^ip nhrp shortcut\b"),
            _TUNNEL,
            "Cisco DMVPN Configuration Guide, feature history 'DMVPN Phase 3 "
            "(NHRP shortcut switching enhancements)': 12.4(6)T",
        ),
        Feature(
            "nhrp_nhs_nbma",
            "one-line NHS definition: ip nhrp nhs ADDR nbma ADDR [multicast]",
            ("15.1(2)T",),
            (r"^ip nhrp nhs \S+ nbma \S+",),
            _TUNNEL,
            "Cisco NHRP Command Reference, 'ip nhrp nhs': nbma and multicast keywords "
            "added in 15.1(2)T (15.x only)",
        ),
        Feature(
            "nhrp_registration_no_unique",
            "ip nhrp registration no-unique (spokes with a dynamic NBMA address)",
            ("12.3(7)T", "12.4(1)"),
            (r"^ip nhrp registration no-unique$",),
            _TUNNEL,
            "Cisco NHRP Command Reference, 'ip nhrp registration': no-unique keyword, 12.3(7)T",
        ),
        Feature(
            "tunnel_protection_shared",
            "tunnel protection ipsec profile NAME shared (dual cloud, same source)",
            ("12.4(5)",),
            (r"^tunnel protection ipsec profile \S+ shared$",),
            _TUNNEL,
            "Cisco Security Command Reference, 'tunnel protection': shared keyword, 12.4(5)",
        ),
        Feature(
            "ikev2",
            "IKEv2 (crypto ikev2 proposal/policy/keyring/profile, set ikev2-profile)",
            ("15.1(1)T",),
            (r"^crypto ikev2 ", r"^set ikev2-profile "),
            None,
            "Cisco FlexVPN and IKEv2 Configuration Guide, feature history: IKEv2, 15.1(1)T",
        ),
        Feature(
            "ikev2_profile_ref",
            "set ikev2-profile inside a crypto ipsec profile",
            ("15.1(1)T",),
            (r"^set ikev2-profile ",),
            r"^crypto ipsec profile ",
            "Cisco FlexVPN and IKEv2 Configuration Guide, feature history: IKEv2, 15.1(1)T",
        ),
        Feature(
            "esp_gcm",
            "AES-GCM transforms (esp-gcm) for IPsec",
            ("15.2(4)M",),
            (r"^crypto ipsec transform-set \S+ esp-gcm",),
            None,
            "Cisco Security Configuration Guide, 'Suite-B support in IOS SW Crypto': "
            "esp-gcm transforms, 15.2(4)M",
        ),
        Feature(
            "dh_group14",
            "Diffie-Hellman group 14 (2048-bit MODP) in IKEv1 policies",
            ("12.4(22)T",),
            (r"^group (14|15|16)$",),
            r"^crypto isakmp policy \d+",
            "Cisco Security Command Reference, 'group (IKE policy)': groups 14/15/16 "
            "added in 12.4(22)T",
        ),
        Feature(
            "isakmp_aes",
            "AES encryption in IKEv1 policies (encryption aes [128|192|256])",
            ("12.2(13)T",),
            (r"^encryption aes\b",),
            r"^crypto isakmp policy \d+",
            "Cisco 'Advanced Encryption Standard (AES)' feature module, 12.2(13)T",
        ),
        Feature(
            "eigrp_no_next_hop_self",
            "no ip next-hop-self eigrp (EIGRP Phase 2 hub: the spoke stays the next hop)",
            ("12.3(1)",),
            (r"^no ip next-hop-self eigrp \d+$",),
            _TUNNEL,
            "Cisco IP Routing: EIGRP Command Reference, 'ip next-hop-self eigrp', command "
            "history: introduced in 12.3",
            "Phase 2 EIGRP cannot work without it: use Phase 1, another routing protocol "
            "(OSPF broadcast or BGP), or a 12.3 or later release on the hubs",
        ),
        Feature(
            "isakmp_sha2",
            "SHA-2 hashes in IKEv1 policies (hash sha256/sha384/sha512)",
            ("15.1(2)T",),
            (r"^hash (sha256|sha384|sha512)$",),
            r"^crypto isakmp policy \d+",
            "Cisco Security Command Reference, 'hash (IKE policy)': sha256/sha384 with the "
            "Suite-B release 15.1(2)T (public 15.2(4)M configs use them)",
            "use hash sha (the 12.x/15.0-15.2 choice) or IKEv2 (integrity sha256)",
            evidence=(
                "unverified: the 'hash (IKE policy)' command history was not found in the public "
                "references searched; set from recollection"
            ),
        ),
        Feature(
            "isakmp_ecdh",
            "elliptic-curve DH groups 19/20 in IKEv1 policies",
            ("15.1(2)T",),
            (r"^group (19|20)$",),
            r"^crypto isakmp policy \d+",
            "Cisco Security Configuration Guide, 'Suite-B Support in IOS SW Crypto' feature "
            "history: ECDH groups 19 and 20, 15.1(2)T",
            "use group 14 (12.4(22)T and later) or group 2/5 on older releases",
            evidence=(
                "unverified: the Suite-B feature table was not found in the public references "
                "searched; set from recollection"
            ),
        ),
        Feature(
            "isakmp_group24",
            "DH group 24 (2048-bit MODP, 256-bit subgroup) in IKEv1 policies",
            ("15.3(3)M",),
            (r"^group 24$",),
            r"^crypto isakmp policy \d+",
            "Cisco Security Command Reference, 'group (IKE policy)' command history: "
            "group 24 added in 15.3(3)M",
            "use group 14",
            evidence=(
                "unverified: the 'group (IKE policy)' command history was not found in the public "
                "references searched; 15.3(3)M is a conservative (late) choice"
            ),
        ),
        Feature(
            "pfs_ecdh",
            "set pfs group19/group20 in an IPsec profile",
            ("15.1(2)T",),
            (r"^set pfs group(19|20)$",),
            r"^crypto ipsec profile ",
            "Cisco Security Configuration Guide, 'Suite-B Support in IOS SW Crypto' feature "
            "history: ECDH PFS groups 19 and 20, 15.1(2)T",
            "use set pfs group14 (12.4(22)T and later) or group2/group5",
            evidence=(
                "unverified: the Suite-B feature table was not found in the public references "
                "searched; set from recollection"
            ),
        ),
        Feature(
            "ikev2_gcm",
            "AES-GCM encryption in an IKEv2 proposal (encryption aes-gcm-128/256)",
            ("15.2(4)M",),
            (r"^encryption aes-gcm",),
            r"^crypto ikev2 proposal ",
            "Cisco FlexVPN and IKEv2 Configuration Guide, feature history 'Suite-B support "
            "for IKEv2 (AES-GCM)': 15.2(4)M",
            "use encryption aes-cbc-256 with integrity sha256 (and no prf)",
            evidence=(
                "unverified: the FlexVPN feature table was not found in the public references "
                "searched; set from recollection"
            ),
        ),
        Feature(
            "ikev2_prf",
            "a separate prf in an IKEv2 proposal (needed by AEAD/GCM proposals)",
            ("15.2(4)M",),
            (r"^prf ",),
            r"^crypto ikev2 proposal ",
            "Cisco Security Command Reference, 'prf' (IKEv2 proposal) command history: "
            "introduced with AES-GCM support in 15.2(4)M",
            "leave prf empty: before 15.2(4)M the prf is derived from integrity",
            evidence=(
                "unverified: the 'prf' command history was not found in the public references "
                "searched; 15.2(4)M is a conservative choice"
            ),
        ),
        Feature(
            "isakmp_invalid_spi_recovery",
            "crypto isakmp invalid-spi-recovery",
            ("12.3(2)T", "12.4(1)"),
            (r"^crypto isakmp invalid-spi-recovery$",),
            None,
            "Cisco Security Command Reference, 'crypto isakmp invalid-spi-recovery': "
            "introduced in 12.3(2)T",
            "leave invalid_spi_recovery off (DPD alone recovers, more slowly)",
        ),
        Feature(
            "nhrp_nhs_cluster",
            "NHS priority, clusters and fallback (ip nhrp nhs ... priority/cluster/fallback)",
            ("15.1(2)T",),
            (
                r"^ip nhrp nhs \S+ priority \d+",
                r"^ip nhrp nhs cluster \d+ max-connections \d+$",
                r"^ip nhrp nhs fallback \d+$",
            ),
            _TUNNEL,
            "Cisco DMVPN Configuration Guide, feature history 'DMVPN: NHS Clustering' "
            "(priority, cluster, max-connections, fallback): 15.1(2)T",
            "leave nhs_priority, nhs_max_connections and nhs_fallback unset: every NHS "
            "is used at once",
            evidence=(
                "consistent: "
                "http://www.cisco.com/en/US/docs/ios/sec_secure_connectivity/configuration/guide/sec_dmvpn_backup_nhs.html "  # noqa: E501
                "(the 15.1T module 'DMVPN-Tunnel Health Monitoring and Recovery (Backup NHS)': "
                "NHS priority, clusters, max-connections, fallback; first published 21 July 2010, "
                "the month of 15.1(2)T; its release row was not read)"
            ),
        ),
        Feature(
            "if_state_nhrp",
            "if-state nhrp (the tunnel is down while no NHS answers)",
            ("15.0(1)M",),
            (r"^if-state nhrp$",),
            _TUNNEL,
            "Cisco NHRP Command Reference, 'if-state nhrp': 15.0(1)M (DMVPN Tunnel Health "
            "Monitoring and Recovery; the release is not confirmed, see evidence)",
            "leave if_state_nhrp off",
            evidence=(
                "consistent: "
                "https://www.cisco.com/en/US/docs/ios-xml/ios/sec_conn_dmvpn/configuration/15-2mt/sec-conn-dmvpn-tun-mon.html "  # noqa: E501
                "('Interface State Control', if-state nhrp, spokes only; the feature table row "
                "with the release was not read)"
            ),
        ),
        Feature(
            "vrf_definition",
            "multiprotocol VRFs: vrf definition / vrf forwarding (before: ip vrf)",
            ("15.0(1)M",),
            (r"^vrf definition \S+$",),
            None,
            "Cisco IP Routing Configuration Guide, 'Multiprotocol VRF': vrf definition, "
            "15.0(1)M (12.2(33)SRB on the SR train; earlier releases: ip vrf)",
            "the templates render ip vrf / ip vrf forwarding on those releases",
            evidence=(
                "unverified: the Multiprotocol VRF feature table was not found in the public "
                "references searched"
            ),
        ),
        Feature(
            "bgp_next_hop_self_all",
            "neighbor X next-hop-self all (also for reflected iBGP routes)",
            ("15.3(1)T",),
            (r"^neighbor \S+ next-hop-self all$",),
            r"^router bgp \d+",
            "Cisco IP Routing: BGP Configuration Guide, feature history 'BGP NEXT_HOP Self "
            "for iBGP Reflected Routes' (all keyword): 15.3(1)T, IOS XE 3.7S",
            "Phase 3 BGP hubs keep the spokes as next hops (spoke-to-spoke traffic then "
            "resolves through NHRP as in Phase 2)",
            evidence=(
                "consistent: "
                "https://blog.ipspace.net/2014/04/changes-in-ibgp-next-hop-processing/ (April "
                "2014: 'recent Cisco IOS releases' have next-hop-self all, also for reflected "
                "routes); the Cisco feature table with 15.3(1)T was not found"
            ),
        ),
        Feature(
            "config_replace",
            "configure replace and the archive of configurations",
            ("12.3(7)T", "12.4(1)"),
            (r"^archive$",),
            None,
            "Cisco Configuration Replace and Configuration Rollback feature history, 12.3(7)T",
        ),
        Feature(
            "config_revert_timer",
            "configure terminal revert timer / configure confirm",
            ("12.4(20)T",),
            (),
            None,
            "Cisco 'Configuration Rollback Confirmed Change' feature history, 12.4(20)T",
        ),
        Feature(
            "ip_tcp_adjust_mss",
            "ip tcp adjust-mss on an interface",
            ("12.2(4)T",),
            (r"^ip tcp adjust-mss \d+$",),
            r"^interface ",
            "Cisco IP Application Services Command Reference, 'ip tcp adjust-mss', 12.2(4)T",
        ),
        Feature(
            "eigrp_auto_summary_off",
            "EIGRP auto-summary disabled by default (earlier releases need no auto-summary)",
            ("15.0(1)M",),
            (),
            None,
            "Cisco IP Routing: EIGRP Command Reference, 'auto-summary (EIGRP)': default "
            "behaviour changed to disabled in 15.0(1)M",
        ),
        Feature(
            "bgp_dynamic_neighbors",
            "BGP dynamic neighbors: bgp listen range PREFIX peer-group NAME",
            ("15.1(2)T",),
            (r"^bgp listen range \S+ peer-group \S+$",),
            r"^router bgp \d+",
            "Cisco IP Routing: BGP Configuration Guide, feature history 'BGP Dynamic "
            "Neighbors': 15.1(2)T (12.2(33)SXH on the SX train)",
        ),
    )
}


class UnknownFeatureError(KeyError):
    """Raised for a feature key that is not in :data:`FEATURES`; lists the known ones."""

    def __init__(self, key: str) -> None:
        super().__init__(f"unknown feature {key!r}; known: {', '.join(sorted(FEATURES))}")


def has_feature(release: str | IosRelease, feature: str) -> bool:
    """True when ``release`` has the feature named ``feature`` (a key of FEATURES)."""
    try:
        return FEATURES[feature].available_in(release)
    except KeyError:
        raise UnknownFeatureError(feature) from None


@lru_cache(maxsize=1)
def _any_pattern() -> re.Pattern[str]:
    """One pattern matching where any feature's line pattern matches (the table is
    fixed at import)."""
    return re.compile("|".join(f"(?:{p})" for f in FEATURES.values() for p in f.patterns))


def features_for_line(line: str, parent: str | None = None) -> list[Feature]:
    """The features a config line needs (``parent`` is its section header, if any).

    Most lines need none: one pattern of every feature's lines tells at once (a fleet
    has a few unique lines per router, addresses in them, that no cache can hold).

    Examples:
        >>> [f.key for f in features_for_line(" ip nhrp redirect", "interface Tunnel0")]
        ['nhrp_phase3']
        >>> features_for_line(" ip address 10.0.0.1 255.255.255.0", "interface Tunnel0")
        []
    """
    stripped = line.strip()
    if _any_pattern().match(stripped) is None:
        return []
    return [f for f in FEATURES.values() if f.matches(stripped, parent)]


def missing_features(
    release: str | IosRelease, line: str, parent: str | None = None
) -> list[Feature]:
    """The features ``line`` needs that ``release`` lacks (empty when the line is fine).

    Examples:
        >>> [f.key for f in missing_features("12.2(13)T", "ip nhrp redirect", "interface Tunnel0")]
        ['nhrp_phase3']
        >>> missing_features("15.1(4)M", "ip nhrp redirect", "interface Tunnel0")
        []
    """
    return [f for f in features_for_line(line, parent) if not f.available_in(release)]


# IOS-XE 17.11.1 and later refuse these by default (Cisco Field Notice FN72510,
# CSCwc72588): IPsec negotiation fails unless `crypto engine compliance shield disable`
# is configured and the router reloaded.
WEAK_CRYPTO_SINCE = "17.11.1"
WEAK_CRYPTO_SOURCE = (
    "Cisco Field Notice FN72510: IOS XE 17.11.1 and later no longer allow weak crypto "
    "algorithms by default (CSCwc72588)"
)
WEAK_CRYPTO: dict[str, frozenset[str]] = {
    "isakmp.encryption": frozenset({"des", "3des"}),
    "isakmp.hash": frozenset({"md5"}),
    "isakmp.group": frozenset({"1", "2", "5"}),
    "ikev2.encryption": frozenset({"des", "3des"}),
    "ikev2.integrity": frozenset({"md5"}),
    "ikev2.group": frozenset({"1", "2", "5", "24"}),
    "transform_set.transforms": frozenset(
        {"ah-md5-hmac", "esp-gmac", "esp-des", "esp-3des", "esp-null", "esp-md5-hmac"}
    ),
    "pfs_group": frozenset({"group1", "group2", "group5", "group24"}),
}


def refuses_weak_crypto(release: str | IosRelease) -> bool:
    """True on IOS-XE 17.11.1 and later (FN72510).

    Examples:
        >>> refuses_weak_crypto("17.12.1a"), refuses_weak_crypto("17.3.4a")
        (True, False)
        >>> refuses_weak_crypto("15.2(4)M3")
        False
    """
    rel = IosRelease.parse(release) if isinstance(release, str) else release
    since = IosRelease.parse(WEAK_CRYPTO_SINCE)
    return rel.is_xe and (rel.major, rel.minor, rel.maint) >= (
        since.major,
        since.minor,
        since.maint,
    )


def release_within_platform(platform: Platform, release: str | IosRelease) -> bool:
    """True when ``platform`` can run ``release`` (not newer than its last release).

    Examples:
        >>> release_within_platform(Platform.C3745, "12.4(25d)")
        True
        >>> release_within_platform(Platform.C3745, "12.4(24)T")
        False
    """
    info = PLATFORMS[platform]
    if info.max_release is None:
        return True
    rel = IosRelease.parse(release) if isinstance(release, str) else release
    if rel.is_xe:
        return False
    if info.mainline_max is not None and not rel._t_like():
        ceiling = IosRelease.parse(info.mainline_max)
        if rel.line < ceiling.line or (
            rel.line == ceiling.line and (rel.maint, rel.rebuild) <= (ceiling.maint, 99)
        ):
            return True
    ceiling = IosRelease.parse(info.max_release)
    return rel.line < ceiling.line or (
        rel.line == ceiling.line and (rel.maint, rel.rebuild) <= (ceiling.maint, 99)
    )


_LOGICAL = re.compile(r"(Loopback|Dialer|Virtual-Template|BVI)\d+", re.IGNORECASE)
_TYPES = ("GigabitEthernet", "TenGigabitEthernet", "FastEthernet", "Ethernet", "Serial")


def _expand(name: str) -> str:
    """``g0/0`` -> ``GigabitEthernet0/0``: IOS takes any unique prefix of the type."""
    match = re.match(r"([A-Za-z-]+)(\d.*)$", name)
    if match is None:
        return name
    kind = match[1].lower()
    found = [t for t in _TYPES if t.lower().startswith(kind)]
    exact = [t for t in found if t.lower() == kind]
    if exact or len(found) == 1:
        return (exact or found)[0] + match[2]
    return name


def interface_on_platform(platform: Platform, name: str) -> bool:
    """True when the hardware of ``platform`` can have interface ``name``.

    Examples:
        >>> interface_on_platform(Platform.C3745, "FastEthernet0/1")
        True
        >>> interface_on_platform(Platform.C3745, "Ethernet0")
        False
        >>> interface_on_platform(Platform.C1721, "FastEthernet0.10")
        True
        >>> [interface_on_platform(Platform.C7200, n) for n in ("g0/1", "loopback0")]
        [True, True]
    """
    if _LOGICAL.fullmatch(name):
        return True
    base = _expand(name.split(".", 1)[0])
    info = PLATFORMS[platform]
    return base in info.ports or any(re.fullmatch(p, base) for p in info.interfaces)
