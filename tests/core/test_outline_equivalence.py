"""The audit's fast path reads rendered configs without hier_config (``outline_text``)
and compares managed paths without copying trees (``managed_paths``); both must say
exactly what the tree-based functions say, on every golden config."""

from __future__ import annotations

from pathlib import Path

import pytest
from hier_config import get_hconfig

from dmvpnprov.core.configtree import (
    driver,
    managed_paths,
    managed_view,
    outline_of,
    outline_text,
    parse,
    strip_show_run,
)
from dmvpnprov.core.secrets import SecretStore
from dmvpnprov.inventory.load import load_fleet
from dmvpnprov.render.engine import render_fleet
from tests.support.audit_cases import CASES, GOLDEN, load_env

RUNNING = sorted(GOLDEN.glob("*/running/*"))


def _intended(case: Path) -> dict[str, str]:
    env = load_env(case)
    return render_fleet(load_fleet(case / "inventory", environ=env), SecretStore(env))


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_rendered_outline_equals_the_parsed_one(case: Path) -> None:
    for host, text in _intended(case).items():
        outline = outline_text(text)
        assert outline is not None, host  # rendered configs take the fast path
        assert outline == outline_of(parse(text)), host


@pytest.mark.parametrize("path", RUNNING, ids=[f"{p.parts[-3]}/{p.name}" for p in RUNNING])
def test_running_outline_is_the_parsed_one_or_none(path: Path) -> None:
    text = path.read_text()
    for variant in (text, strip_show_run(text)):
        outline = outline_text(variant)
        assert outline is None or outline == outline_of(parse(variant))


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_managed_paths_are_the_managed_view_paths(case: Path) -> None:
    intended = _intended(case)
    for path in sorted((case / "running").glob("*")):
        host = path.name.split(".")[0]
        if host not in intended:
            continue
        tree, want = parse(path.read_text()), parse(intended[host])
        view = {tuple(c.path()) for c in managed_view(tree, want).all_children()}
        assert managed_paths(tree, want) == view
        assert managed_paths(tree, outline_of(want)) == view


@pytest.mark.parametrize(
    "text",
    [
        "interface Tunnel0\n\tip mtu 1400\n",
        "banner motd ^C\nhello\n^C\n",
        "router bgp 1\n address-family ipv4\n exit-address-family\n",
        "interface Tunnel0\n  ip mtu 1400\n",
        "interface Tunnel0\n ip mtu 1400\ninterface Tunnel0\n ip mtu 1400\n",
        "router eigrp 1\n network 10.0.0.0\n exit\n",
    ],
)
def test_odd_text_takes_the_tree_path_or_agrees(text: str) -> None:
    outline = outline_text(text)
    assert outline is None or outline == outline_of(parse(text))


@pytest.mark.parametrize(
    "text",
    [
        "Building configuration...\r\n\r\nhostname r1\r\ninterface Tunnel0\r\n"
        " ip mtu 1400\r\nend\r\n",
        "interface Tunnel0\n ip mtu 1400\rip nhrp holdtime 300\n\x0c\n ip tcp adjust-mss 1360 \n",
        "interface Serial0/0\n no ip address\n\t shutdown\n!\n  \nversion 15.2\nend\n",
    ],
)
def test_one_pass_parse_equals_hier_config_on_odd_line_breaks(text: str) -> None:
    fast = [tuple(c.path()) for c in parse(text).all_children_sorted()]
    plain = get_hconfig(driver(), strip_show_run(text)).all_children_sorted()
    assert fast == [tuple(c.path()) for c in plain]
