"""IOS-XE 17.11+ refuses weak algorithms (FN72510): the model negotiates as such a router
does, from the inventory's release or the running config's ``version`` line."""

from __future__ import annotations

from pathlib import Path

from dmvpnprov.commands.model import model_configs
from dmvpnprov.dmvpn.network import analyse, compute
from dmvpnprov.dmvpn.state import NetworkState
from dmvpnprov.dmvpn.underlay import underlay_from_fleet
from dmvpnprov.inventory.load import load_fleet
from tests.support.scale_fleet import ENV as SCALE_ENV
from tests.support.scale_fleet import make_fleet

ENV = {"DMVPN_PSK": "k", "DMVPN_NHRP_AUTH": "a", "DMVPN_PASSWORD": "p", "DMVPN_ENABLE_SECRET": "e"}
GOLDEN = Path(__file__).parent / "golden"
# The example keeps the deck's crypto: DES, SHA, DH group 1 by default, esp-des esp-md5-hmac.
_FLEET = load_fleet(GOLDEN / "example_works" / "inventory", ENV)
_CONFIGS = model_configs(_FLEET, None)
_SHIELD_OFF = "crypto engine compliance shield disable\n"


def _run(configs: dict[str, str], releases: dict[str, str] | None = None) -> NetworkState:
    return compute(configs, underlay_from_fleet(_FLEET), releases=releases)


def _ike_up(state: NetworkState, spoke: str) -> bool:
    return any(s.peer == "hub1" and s.up for s in state.routers[spoke].ike)


def test_deck_crypto_works_on_15x_and_fails_on_a_spoke_upgraded_to_17_12() -> None:
    assert _run(dict(_CONFIGS)).works
    upgraded = _run(dict(_CONFIGS), {"spoke-a": "17.12.1a"})
    assert not upgraded.works
    assert not _ike_up(upgraded, "spoke-a") and _ike_up(upgraded, "spoke-b")
    reasons = " ".join(p.message for p in upgraded.problems)
    assert "FN72510" in reasons and "spoke-a policy" in reasons, reasons


def test_the_compliance_shield_disabled_lets_the_weak_policy_negotiate() -> None:
    configs = dict(_CONFIGS)
    configs["spoke-a"] = _SHIELD_OFF + configs["spoke-a"]
    assert _run(configs, {"spoke-a": "17.12.1a"}).works


def test_the_running_configs_version_line_gives_the_release() -> None:
    configs = dict(_CONFIGS)
    configs["spoke-b"] = "version 17.12\n" + configs["spoke-b"]
    state = _run(configs)
    assert not _ike_up(state, "spoke-b") and _ike_up(state, "spoke-a")
    configs["spoke-b"] = "version 17.3\n" + _CONFIGS["spoke-b"]
    assert _run(configs).works  # 17.3 still negotiates DES


def test_a_weak_transform_set_fails_ipsec_when_ike_is_strong() -> None:
    strong_ike = "crypto isakmp policy 1\n encr aes 256\n authentication pre-share\n group 14\n"
    configs = {
        n: t.replace("crypto isakmp policy 1\n authentication pre-share\n", strong_ike)
        for n, t in _CONFIGS.items()
    }
    assert _run(configs).works
    state = _run(configs, {"hub1": "17.12.1a"})
    assert not state.works
    messages = [p.message for p in state.problems]
    assert any("IPsec" in m and "weak transforms" in m for m in messages), messages
    assert all(s.up for s in state.routers["spoke-a"].ike if s.peer == "hub1")


def test_a_weak_pfs_group_is_refused() -> None:
    strong = {
        n: t.replace(
            "crypto isakmp policy 1\n authentication pre-share\n",
            "crypto isakmp policy 1\n encr aes 256\n authentication pre-share\n group 14\n",
        )
        .replace("esp-des esp-md5-hmac", "esp-aes 256 esp-sha256-hmac")
        .replace(" set transform-set", " set pfs group2\n set transform-set")
        for n, t in _CONFIGS.items()
    }
    assert _run(strong).works
    messages = [p.message for p in _run(strong, {"spoke-a": "17.12.1a"}).problems]
    assert any("PFS group refused" in m and "pfs group2" in m for m in messages), messages


def test_spokes_configured_alike_but_on_other_releases_are_judged_apart(tmp_path: Path) -> None:
    """The model simulates two spokes per class: the release is part of the class."""
    inventory, _ = make_fleet(tmp_path, spokes=8)
    fleet = load_fleet(inventory, SCALE_ENV)
    group2 = {
        n: t.replace(" group 14\n", " group 2\n") for n, t in model_configs(fleet, None).items()
    }
    analysis = analyse(group2, underlay_from_fleet(fleet), releases={"spoke0005": "17.12.1a"})
    ike = {r for p in analysis.problems if p.layer == "ike" for r in p.routers}
    assert ike == {"spoke0005", "hub1", "hub2"}, analysis.problems
    assert not analyse(group2, underlay_from_fleet(fleet)).problems
