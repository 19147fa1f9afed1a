"""Every feature of the capability table is enforced by the lab, at the caret."""

from __future__ import annotations

import pytest

from dmvpnprov.core.platforms import FEATURES, IosRelease
from tests.support.terminal import Term

# feature -> (configuration path to the line, the line, the word the caret points at)
SAMPLES: dict[str, tuple[tuple[str, ...], str, str]] = {
    "bgp_dynamic_neighbors": (
        ("router bgp 65000",),
        "bgp listen range 10.0.0.0/24 peer-group SPOKES",
        "listen",
    ),
    "dmvpn": (("interface Tunnel0",), "ip nhrp map multicast dynamic", "dynamic"),
    "ipsec_profile": ((), "crypto ipsec profile vpnprof", "profile"),
    "nhrp_phase3": (("interface Tunnel0",), "ip nhrp redirect", "redirect"),
    "nhrp_nhs_nbma": (("interface Tunnel0",), "ip nhrp nhs 10.0.0.1 nbma 1.1.1.1", "nbma"),
    "nhrp_registration_no_unique": (
        ("interface Tunnel0",),
        "ip nhrp registration no-unique",
        "no-unique",
    ),
    "tunnel_protection_shared": (
        ("interface Tunnel0",),
        "tunnel protection ipsec profile vpnprof shared",
        "shared",
    ),
    "ikev2": ((), "crypto ikev2 proposal P", "ikev2"),
    "ikev2_profile_ref": (
        ("crypto ipsec profile vpnprof",),
        "set ikev2-profile P",
        "ikev2-profile",
    ),
    "esp_gcm": ((), "crypto ipsec transform-set T esp-gcm 256", "esp-gcm"),
    "dh_group14": (("crypto isakmp policy 1",), "group 14", "14"),
    "isakmp_aes": (("crypto isakmp policy 1",), "encryption aes 256", "aes"),
    "config_replace": ((), "archive", "archive"),
    "ip_tcp_adjust_mss": (("interface Tunnel0",), "ip tcp adjust-mss 1360", "adjust-mss"),
    "eigrp_no_next_hop_self": (
        ("interface Tunnel0",),
        "no ip next-hop-self eigrp 1",
        "next-hop-self",
    ),
    "isakmp_sha2": (("crypto isakmp policy 1",), "hash sha256", "sha256"),
    "isakmp_ecdh": (("crypto isakmp policy 1",), "group 19", "19"),
    "isakmp_group24": (("crypto isakmp policy 1",), "group 24", "24"),
    "pfs_ecdh": (("crypto ipsec profile vpnprof",), "set pfs group19", "group19"),
    "ikev2_gcm": (("crypto ikev2 proposal P",), "encryption aes-gcm-256", "aes-gcm-256"),
    "ikev2_prf": (("crypto ikev2 proposal P",), "prf sha384", "prf"),
    "isakmp_invalid_spi_recovery": (
        (),
        "crypto isakmp invalid-spi-recovery",
        "invalid-spi-recovery",
    ),
    "nhrp_nhs_cluster": (("interface Tunnel0",), "ip nhrp nhs 10.0.0.1 priority 1", "priority"),
    "if_state_nhrp": (("interface Tunnel0",), "if-state nhrp", "nhrp"),
    "vrf_definition": ((), "vrf definition INET", "definition"),
    "bgp_next_hop_self_all": (
        ("router bgp 65000",),
        "neighbor SPOKES next-hop-self all",
        "all",
    ),
}
OLDEST = "12.2(1)"  # older than every feature of the table
# where the path itself needs a feature: a release with the path's, without the line's
OLD_RELEASE = {
    "ikev2_profile_ref": "12.4(15)T",
    "tunnel_protection_shared": "12.3(26)",
    "bgp_dynamic_neighbors": "15.0(1)M",
    "pfs_ecdh": "12.4(15)T",
    "ikev2_gcm": "15.1(4)M",
    "ikev2_prf": "15.1(4)M",
}
NEWEST = "15.5(3)M"


def test_every_feature_with_config_lines_has_a_sample() -> None:
    with_lines = {key for key, f in FEATURES.items() if f.patterns}
    assert with_lines == set(SAMPLES)


@pytest.mark.parametrize("key", sorted(SAMPLES))
def test_line_is_rejected_without_the_feature_and_accepted_with_it(key: str) -> None:
    path, line, word = SAMPLES[key]
    feature = FEATURES[key]
    assert feature.matches(line, path[-1] if path else None)
    release = OLD_RELEASE.get(key, OLDEST)
    assert not feature.available_in(release)
    old = Term(release=release)
    out = old.type("configure terminal", *path, line)
    assert "% Invalid input detected at '^' marker." in out
    echo = next(ln for ln in out.split("\n") if ln.endswith("#" + line))
    caret = out.split("\n")[out.split("\n").index(echo) + 1]
    assert caret.index("^") == echo.index("#") + 1 + line.index(word)
    assert IosRelease.parse(NEWEST) >= IosRelease.parse(feature.since[0])
    new = Term(release=NEWEST)
    out = new.type("configure terminal", *path, line)
    assert "%" not in out
