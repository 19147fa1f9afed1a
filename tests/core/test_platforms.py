"""The capability table against the facts the Foundation issue states, and release order."""

from __future__ import annotations

import dataclasses

import pytest

from dmvpnprov.core.hardware import HARDWARE
from dmvpnprov.core.iossyntax import INTERFACE_TYPES
from dmvpnprov.core.platforms import (
    FEATURES,
    PLATFORMS,
    IosRelease,
    Platform,
    PlatformInfo,
    UnknownFeatureError,
    has_feature,
    interface_on_platform,
    missing_features,
    release_within_platform,
)


@pytest.mark.parametrize(
    ("older", "newer"),
    [
        ("12.2(13)T", "12.2(15)T"),
        ("12.4(6)T", "12.4(15)T7"),  # same train, later maintenance and rebuild
        ("12.4(15)T", "12.4(15)T14"),
        ("12.2(13)T", "12.3(1)"),  # a T feature is in every later major line
        ("12.4(6)T", "15.0(1)M"),
        ("12.4(6)T", "17.3.4a"),  # IOS-XE has every classic feature we use
        ("12.4(5)", "12.4(25d)"),  # mainline feature in later mainline
        ("12.4(5)", "12.4(6)T"),  # ... and in the T train of the same version
    ],
)
def test_release_order_across_trains(older: str, newer: str) -> None:
    assert IosRelease.parse(older) <= IosRelease.parse(newer)


@pytest.mark.parametrize(
    ("since", "release"),
    [
        ("12.4(6)T", "12.4(25)"),  # a T feature is NOT in the mainline of the same version
        ("12.4(15)T", "12.4(6)T"),
        ("15.1(1)T", "12.4(24)T"),
    ],
)
def test_release_without_a_feature(since: str, release: str) -> None:
    assert not IosRelease.parse(since) <= IosRelease.parse(release)


# The facts the issue states, each checked just before and at the introducing release.
ISSUE_FACTS = [
    ("dmvpn", "12.2(11)T", "12.2(13)T"),
    ("nhrp_phase3", "12.4(4)T", "12.4(6)T"),
    ("ikev2", "12.4(24)T", "15.1(1)T"),
    ("nhrp_nhs_nbma", "12.4(24)T", "15.1(2)T"),
]


@pytest.mark.parametrize(("feature", "without", "with_"), ISSUE_FACTS)
def test_issue_facts(feature: str, without: str, with_: str) -> None:
    assert not has_feature(without, feature)
    assert has_feature(with_, feature)
    assert has_feature("15.2(4)M3", feature)


def test_phase3_not_in_mainline_of_its_version() -> None:
    assert not has_feature("12.4(25d)", "nhrp_phase3")
    assert has_feature("12.4(15)T14", "nhrp_phase3")


def test_one_line_nhs_is_15x_only() -> None:
    assert not has_feature("12.4(24)T8", "nhrp_nhs_nbma")
    assert has_feature("15.1(4)M", "nhrp_nhs_nbma")


def test_bgp_dynamic_neighbours() -> None:
    assert not has_feature("12.4(24)T", "bgp_dynamic_neighbors")
    assert has_feature("15.1(2)T", "bgp_dynamic_neighbors")
    assert has_feature("15.2(4)M", "bgp_dynamic_neighbors")


def test_every_feature_has_a_source_and_parsable_releases() -> None:
    for key, feature in FEATURES.items():
        assert feature.key == key
        assert feature.source.strip(), key
        assert feature.since, key
        for release in feature.since:
            IosRelease.parse(release)


def test_unknown_feature_lists_the_known_ones() -> None:
    with pytest.raises(UnknownFeatureError) as info:
        has_feature("15.1(4)M", "warp_drive")
    assert "nhrp_phase3" in str(info.value)


@pytest.mark.parametrize("text", ["12.4", "twelve", "12.4-15T", "15.1(4", ""])
def test_unparsable_release_says_how_to_write_it(text: str) -> None:
    with pytest.raises(ValueError, match=r"12\.4\(15\)T7"):
        IosRelease.parse(text)


def test_missing_features_of_config_lines() -> None:
    keys = [
        f.key
        for f in missing_features(
            "12.4(15)T", "ip nhrp nhs 10.0.0.1 nbma 1.1.1.1 multicast", "interface Tunnel0"
        )
    ]
    assert keys == ["nhrp_nhs_nbma"]
    assert missing_features("12.4(15)T", "ip nhrp nhs 10.0.0.1", "interface Tunnel0") == []
    assert [f.key for f in missing_features("12.4(15)T", "crypto ikev2 proposal P")] == ["ikev2"]


@pytest.mark.parametrize(
    ("platform", "release", "fits"),
    [
        (Platform.C3725, "12.4(15)T14", True),
        (Platform.C3725, "15.0(1)M", False),
        (Platform.C2600, "12.3(26)", True),
        (Platform.C2600, "12.4(3)", False),
        (Platform.C7200, "15.2(4)M3", True),
        (Platform.C7200, "15.3(1)T", False),
        (Platform.C1700, "12.4(15)T", True),
        (Platform.C3725, "17.3.4a", False),  # IOS-XE on a classic box
        (Platform.ISR4000, "17.3.4a", True),
    ],
)
def test_release_within_platform(platform: Platform, release: str, fits: bool) -> None:
    assert release_within_platform(platform, release) is fits


def test_every_platform_has_a_source() -> None:
    assert set(PLATFORMS) == set(Platform)
    assert all(info.source for info in PLATFORMS.values())


# Facts a platform may leave empty, and why: a current platform has no release ceiling;
# only a platform whose 12.4 mainline outlived its T train has a separate mainline ceiling.
_MAY_BE_NONE = {"max_release", "mainline_max"}


@pytest.mark.parametrize("platform", list(Platform), ids=lambda p: p.value)
def test_every_platform_has_every_fact(platform: Platform) -> None:
    info = PLATFORMS[platform]
    assert info.platform is platform
    for fact in dataclasses.fields(PlatformInfo):
        value = getattr(info, fact.name)
        if value is None:
            assert fact.name in _MAY_BE_NONE, f"{platform.value}: {fact.name} is not set"
            continue
        assert value not in ("", (), {}), f"{platform.value}: {fact.name} is empty"
    if info.max_release is not None:
        assert release_within_platform(platform, info.max_release)
    for interface in (info.default_nbma_interface, info.default_lan_interface):
        assert interface.rstrip("0123456789/") in INTERFACE_TYPES, (platform.value, interface)
        assert interface_on_platform(platform, interface), (platform.value, interface)
    assert info.write_memory_seconds > 0


@pytest.mark.parametrize("platform", list(Platform), ids=lambda p: p.value)
def test_port_names_have_one_source_the_hardware_reads(platform: Platform) -> None:
    ports = PLATFORMS[platform].ports
    assert ports and HARDWARE[platform].interfaces is ports
    # every port of the modelled box passes validation (on main the ISR4331's
    # management GigabitEthernet0 and the 1700's Serial0 were refused)
    assert all(interface_on_platform(platform, name) for name in ports)


CHECKED_FACTS = (
    "isakmp_sha2", "isakmp_ecdh", "isakmp_group24", "pfs_ecdh", "ikev2_gcm", "ikev2_prf",
    "nhrp_nhs_cluster", "if_state_nhrp", "vrf_definition", "bgp_next_hop_self_all",
)  # fmt: skip


@pytest.mark.parametrize("key", CHECKED_FACTS)
def test_release_facts_say_how_far_they_were_checked(key: str) -> None:
    evidence = FEATURES[key].evidence
    status, _, detail = evidence.partition(": ")
    assert status in {"verified", "consistent", "unverified"} and detail, key
    if status != "unverified":
        assert "https://" in detail or "http://" in detail, key
