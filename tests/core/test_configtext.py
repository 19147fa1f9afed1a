"""The parser front end: every form IOS, RANCID and Oxidized store parses, and a parse
error never quotes a config line."""

from __future__ import annotations

import pytest

from dmvpnprov.core.configtext import NotAConfigError, decode, dedupe, looks_truncated
from dmvpnprov.core.configtree import parse, remediation_text

TUNNEL = "interface Tunnel0\n ip mtu 1400\n"


def _tops(text: str) -> list[str]:
    return [c.text for c in parse(text).children]


@pytest.mark.parametrize(
    "banner",
    [
        "banner motd ^C text ^C",
        "banner exec ^CC",
        "banner login ^C\nAuthorised access only\n! not a comment\nend\n^C",
        "banner motd #\nline one\nline two#",
        "banner incoming %one line%",
        "banner motd ^C\n^C",
        "banner exec ^C",  # never closed (truncated): the line alone
    ],
)
def test_every_banner_form_parses_and_keeps_the_config_after_it(banner: str) -> None:
    text = f"hostname r1\n{banner}\n{TUNNEL}line vty 0 4\n login local\n"
    tops = _tops(text)
    assert "interface Tunnel0" in tops
    assert "line vty 0 4" in tops
    assert remediation_text(text, TUNNEL) == ""


def test_two_different_banners_stay_different() -> None:
    one = parse("banner motd ^C one ^C\n")
    two = parse("banner motd ^C two ^C\n")
    assert one.children[0].text != two.children[0].text


def test_crlf_tabs_and_latin1_bytes() -> None:
    raw = "hostname r1\r\nbanner motd ^C Caf\xe9 ^C\r\ninterface Tunnel0\r\n\tip mtu 1400\r\n"
    text = decode(raw.encode("latin-1"), "r1")
    assert "interface Tunnel0" in _tops(text)
    assert remediation_text(text, TUNNEL) == ""


def test_certificate_bodies_are_dropped_but_the_chain_kept() -> None:
    text = (
        "crypto pki certificate chain TP\n certificate self-signed 01\n"
        "  3082022B 30820194 A0030201 02020101\n  3082022B 30820194 A0030201 02020101\n"
        "  \tquit\n" + TUNNEL
    )
    tree = parse(text)
    chain = tree.get_child(equals="crypto pki certificate chain TP")
    assert chain is not None
    assert [c.text for c in chain.all_children()] == ["certificate self-signed 01"]
    assert remediation_text(text, TUNNEL) == ""


def test_duplicated_lines_do_not_crash_planning() -> None:
    text = (
        "crypto isakmp key sup3rs3cret address 0.0.0.0\n"
        "crypto isakmp key sup3rs3cret address 0.0.0.0\n"
        "interface Tunnel0\n ip mtu 1400\n ip mtu 1400\n"
        "interface Tunnel0\n ip nhrp holdtime 300\n"
    )
    fix = remediation_text(text, TUNNEL + " ip nhrp holdtime 600\n")
    assert fix.split("\n") == ["interface Tunnel0", "  ip nhrp holdtime 600"]


def test_dedupe_merges_repeated_sections_and_drops_repeated_lines() -> None:
    assert dedupe(["a", " x", " x", "a", "  y", "b"]) == ["a", " x", " y", "b"]


def test_binary_data_is_not_a_config() -> None:
    with pytest.raises(NotAConfigError, match="r9: not a config"):
        decode(bytes(range(256)) * 4, "r9")


def test_truncation_is_noticed() -> None:
    assert looks_truncated("Building configuration...\nhostname r1\ninterface Tun")
    assert not looks_truncated("hostname r1\n")  # no framing: nothing to judge by
