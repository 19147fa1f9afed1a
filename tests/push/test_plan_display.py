"""push's delta compares as the router's release prints (core/display), without a lab."""

from __future__ import annotations

from dmvpnprov.push.plan import delta

POLICY = "crypto isakmp policy 10\n"


def test_encr_spelling_is_not_resent_on_a_release_that_prints_it() -> None:
    running = POLICY + " encr aes 256\n authentication pre-share\n"
    intended = POLICY + " encryption aes 256\n authentication pre-share\n"
    assert delta(running, intended, ()) == [
        POLICY.strip(),
        " no encr aes 256",
        " encryption aes 256",
    ]
    assert delta(running, intended, (), release="15.2(4)M3") == []


def test_a_hidden_default_is_not_pushed_again() -> None:
    tset = "crypto ipsec transform-set T esp-aes esp-sha-hmac\n"
    assert delta(tset, tset + " mode tunnel\n", (), release="12.4(15)T") == []
    # a changed value is still pushed
    assert delta(tset, tset + " mode transport\n", (), release="12.4(15)T") == [
        tset.strip(),
        " mode transport",
    ]


def test_dhcp_options_dmvpnprov_does_not_manage_are_kept() -> None:
    running = "interface Dialer1\n ip address dhcp hostname R1\n"
    intended = "interface Dialer1\n ip address dhcp\n"
    assert delta(running, intended, ()) != []  # text alone would drop the hostname
    assert delta(running, intended, (), release="15.1(4)M") == []
