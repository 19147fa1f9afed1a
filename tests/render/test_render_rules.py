"""Render's guarantees beyond the golden files: hubs never depend on spokes, every line
fits the router's release, and inconsistent input is a message, never a bad config."""

from __future__ import annotations

from ipaddress import IPv4Address, IPv4Interface
from pathlib import Path

import pytest

from dmvpnprov.core.errors import UserError
from dmvpnprov.core.models import EigrpRouting, Fleet, Nbma, Router
from dmvpnprov.core.secrets import SecretStore
from dmvpnprov.render.engine import render_fleet, render_router
from dmvpnprov.render.files import config_path
from tests.support.render_cases import CASES, case_env, case_fleet


def _with_router(fleet: Fleet, name: str, **update: object) -> Fleet:
    routers = tuple(r.model_copy(update=update) if r.name == name else r for r in fleet.routers)
    return fleet.model_copy(update={"routers": routers})


def _with_cloud(fleet: Fleet, name: str, **update: object) -> Fleet:
    clouds = {**fleet.clouds, name: fleet.clouds[name].model_copy(update=update)}
    return fleet.model_copy(update={"clouds": clouds})


def _new_spoke(fleet: Fleet) -> Router:
    spoke = fleet.spokes[0]
    tunnels = tuple(
        t.model_copy(update={"address": fleet.clouds[t.cloud].tunnel_subnet.network_address + 200})
        for t in spoke.tunnels
    )
    lan = spoke.lans[0].model_copy(update={"address": IPv4Interface("10.200.0.1/24")})
    return spoke.model_copy(
        update={
            "name": "spoke-new",
            "hostname": "spoke-new",
            "tunnels": tunnels,
            "lans": (lan,),
            "nbma": Nbma(interface=spoke.nbma.interface, address=IPv4Interface("198.51.100.9/24")),
        }
    )


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_adding_a_spoke_changes_no_byte_of_any_hub(case: Path) -> None:
    fleet, secrets = case_fleet(case), SecretStore(case_env(case))
    hubs = [hub.name for hub in fleet.hubs]
    before = render_fleet(fleet, secrets, names=hubs)
    grown = fleet.model_copy(update={"routers": (*fleet.routers, _new_spoke(fleet))})
    after = render_fleet(grown, secrets)
    assert {hub: after[hub] for hub in hubs} == before
    assert "10.200.0.0" in after["spoke-new"]


def test_a_line_the_release_lacks_is_refused(deck_fleet: Fleet, deck_env: dict[str, str]) -> None:
    # 12.3 mainline has no `ip nhrp registration no-unique` (12.3(7)T / 12.4(1)).
    fleet = _with_router(deck_fleet, "spoke1", ios_release="12.3(26)")
    with pytest.raises(UserError) as caught:
        render_router(fleet, "spoke1", SecretStore(deck_env))
    message = str(caught.value)
    assert "host spoke1: 'ip nhrp registration no-unique'" in message
    assert "IOS 12.3(26) lacks" in message
    assert "12.3(7)T" in message


def test_phase_3_on_a_release_without_it_is_refused(
    deck_fleet: Fleet, deck_env: dict[str, str]
) -> None:
    fleet = _with_cloud(deck_fleet, "dmvpn1", phase=3)
    fleet = _with_router(fleet, "hub", ios_release="12.4(4)T")
    assert "ip nhrp shortcut" in render_router(fleet, "spoke1", SecretStore(deck_env))
    with pytest.raises(UserError, match=r"'ip nhrp redirect' needs DMVPN Phase 3.*12\.4\(6\)T"):
        render_router(fleet, "hub", SecretStore(deck_env))


@pytest.mark.parametrize(
    ("release", "no_auto_summary", "expected"),
    [
        ("12.4(15)T", True, " no auto-summary\n"),
        ("15.1(4)M", True, None),
        ("15.1(4)M", False, " auto-summary\n"),
        ("12.4(15)T", False, None),
    ],
)
def test_auto_summary_follows_the_release_default(
    deck_fleet: Fleet,
    deck_env: dict[str, str],
    release: str,
    no_auto_summary: bool,
    expected: str | None,
) -> None:
    routing = EigrpRouting(asn=1, no_auto_summary=no_auto_summary)
    fleet = _with_router(
        _with_cloud(deck_fleet, "dmvpn1", routing=routing), "hub", ios_release=release
    )
    router_eigrp = render_router(fleet, "hub", SecretStore(deck_env)).split("router eigrp 1\n")[1]
    lines = [line for line in router_eigrp.splitlines(keepends=True) if "auto-summary" in line]
    assert lines == ([expected] if expected else [])


def test_a_missing_secret_names_the_variable_and_host(deck_fleet: Fleet) -> None:
    with pytest.raises(UserError, match="host hub: environment variable DMVPN_PSK is not set"):
        render_router(deck_fleet, "hub", SecretStore({"DMVPN_NHRP_AUTH": "donttell"}))


def test_nat_hub_is_mapped_by_its_public_address(
    deck_fleet: Fleet, deck_env: dict[str, str]
) -> None:
    hub = deck_fleet.router("hub")
    nbma = hub.nbma.model_copy(update={"public_address": IPv4Address("203.0.113.7")})
    fleet = _with_router(deck_fleet, "hub", nbma=nbma)
    spoke = render_router(fleet, "spoke1", SecretStore(deck_env))
    assert " ip nhrp map 10.0.0.1 203.0.113.7\n ip nhrp map multicast 203.0.113.7\n" in spoke
    assert " ip address 172.17.0.1 255.255.255.0\n" in render_router(
        fleet, "hub", SecretStore(deck_env)
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("unknown-nhs", "NHS spoke1 is not a hub of cloud dmvpn1"),
        ("dhcp-hub", "NHS hub has no static NBMA address"),
        ("phase1-two-nhs", "point-to-point GRE with one destination, but it has 2 NHS"),
        ("phase2-summary", "a hub summary hides the spokes' routes"),
        ("unknown-host", "no host 'nope' in the inventory"),
    ],
)
def test_inconsistent_input_is_a_message(
    deck_fleet: Fleet, deck_env: dict[str, str], change: str, message: str
) -> None:
    fleet, name = deck_fleet, "spoke1"
    tunnel = fleet.router("spoke1").tunnels[0]
    if change == "unknown-nhs":
        fleet = _with_router(
            fleet, "spoke1", tunnels=(tunnel.model_copy(update={"nhs": ("spoke1",)}),)
        )
    elif change == "dhcp-hub":
        hub = fleet.router("hub")
        fleet = _with_router(fleet, "hub", nbma=hub.nbma.model_copy(update={"address": "dhcp"}))
    elif change == "phase1-two-nhs":
        fleet = _with_cloud(fleet, "dmvpn1", phase=1)
        fleet = _with_router(
            fleet, "spoke1", tunnels=(tunnel.model_copy(update={"nhs": ("hub", "hub")}),)
        )
    elif change == "phase2-summary":
        summary = EigrpRouting(asn=1, hub_summary="192.168.0.0/16")
        fleet, name = _with_cloud(fleet, "dmvpn1", routing=summary), "hub"
    else:
        name = "nope"
    with pytest.raises(UserError, match=message.replace("(", r"\(").replace(")", r"\)")):
        render_router(fleet, name, SecretStore(deck_env))


@pytest.mark.parametrize("name", ["../etc/passwd", "a/b", ".hidden", ""])
def test_a_host_name_that_would_leave_the_output_folder_is_refused(name: str) -> None:
    with pytest.raises(UserError, match="not usable as a file name"):
        config_path(Path("configs"), name)


def test_profiles_share_crypto_objects_but_never_redefine_them(
    deck_fleet: Fleet, deck_env: dict[str, str]
) -> None:
    # A dual-cloud spoke whose second cloud uses a copy of the deck profile under another
    # name: both define `crypto isakmp policy 1` and the key for 0.0.0.0.
    deck = deck_fleet.crypto_profiles["deck"]
    copy = deck.model_copy(update={"name": "deck2", "ipsec_profile": "vpnprof2"})
    cloud = deck_fleet.clouds["dmvpn1"].model_copy(
        update={"name": "dmvpn2", "crypto_profile": "deck2", "network_id": 2, "tunnel_key": 2}
    )
    fleet = deck_fleet.model_copy(
        update={
            "clouds": {**deck_fleet.clouds, "dmvpn2": cloud},
            "crypto_profiles": {**deck_fleet.crypto_profiles, "deck2": copy},
        }
    )
    spoke = fleet.router("spoke1")
    second = spoke.tunnels[0].model_copy(update={"cloud": "dmvpn2", "interface": "Tunnel1"})
    fleet = _with_router(fleet, "spoke1", tunnels=(*spoke.tunnels, second))
    hub = fleet.router("hub")
    hub_second = hub.tunnels[0].model_copy(update={"cloud": "dmvpn2", "interface": "Tunnel1"})
    fleet = _with_router(fleet, "hub", tunnels=(*hub.tunnels, hub_second))
    # The copy shares every object but its IPsec profile: each shared one is rendered once.
    shared = render_router(fleet, "spoke1", SecretStore(deck_env))
    assert shared.count("crypto isakmp policy 1\n") == 1
    assert shared.count("crypto isakmp key cisco47 address 0.0.0.0\n") == 1
    assert shared.count("crypto ipsec transform-set trans2 ") == 1
    assert "crypto ipsec profile vpnprof\n" in shared
    assert "crypto ipsec profile vpnprof2\n" in shared
    assert " tunnel protection ipsec profile vpnprof2\n" in shared
    # A second policy 1 that differs would silently replace the first: refused.
    stronger = copy.isakmp.model_copy(update={"encryption": "aes 256"})
    profiles = {**fleet.crypto_profiles, "deck2": copy.model_copy(update={"isakmp": stronger})}
    clash = fleet.model_copy(update={"crypto_profiles": profiles})
    with pytest.raises(UserError, match="deck and deck2 define crypto isakmp policy 1 differently"):
        render_router(clash, "spoke1", SecretStore(deck_env))
    policy = stronger.model_copy(update={"priority": 2})
    profiles = {**fleet.crypto_profiles, "deck2": copy.model_copy(update={"isakmp": policy})}
    config = render_router(
        fleet.model_copy(update={"crypto_profiles": profiles}), "spoke1", SecretStore(deck_env)
    )
    assert "crypto isakmp policy 1\n authentication pre-share\ncrypto isakmp policy 2\n" in config
