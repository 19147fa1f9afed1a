"""The baselines: every per-spoke figure is derived from rendered text, and holds for any N."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from dmvpnprov.core.errors import UserError
from dmvpnprov.core.models import Fleet
from dmvpnprov.savings.baseline import count_lines, render_baseline, render_device, spoke_related
from dmvpnprov.savings.measure import measure
from dmvpnprov.savings.peering import NUMBERED_ACLS, Design, baseline_device
from dmvpnprov.savings.whatif import fleet_with_spokes


def _hub_text(fleet: Fleet, n: int) -> str:
    grown = fleet_with_spokes(fleet, n)
    return render_baseline(grown, grown.hubs[0], Design.STATIC_HUB)


@pytest.mark.parametrize("n", [1, 2, 3, 7, 50, 300])
def test_static_hub_is_fixed_part_plus_n_blocks(example: Fleet, n: int) -> None:
    m = measure(example, example.hubs[0], Design.STATIC_HUB, None)
    text = _hub_text(example, n)
    assert spoke_related(text) == m.related.fixed + n * m.related.numbered
    assert count_lines(text) == m.total.fixed + n * m.total.numbered


def test_blocks_past_800_peers_use_named_acls_and_the_formula_still_holds(example: Fleet) -> None:
    m = measure(example, example.hubs[0], Design.STATIC_HUB, None)
    assert m.related.named == m.related.numbered + 1  # `ip access-list extended` + `permit`
    for n in (NUMBERED_ACLS, NUMBERED_ACLS + 1, NUMBERED_ACLS + 2):
        text = _hub_text(example, n)
        assert spoke_related(text) == m.related.lines(n)
        assert count_lines(text) == m.total.lines(n)
    assert "access-list 2699 permit gre" in text
    assert "ip access-list extended GRE-PEER-801" in text


def test_fixed_part_equals_a_hub_rendered_with_no_spoke(example: Fleet) -> None:
    m = measure(example, example.hubs[0], Design.STATIC_HUB, None)
    grown = fleet_with_spokes(example, 1)
    device = baseline_device(grown, grown.hubs[0], Design.STATIC_HUB)
    empty = render_device(replace(device, peers=()))
    assert spoke_related(empty) == m.related.fixed == 0
    assert count_lines(empty) == m.total.fixed


def test_the_deck_network_gives_the_deck_13_lines_per_spoke(deck: Fleet) -> None:
    m = measure(deck, deck.hubs[0], Design.STATIC_HUB, None)
    assert m.related.numbered == 13
    assert len(m.block_text) == 13


def test_mss_setting_adds_one_line_per_static_tunnel(example: Fleet, deck: Fleet) -> None:
    ours = measure(example, example.hubs[0], Design.STATIC_HUB, None)
    theirs = measure(deck, deck.hubs[0], Design.STATIC_HUB, None)
    assert example.clouds["dmvpn1"].tcp_adjust_mss is not None
    assert ours.related.numbered == theirs.related.numbered + 1
    assert any("ip tcp adjust-mss" in line for line in ours.block_text)


@pytest.mark.parametrize("n", [2, 3, 5, 9, 17])
def test_full_mesh_spoke_grows_by_one_block_per_other_spoke(example: Fleet, n: int) -> None:
    m = measure(example, example.spokes[0], Design.MESH_SPOKE, None)
    grown = fleet_with_spokes(example, n)
    text = render_baseline(grown, grown.spokes[0], Design.MESH_SPOKE)
    hubs = 1
    assert spoke_related(text) == m.related.fixed + (hubs + n - 1) * m.related.numbered
    assert spoke_related(text) == m.related.lines(hubs + n - 1)
    assert text.count("interface Tunnel") == hubs + n - 1


def test_static_spoke_has_one_tunnel_per_hub(example: Fleet) -> None:
    spoke = example.spokes[0]
    text = render_baseline(example, spoke, Design.STATIC_SPOKE)
    assert text.count("interface Tunnel") == 1
    hub_public = str(example.hubs[0].nbma.address).split("/")[0]
    assert f"tunnel destination {hub_public}" in text
    assert f"set peer {hub_public}" in text


def test_hub_and_spoke_ends_of_a_link_agree(example: Fleet) -> None:
    hub_dev = baseline_device(example, example.hubs[0], Design.STATIC_HUB)
    spoke_dev = baseline_device(example, example.spokes[0], Design.STATIC_SPOKE)
    hub_end, spoke_end = hub_dev.peers[0], spoke_dev.peers[0]
    assert hub_end.address.network == spoke_end.address.network
    assert hub_end.remote_tunnel == spoke_end.address.ip
    assert hub_end.remote_public == spoke_end.local_public


def test_keys_are_never_real_secrets(example: Fleet) -> None:
    text = render_baseline(example, example.hubs[0], Design.STATIC_HUB)
    keys = [ln for ln in text.splitlines() if ln.startswith("crypto isakmp key")]
    assert keys and all(" ******** address " in ln for ln in keys)


def test_dhcp_spoke_gets_a_documentation_placeholder(example: Fleet) -> None:
    dhcp = [s for s in example.spokes if s.nbma.address == "dhcp"]
    assert dhcp, "the example inventory has a DHCP spoke"
    text = render_baseline(example, example.hubs[0], Design.STATIC_HUB)
    assert "tunnel destination 192.0.2." in text


def test_a_broken_user_baseline_template_is_a_user_error(example: Fleet, tmp_path: Path) -> None:
    (tmp_path / "baseline_hub_static.j2").write_text("{{ d.no_such_field }}\n", encoding="utf-8")
    with pytest.raises(UserError, match=r"baseline template error in baseline_hub_static\.j2"):
        render_baseline(example, example.hubs[0], Design.STATIC_HUB, tmp_path)


def test_a_user_copy_without_baselines_falls_back_to_the_built_in_ones(
    example: Fleet, tmp_path: Path
) -> None:
    (tmp_path / "ios").mkdir()
    (tmp_path / "ios" / "hub.j2").write_text("! mine\n", encoding="utf-8")
    ours = render_baseline(example, example.hubs[0], Design.STATIC_HUB, tmp_path)
    assert ours == render_baseline(example, example.hubs[0], Design.STATIC_HUB)
