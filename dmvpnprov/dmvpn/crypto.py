"""IKE and IPsec between two tunnel ends: does an SA form, and if not, why.

``negotiate`` plays one exchange as IOS does: the initiator offers its ISAKMP policies
(or IKEv2 proposals), the responder accepts the first of its own that matches; both must
find a pre-shared key for the other's (post-NAT) address, and the keys must come from
the same secret; then the IPsec profiles' transform sets must share one, PFS must agree,
and a peer behind NAT needs transport mode. Unset lines hold IOS's defaults
(:mod:`dmvpnprov.dmvpn.config`; the IKEv2 default proposal of each end's release, from
the capability table; see docs/verify.md). An IOS-XE 17.11+ end negotiates without the
weak algorithms it refuses (:mod:`dmvpnprov.dmvpn.weakcrypto`).

Examples:
    >>> from dmvpnprov.dmvpn.readers import read_config
    >>> text = '''crypto isakmp policy 1
    ...  authentication pre-share
    ... crypto isakmp key k address 0.0.0.0
    ... crypto ipsec transform-set t esp-des esp-md5-hmac
    ... crypto ipsec profile p
    ...  set transform-set t
    ... '''
    >>> a, b = read_config("a", text), read_config("b", text)
    >>> r = negotiate(Side(a, "p", IPv4Address("1.1.1.1")), Side(b, "p", IPv4Address("2.2.2.2")))
    >>> r.ok, r.ike
    (True, 'des/sha/group 1')
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from ipaddress import IPv4Address

from dmvpnprov.core.ikev2_defaults import IKEV2_DEFAULT_PROPOSALS, ikev2_default_proposal
from dmvpnprov.core.platforms import refuses_weak_crypto
from dmvpnprov.dmvpn.config import Ikev2Proposal, IpsecProfile, Psk, RouterConfig, TransformSet
from dmvpnprov.dmvpn.weakcrypto import (
    WEAK_CRYPTO_SOURCE,
    strong_proposal,
    weak_isakmp,
    weak_pfs,
    weak_transforms,
)

__all__ = [
    "IKEV2_DEFAULT",
    "IKEV2_DEFAULT_XE17",
    "Negotiation",
    "Side",
    "best_psk",
    "default_proposal",
    "negotiate",
    "refuses_weak",
    "release_of",
]


def _default_proposal(since: str) -> Ikev2Proposal:
    """IOS's default proposal from the capability table (core/ikev2_defaults, with its
    sources); the PRFs are the integrity algorithms (``show crypto ikev2 proposal``)."""
    entry = next(e for e in IKEV2_DEFAULT_PROPOSALS if e.since == since)
    groups = tuple(int(g) for g in entry.groups)
    return Ikev2Proposal("default", entry.encryption, entry.integrity, entry.integrity, groups)


# `show crypto ikev2 proposal` with no proposal configured: IOS 15.x, IOS-XE 16.9+.
IKEV2_DEFAULT = _default_proposal("15.1(1)T")
IKEV2_DEFAULT_XE17 = _default_proposal("16.9.1")


@lru_cache(maxsize=64)
def default_proposal(release: str | None) -> Ikev2Proposal:
    """The IKEv2 default proposal on ``release`` (IOS 15.x's when unknown).

    Examples:
        >>> default_proposal("17.12.1a").group, default_proposal("16.9.4").group
        ((19, 14, 21), (19, 14, 21, 5))
        >>> default_proposal(None) == IKEV2_DEFAULT
        True
    """
    entry = ikev2_default_proposal(release) if release else None
    return IKEV2_DEFAULT if entry is None else _default_proposal(entry.since)


@lru_cache(maxsize=64)
def _refuses(release: str) -> bool:
    try:
        return refuses_weak_crypto(release)
    except ValueError:
        return False


def release_of(cfg: RouterConfig, given: str | None) -> str | None:
    """The router's release: ``given`` (the inventory's), else its config's ``version``
    line as a release of that train (IOS-XE ``version 17.12`` is 17.12.1; a classic IOS
    train says nothing the model needs: its IKEv2 default is one for all 15.x).

    Examples:
        >>> from dmvpnprov.dmvpn.config import RouterConfig
        >>> release_of(RouterConfig("r", version="17.12"), None)
        '17.12.1'
        >>> release_of(RouterConfig("r", version="15.4"), None) is None
        True
    """
    if given is not None or cfg.version is None:
        return given
    major, _, minor = cfg.version.partition(".")
    if major.isdigit() and int(major) >= 16 and minor.isdigit():
        return f"{major}.{minor}.1"
    return None


def refuses_weak(cfg: RouterConfig, release: str | None) -> bool:
    """True when this router refuses weak algorithms: IOS-XE 17.11+ without ``crypto
    engine compliance shield disable`` (FN72510)."""
    return release is not None and _refuses(release) and not cfg.weak_crypto_allowed


@dataclass(frozen=True)
class Negotiation:
    """The outcome of IKE + IPsec between an initiator and a responder."""

    ok: bool
    layer: str = "ike"  # where it failed: "ike" or "ipsec"
    reason: str = ""
    version: int = 1
    ike: str = ""  # the agreed policy, e.g. "aes 256/sha/group 14"
    transforms: tuple[str, ...] = ()
    mode: str = "tunnel"
    pfs: str | None = None


def best_psk(keys: list[Psk], peer: IPv4Address) -> Psk | None:
    """The most specific key of ``keys`` whose scope holds ``peer`` (as IOS picks it)."""
    best: Psk | None = None
    for k in keys:
        if peer in k.scope and (best is None or k.scope.prefixlen > best.scope.prefixlen):
            best = k
    return best


def _proposals(side: Side) -> list[Ikev2Proposal]:
    cfg = side.cfg
    if not cfg.ikev2_policies:
        found = [side.default]
    else:
        names = [n for policy in cfg.ikev2_policies for n in policy]
        found = [cfg.ikev2_proposals[n] for n in names if n in cfg.ikev2_proposals]
    if not side.strict:
        return found
    return [p for p in (strong_proposal(q) for q in found) if p is not None]


def _v2_match(a: Ikev2Proposal, b: Ikev2Proposal) -> bool:
    mac_a, mac_b = set(a.integrity or a.prf), set(b.integrity or b.prf)
    return (
        bool(set(a.encryption) & set(b.encryption))
        and bool(mac_a & mac_b)
        and bool(set(a.group) & set(b.group))
    )


@dataclass(frozen=True)
class Side:
    """One end of a negotiation: its config, the IPsec profile its tunnel uses, and the
    address the other end sees it at (post-NAT)."""

    cfg: RouterConfig
    profile: str
    seen: IPv4Address
    default: Ikev2Proposal = IKEV2_DEFAULT  # IKEv2 default proposal of its release
    strict: bool = False  # refuses weak algorithms (IOS-XE 17.11+, FN72510)

    @property
    def name(self) -> str:
        """The router's name."""
        return self.cfg.name


def _keys(a: Side, b: Side, ring_a: list[Psk], ring_b: list[Psk]) -> str | None:
    """Why the pre-shared keys do not work, or None."""
    key_a, key_b = best_psk(ring_a, b.seen), best_psk(ring_b, a.seen)
    if key_a is None or key_b is None:
        who, peer = (a.name, b.seen) if key_a is None else (b.name, a.seen)
        return f"{who} has no pre-shared key for {peer}"
    return None if key_a.key.same(key_b.key) else "pre-shared keys differ"


def _refused_note(refused: list[str]) -> str:
    if not refused:
        return ""
    return f"; refused as weak by IOS-XE 17.11+ ({WEAK_CRYPTO_SOURCE}): {', '.join(refused)}"


def _strict_note(a: Side, b: Side, what: str) -> str:
    strict = [s.name for s in (a, b) if s.strict]
    if not strict:
        return ""
    verb = "refuses" if len(strict) == 1 else "refuse"
    return f"; {' and '.join(strict)} {verb} weak {what} ({WEAK_CRYPTO_SOURCE})"


def _ikev1(a: Side, b: Side) -> Negotiation:
    ours = sorted(a.cfg.isakmp, key=lambda p: p.priority)
    theirs = sorted(b.cfg.isakmp, key=lambda p: p.priority)
    refused = [
        f"{s.name} policy {p.priority} ({' '.join(weak_isakmp(p))})"
        for s, pols in ((a, ours), (b, theirs))
        if s.strict
        for p in pols
        if weak_isakmp(p)
    ]
    if refused:
        ours = [p for p in ours if not (a.strict and weak_isakmp(p))]
        theirs = [p for p in theirs if not (b.strict and weak_isakmp(p))]
    common = next((p for p in ours for q in theirs if p.key() == q.key()), None)
    if common is None:
        mine = ", ".join(p.describe() for p in ours) or "no policy"
        other = ", ".join(p.describe() for p in theirs) or "no policy"
        why = f"no common ISAKMP policy ({a.name}: {mine}; {b.name}: {other})"
        return Negotiation(False, "ike", f"IKE phase 1 fails: {why}{_refused_note(refused)}")
    if common.authentication == "pre-share":
        why_not = _keys(a, b, a.cfg.psks, b.cfg.psks)
        if why_not:
            return Negotiation(False, "ike", f"IKE phase 1 fails: {why_not}")
    return Negotiation(True, ike=common.describe())


def _v2_identity(me: Side, peer: Side) -> str | None:
    """Why ``me``'s IKEv2 profile refuses ``peer``, or None."""
    name = me.cfg.ipsec_profiles[me.profile].ikev2_profile or ""
    prof = me.cfg.ikev2_profiles.get(name)
    if prof is None:
        return f"{me.name}: IKEv2 profile {name} is not configured"
    if not any(peer.seen in m for m in prof.match):
        return f"{me.name}: profile {prof.name} does not match identity {peer.seen}"
    if prof.auth_local != "pre-share" or prof.auth_remote != "pre-share":
        return f"{me.name}: profile {prof.name} lacks pre-share authentication"
    return None


def _ring(side: Side) -> list[Psk]:
    name = side.cfg.ipsec_profiles[side.profile].ikev2_profile or ""
    return side.cfg.ikev2_keyrings.get(side.cfg.ikev2_profiles[name].keyring or "", [])


def _ikev2(a: Side, b: Side) -> Negotiation:
    ours, theirs = _proposals(a), _proposals(b)
    common = next((p for p in ours for q in theirs if _v2_match(p, q)), None)
    if common is None:
        mine = ", ".join(p.describe() for p in ours) or "no usable proposal"
        other = ", ".join(p.describe() for p in theirs) or "no usable proposal"
        why = f"no common IKEv2 proposal ({a.name}: {mine}; {b.name}: {other})"
        why += _strict_note(a, b, "algorithms")
        return Negotiation(False, "ike", f"IKE_SA_INIT fails: {why}", version=2)
    why_not = _v2_identity(a, b) or _v2_identity(b, a) or _keys(a, b, _ring(a), _ring(b))
    if why_not:
        return Negotiation(False, "ike", f"IKE_AUTH fails: {why_not}", version=2)
    mac = (common.integrity or common.prf)[0]
    return Negotiation(True, version=2, ike=f"{common.encryption[0]}/{mac}/group {common.group[0]}")


def _sets(side: Side, prof: IpsecProfile) -> list[TransformSet]:
    cfg = side.cfg
    found = [cfg.transform_sets[n] for n in prof.transform_sets if n in cfg.transform_sets]
    return [s for s in found if not weak_transforms(s)] if side.strict else found


def _ipsec(ike: Negotiation, a: Side, b: Side, nat: bool) -> Negotiation:
    pa, pb = a.cfg.ipsec_profiles[a.profile], b.cfg.ipsec_profiles[b.profile]
    ours, theirs = _sets(a, pa), _sets(b, pb)
    common = next(((s, t) for s in ours for t in theirs if s.transforms == t.transforms), None)
    fail = "IPsec (quick mode) fails: "
    if common is None:
        mine = "; ".join(" ".join(sorted(s.transforms)) for s in ours) or "none"
        other = "; ".join(" ".join(sorted(s.transforms)) for s in theirs) or "none"
        why = f"no common transform set ({a.name}: {mine}; {b.name}: {other})"
        why += _strict_note(a, b, "transforms")
        return Negotiation(False, "ipsec", fail + why, ike.version, ike.ike)
    weak = [f"{s.name}: pfs {p.pfs}" for s, p in ((a, pa), (b, pb)) if s.strict and weak_pfs(p.pfs)]
    if weak:
        why = (
            f"PFS group refused as weak by IOS-XE 17.11+ ({'; '.join(weak)}; {WEAK_CRYPTO_SOURCE})"
        )
        return Negotiation(False, "ipsec", fail + why, ike.version, ike.ike)
    if pa.pfs != pb.pfs:
        why = f"PFS differs ({a.name}: {pa.pfs or 'none'}; {b.name}: {pb.pfs or 'none'})"
        return Negotiation(False, "ipsec", fail + why, ike.version, ike.ike)
    mode = "transport" if common[0].mode == common[1].mode == "transport" else "tunnel"
    if nat and mode == "tunnel":
        why = (
            "tunnel mode behind NAT: NHRP registers the inside address; "
            "set `mode transport` on both ends"
        )
        return Negotiation(False, "ipsec", f"IPsec {why}", ike.version, ike.ike)
    transforms = tuple(sorted(common[0].transforms))
    return Negotiation(True, "ipsec", "", ike.version, ike.ike, transforms, mode, pa.pfs)


def negotiate(a: Side, b: Side, *, nat: bool = False) -> Negotiation:
    """IKE then IPsec from ``a`` (initiator) to ``b`` (responder).

    ``nat`` is True when either end is behind NAT; each :class:`Side` carries its release's
    IKEv2 default proposal and whether it refuses weak algorithms.
    """
    pa, pb = a.cfg.ipsec_profiles.get(a.profile), b.cfg.ipsec_profiles.get(b.profile)
    if pa is None or pb is None:
        who, name = (a.name, a.profile) if pa is None else (b.name, b.profile)
        return Negotiation(False, "ipsec", f"{who}: IPsec profile {name} is not configured")
    if (pa.ikev2_profile is None) != (pb.ikev2_profile is None):

        def version(p: IpsecProfile) -> str:
            return "IKEv2" if p.ikev2_profile else "IKEv1"

        why = f"IKE versions differ ({a.name}: {version(pa)}; {b.name}: {version(pb)})"
        return Negotiation(False, "ike", f"IKE fails: {why}")
    ike = _ikev2(a, b) if pa.ikev2_profile is not None else _ikev1(a, b)
    return _ipsec(ike, a, b, nat) if ike.ok else ike
