"""Release rules: each router's IOS release must run on its platform and have every
feature its design asks for.

All release facts come from :mod:`dmvpnprov.core.platforms` (the one capability table that
render, the lab and the audit read too); this module only decides which features a
router's inventory asks for: Phase 3, IKEv2, AES-GCM, DH group 14, the one-line NHS,
``registration no-unique`` for a DHCP spoke, ``tunnel protection ... shared`` for two
clouds on one source, BGP dynamic neighbours on a hub.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from dmvpnprov.core.errors import Problem
from dmvpnprov.core.models import Cloud, CryptoProfile, IkeV2Settings, Router
from dmvpnprov.core.platforms import (
    FEATURES,
    PLATFORMS,
    WEAK_CRYPTO,
    WEAK_CRYPTO_SOURCE,
    XE_PLATFORMS,
    IosRelease,
    refuses_weak_crypto,
    release_within_platform,
)
from dmvpnprov.core.routing import CloudFacts, protocol_of
from dmvpnprov.inventory.validation import Context, Rule

__all__ = ["RELEASE_RULES", "needed_features"]


@lru_cache(maxsize=4096)
def _has(release: IosRelease, key: str) -> bool:
    return FEATURES[key].available_in(release)


def _crypto_needs(profile: CryptoProfile) -> Iterator[tuple[str, str]]:
    what = f"crypto profile {profile.name}"
    if profile.ike_version == 2:
        yield "ikev2", what
    if any(t.startswith("esp-gcm") for t in profile.transform_set.transforms):
        yield "esp_gcm", what
    if profile.ike_version == 1 and profile.isakmp.group in (14, 15, 16):
        yield "dh_group14", f"{what} (isakmp group {profile.isakmp.group})"
    if profile.pfs_group == "group14":
        yield "dh_group14", f"{what} (set pfs group14)"
    if profile.ike_version == 1:
        yield from _ikev1_needs(profile, what)
        if profile.invalid_spi_recovery:
            yield "isakmp_invalid_spi_recovery", f"{what} (invalid_spi_recovery)"
    elif profile.ikev2 is not None or profile.ike_version == 2:
        yield from _ikev2_needs(profile, what)
    if profile.pfs_group in ("group19", "group20"):
        yield "pfs_ecdh", f"{what} (set pfs {profile.pfs_group})"


def _ikev1_needs(profile: CryptoProfile, what: str) -> Iterator[tuple[str, str]]:
    policy = profile.isakmp
    if (policy.encryption or "").startswith("aes"):
        yield "isakmp_aes", what
    if policy.hash in ("sha256", "sha384", "sha512"):
        yield "isakmp_sha2", f"{what} (isakmp hash {policy.hash})"
    if policy.group in (19, 20):
        yield "isakmp_ecdh", f"{what} (isakmp group {policy.group})"
    if policy.group == 24:
        yield "isakmp_group24", f"{what} (isakmp group 24)"


def _ikev2_needs(profile: CryptoProfile, what: str) -> Iterator[tuple[str, str]]:
    settings = profile.ikev2 or IkeV2Settings()
    if any(e.startswith("aes-gcm") for e in settings.encryption):
        yield "ikev2_gcm", f"{what} (ikev2 encryption {' '.join(settings.encryption)})"
    if settings.prf:
        yield "ikev2_prf", f"{what} (ikev2 prf {' '.join(settings.prf)})"


def _cloud_needs(
    router: Router, cloud: Cloud, profile: CryptoProfile | None, hubs: int = 1
) -> Iterator[tuple[str, str]]:
    what = f"cloud {cloud.name}"
    if cloud.phase == 3:
        yield "nhrp_phase3", f"{what} (phase 3)"
    if cloud.nhs_one_line and (not router.is_hub or hubs > 1):  # hubs register with hubs
        yield "nhrp_nhs_nbma", f"{what} (nhs_one_line)"
    protocol = protocol_of(cloud.routing)
    facts = CloudFacts(cloud.name, cloud.phase)
    for key, why in protocol.needed_features(cloud.routing, router.is_hub, facts):
        yield key, f"{what} ({why})"
    if not router.is_hub and (cloud.nhs_priority or cloud.nhs_max_connections or
                              cloud.nhs_fallback is not None):  # fmt: skip
        yield "nhrp_nhs_cluster", f"{what} (nhs_priority/nhs_max_connections/nhs_fallback)"
    if not router.is_hub and cloud.if_state_nhrp:
        yield "if_state_nhrp", f"{what} (if_state_nhrp)"
    if cloud.tcp_adjust_mss is not None:
        yield "ip_tcp_adjust_mss", f"{what} (tcp_adjust_mss)"
    if profile is not None:
        yield from _crypto_needs(profile)


def needed_features(router: Router, ctx: Context) -> dict[str, str]:
    """Feature key -> the first part of the inventory that asks for it."""
    needs: dict[str, str] = {"dmvpn": "DMVPN itself"}
    for tunnel in router.tunnels:
        cloud = ctx.clouds.get(tunnel.cloud)
        if cloud is not None:
            profile = ctx.profiles.get(cloud.crypto_profile)
            hubs = ctx.hub_counts.get(cloud.name, 0)
            for key, why in _cloud_needs(router, cloud, profile, hubs):
                needs.setdefault(key, why)
    if router.nbma.address == "dhcp" and not router.is_hub:
        needs.setdefault("nhrp_registration_no_unique", "a DHCP NBMA address")
    if len(router.tunnels) > 1:
        needs.setdefault("tunnel_protection_shared", "two tunnels on one tunnel source")
    return needs


def _platform_problem(router: Router, release: IosRelease) -> str | None:
    info = PLATFORMS[router.platform]
    if router.platform in XE_PLATFORMS and not release.is_xe:
        return f"{release} is classic IOS; the {router.platform.value} runs IOS-XE (16.x/17.x)"
    if router.platform not in XE_PLATFORMS and release.is_xe:
        return f"{release} is IOS-XE; the {router.platform.value} runs classic IOS only"
    if not release_within_platform(router.platform, release):
        last = f"{info.max_release}" + (
            f" or mainline {info.mainline_max}" if info.mainline_max else ""
        )
        return (
            f"{release} is newer than the {router.platform.value} can run "
            f"(last: {last}; {info.source})"
        )
    return None


def _messages(router: Router, ctx: Context) -> list[str]:
    try:
        release = IosRelease.parse(router.ios_release)
    except ValueError as exc:
        return [str(exc)]
    message = _platform_problem(router, release)
    messages = [message] if message else []
    for key, why in needed_features(router, ctx).items():
        if not _has(release, key):
            feature = FEATURES[key]
            since = " / ".join(feature.since)
            instead = f"; instead: {feature.instead}" if feature.instead else ""
            messages.append(
                f"IOS {release} lacks {feature.description}, needed by {why}; "
                f"it needs {since} or later{instead} ({feature.source})"
            )
    return messages


def release_features(ctx: Context) -> Iterator[Problem]:
    """A release that does not parse, does not fit the platform, or lacks a feature.

    Routers alike in everything these checks read share one answer (a 10,000-spoke
    fleet has a handful of kinds of router).
    """
    answers: dict[tuple[object, ...], list[str]] = {}
    for router in ctx.routers:
        kind = (
            router.ios_release,
            router.platform,
            router.role,
            router.nbma.address == "dhcp",
            tuple(t.cloud for t in router.tunnels),
        )
        if kind not in answers:
            answers[kind] = _messages(router, ctx)
        for message in answers[kind]:
            yield ctx.at(router, "ios_release", "ios_release", message)


def _weak_values(profile: CryptoProfile) -> Iterator[tuple[str, str]]:
    """(field, value) of every algorithm FN72510 names that ``profile`` uses."""
    if profile.ike_version == 1:
        policy = profile.isakmp
        # Unset fields are the IOS defaults: des, sha, group 1.
        yield "isakmp.encryption", policy.encryption or "des"
        yield "isakmp.hash", policy.hash or "sha"
        yield "isakmp.group", str(policy.group or 1)
    else:
        settings = profile.ikev2 or IkeV2Settings()
        for name in ("encryption", "integrity", "group"):
            for value in getattr(settings, name):
                yield f"ikev2.{name}", str(value)
    for transform in profile.transform_set.transforms:
        yield "transform_set.transforms", (transform.split() or [""])[0]
    if profile.pfs_group:
        yield "pfs_group", profile.pfs_group


def weak_crypto_on_xe(ctx: Context) -> Iterator[Problem]:
    """IOS-XE 17.11+ refuses DES, 3DES, MD5, DH 1/2/5 and weak PFS by default (FN72510)."""
    weak: dict[str, list[str]] = {}
    for name, profile in ctx.profiles.items():
        found = [f"{f} {v}" for f, v in _weak_values(profile) if v in WEAK_CRYPTO.get(f, ())]
        if found:
            weak[name] = found
    if not weak:
        return
    for router in ctx.routers:
        try:
            if not refuses_weak_crypto(router.ios_release):
                continue
        except ValueError:
            continue  # reported by release_features
        for tunnel in router.tunnels:
            cloud = ctx.clouds.get(tunnel.cloud)
            if cloud is None or cloud.crypto_profile not in weak:
                continue
            msg = (
                f"IOS-XE {router.ios_release} refuses by default what crypto profile "
                f"{cloud.crypto_profile} uses ({', '.join(weak[cloud.crypto_profile])}): IPsec "
                "would not come up; use aes 256 / sha256 / group 14 or 19 / esp-aes 256 "
                f"esp-sha256-hmac or esp-gcm 256, pfs group14 or group19 ({WEAK_CRYPTO_SOURCE})"
            )
            yield ctx.at(router, "ios_release", "ios_release", msg)
            break


RELEASE_RULES: tuple[Rule, ...] = (release_features, weak_crypto_on_xe)
