"""One module per routing protocol: the registry, its template macros, its rules."""

from __future__ import annotations

from importlib import resources

import pytest

from dmvpnprov.core.routing import PROTOCOLS, BgpRouting, CloudFacts, EigrpRouting, protocol_of
from dmvpnprov.render.engine import environment


@pytest.mark.parametrize("name", sorted(PROTOCOLS))
def test_every_protocol_has_its_macro_file(name: str) -> None:
    folder = resources.files("dmvpnprov") / "templates" / "ios"
    assert (folder / f"_routing_{name}.j2").is_file()
    module = environment().get_template(f"_routing_{name}.j2").module
    for macro in ("tunnel_lines", "process", "baseline"):
        assert callable(getattr(module, macro)), macro


def test_no_protocol_branches_outside_the_protocol_modules() -> None:
    root = resources.files("dmvpnprov")
    offenders = []
    for sub in ("render", "inventory", "reporting", "savings", "templates/ios"):
        folder = root / sub
        for entry in folder.iterdir():
            if entry.name.endswith((".py", ".j2")):
                text = entry.read_text()
                if 'protocol == "' in text or "protocol == '" in text:
                    offenders.append(f"{sub}/{entry.name}")
    assert offenders == []


def test_protocol_of_finds_the_module_by_the_discriminator() -> None:
    assert protocol_of(BgpRouting()).label(BgpRouting(asn=65001)) == "bgp 65001"
    assert protocol_of(EigrpRouting()).process_key(EigrpRouting(asn=5)) == (0, 5)


def test_eigrp_summary_outside_phase_3_is_a_cloud_problem() -> None:
    config = EigrpRouting(hub_summary="10.0.0.0/8")
    eigrp = protocol_of(config)
    assert [f for f, _ in eigrp.cloud_problems(config, CloudFacts("c", 2))] == ["hub_summary"]
    assert list(eigrp.cloud_problems(config, CloudFacts("c", 3))) == []


def test_bgp_hub_listens_and_spoke_peers_with_each_hub_once() -> None:
    bgp = protocol_of(BgpRouting())
    hub = bgp.process_parts(BgpRouting(), True, ["s"], ["l"], [])
    assert (hub.networks, hub.listen_ranges, hub.neighbors) == (("l",), ("s",), ())
    spoke = bgp.process_parts(BgpRouting(), False, ["s"], ["l"], ["a", "b", "a"])
    assert spoke.neighbors == ("a", "b")
    assert [k for k, _ in bgp.needed_features(BgpRouting(), True, CloudFacts("c", 2))] == [
        "bgp_dynamic_neighbors"
    ]
    assert list(bgp.needed_features(BgpRouting(), False, CloudFacts("c", 2))) == []
