"""Display rules as data: spellings and defaults per release."""

from __future__ import annotations

import pytest

from dmvpnprov.core.configtree import parse, remediation_text
from dmvpnprov.core.display import DEFAULTS, SPELLINGS, canonical, displayed, normalise

POLICY = "crypto isakmp policy 10"


@pytest.mark.parametrize(
    ("release", "expected"),
    [
        ("12.4(15)T", "encr aes 256"),
        ("15.2(4)M3", "encr aes 256"),
        ("17.3.4a", "encr aes 256"),
        ("12.4(25d)", "encryption aes 256"),
        ("12.2(13)T", "encryption aes 256"),
    ],
)
def test_encr_spelling_per_release(release: str, expected: str) -> None:
    for typed in ("encryption aes 256", "encr aes 256"):
        assert canonical(POLICY, typed, release) == expected


@pytest.mark.parametrize(
    ("parent", "line"),
    [
        (POLICY, "hash sha"),
        (POLICY, "lifetime 86400"),
        (POLICY, "encryption des"),
        ("crypto ipsec transform-set T esp-aes 256 esp-sha-hmac", "mode tunnel"),
        ("interface Tunnel0", "ip nhrp holdtime 7200"),
    ],
)
def test_defaults_compare_as_absent(parent: str, line: str) -> None:
    assert canonical(parent, line, "15.2(4)M3") is None


def test_a_changed_default_is_fixed_by_removing_it() -> None:
    running = normalise(parse(f"{POLICY}\n encr aes 256\n hash md5\n"), "15.2(4)M3")
    intended = normalise(parse(f"{POLICY}\n encryption aes 256\n hash sha\n"), "15.2(4)M3")
    assert remediation_text(running, intended).split("\n") == [POLICY, "  no hash md5"]


def test_shown_defaults_and_dhcp_options_settle() -> None:
    text = (
        f"{POLICY}\n encr aes 256\n hash sha\n lifetime 86400\n"
        "interface Dialer1\n ip address dhcp hostname R1\n"
    )
    want = f"{POLICY}\n encryption aes 256\ninterface Dialer1\n ip address dhcp\n"
    assert (
        remediation_text(normalise(parse(text), "15.1(4)M"), normalise(parse(want), "15.1(4)M"))
        == ""
    )


def test_the_lab_view_hides_or_shows_defaults_per_release() -> None:
    tset = "crypto ipsec transform-set T esp-aes 256 esp-sha-hmac"
    assert displayed(tset, "mode tunnel", "12.4(15)T") is None
    assert displayed(tset, "mode tunnel", "15.2(4)M3") == "mode tunnel"
    assert displayed(POLICY, "encryption aes", "15.2(4)M3") == "encr aes"


def test_every_rule_names_its_source() -> None:
    assert all(r.source for r in SPELLINGS)
    assert all(r.source for r in DEFAULTS)
