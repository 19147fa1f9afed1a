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
from dmvpnprov.core.models import Cloud, CryptoProfile, Router
from dmvpnprov.core.platforms import (
    FEATURES,
    PLATFORMS,
    IosRelease,
    Platform,
    release_within_platform,
)
from dmvpnprov.core.routing import protocol_of
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
    if profile.ike_version == 1 and (profile.isakmp.encryption or "").startswith("aes"):
        yield "isakmp_aes", what


def _cloud_needs(
    router: Router, cloud: Cloud, profile: CryptoProfile | None
) -> Iterator[tuple[str, str]]:
    what = f"cloud {cloud.name}"
    if cloud.phase == 3:
        yield "nhrp_phase3", f"{what} (phase 3)"
    if cloud.nhs_one_line and not router.is_hub:
        yield "nhrp_nhs_nbma", f"{what} (nhs_one_line)"
    for key, why in protocol_of(cloud.routing).needed_features(cloud.routing, router.is_hub):
        yield key, f"{what} ({why})"
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
            for key, why in _cloud_needs(router, cloud, profile):
                needs.setdefault(key, why)
    if router.nbma.address == "dhcp" and not router.is_hub:
        needs.setdefault("nhrp_registration_no_unique", "a DHCP NBMA address")
    if len(router.tunnels) > 1:
        needs.setdefault("tunnel_protection_shared", "two tunnels on one tunnel source")
    return needs


def _platform_problem(router: Router, release: IosRelease) -> str | None:
    info = PLATFORMS[router.platform]
    if router.platform is Platform.ISR4000 and not release.is_xe:
        return f"{release} is classic IOS; the ISR4000 runs IOS-XE (16.x/17.x)"
    if router.platform is not Platform.ISR4000 and release.is_xe:
        return f"{release} is IOS-XE; the {router.platform.value} runs classic IOS only"
    if not release_within_platform(router.platform, release):
        return (
            f"{release} is newer than the {router.platform.value} can run "
            f"(last: {info.max_release}; {info.source})"
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
            messages.append(
                f"IOS {release} lacks {feature.description}, needed by {why}; "
                f"it needs {since} or later ({feature.source})"
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


RELEASE_RULES: tuple[Rule, ...] = (release_features,)
