"""The counting rule and the spoke-related part, checked on the deck's own hub text."""

from __future__ import annotations

from pathlib import Path

from dmvpnprov.savings.baseline import count_lines, spoke_related, spoke_related_lines
from dmvpnprov.savings.deck import DECK_HUB, deck_differences
from dmvpnprov.savings.model import DECK

DECK_HUB_CFG = (Path(__file__).parent / "deck_hub.cfg").read_text(encoding="utf-8")


def test_deck_hub_text_counts_sixteen_spoke_related_lines() -> None:
    # The deck's "16 lines" are its Tunnel0 section (15) plus the wildcard ISAKMP key.
    assert spoke_related(DECK_HUB_CFG) == DECK["dmvpn_lines"]
    lines = spoke_related_lines(DECK_HUB_CFG)
    assert lines[0].startswith("crypto isakmp key")
    assert sum(1 for line in lines if line.startswith((" ", "interface Tunnel"))) == 15
    differences = deck_differences(lines, ())
    assert len(differences) == 1 and differences[0].startswith("static block")


def test_deck_signatures_match_the_deck_text_one_to_one() -> None:
    assert len(DECK_HUB) == spoke_related(DECK_HUB_CFG)
    assert not any(
        "DMVPN hub" in d for d in deck_differences(spoke_related_lines(DECK_HUB_CFG), ())
    )


def test_comments_blanks_and_end_do_not_count() -> None:
    text = "!\n\n   \n! a comment\ninterface Tunnel1\n ip mtu 1416\n!\nend\n"
    assert count_lines(text) == 2


def test_whole_config_counts_every_command_and_subcommand() -> None:
    # 30 configuration lines in the deck's hub text, one comment header and `!` separators.
    assert count_lines(DECK_HUB_CFG) == len(
        [ln for ln in DECK_HUB_CFG.splitlines() if ln.strip() and not ln.startswith("!")]
    )


def test_sections_that_exist_in_every_design_are_not_spoke_related() -> None:
    text = (
        "crypto isakmp policy 1\n authentication pre-share\n"
        "crypto ipsec profile p\n set transform-set t\n"
    )
    assert spoke_related(text) == 0


def test_bgp_neighbour_lines_are_spoke_related_wherever_they_are() -> None:
    text = "router bgp 65000\n bgp log-neighbor-changes\n neighbor 10.0.0.2 remote-as 65000\n"
    assert spoke_related_lines(text) == [" neighbor 10.0.0.2 remote-as 65000"]
