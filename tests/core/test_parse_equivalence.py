"""configtree.parse pre-applies hier_config's per-line substitutions for speed; the trees
must be exactly those hier_config builds itself, on every golden config."""

from __future__ import annotations

from pathlib import Path

import pytest
from hier_config import get_hconfig

from dmvpnprov.core.configtext import clean
from dmvpnprov.core.configtree import (
    _load_text,
    _plain_loader,
    _presub,
    _presub_driver,
    driver,
    parse,
    strip_show_run,
)
from tests.support.audit_cases import GOLDEN

CONFIGS = sorted(GOLDEN.glob("*/running/*"))


def _dump(text: str, fast: bool) -> list[tuple[str, ...]]:
    # banners are folded by the front end (configtext) before either parser sees them
    tree = parse(text) if fast else get_hconfig(driver(), strip_show_run(clean(text)))
    return [tuple(c.path()) for c in tree.all_children_sorted()]


@pytest.mark.parametrize("path", CONFIGS, ids=[f"{p.parts[-3]}/{p.name}" for p in CONFIGS])
def test_fast_parse_equals_hier_config(path: Path) -> None:
    text = path.read_text()
    assert _dump(text, fast=True) == _dump(text, fast=False)


def test_odd_lines_are_handled_as_hier_config_does() -> None:
    text = (
        "version 15.2\nhostname r1\ninterface Serial0/0\n no ip address\n  shutdown  \n"
        "ntp clock-period 17179\n! comment\nrouter bgp 1\n neighbor 1.1.1.1 remote-as 1\n"
        " exit-address-family\nbanner motd ^C\nhello ! world\n^C\nend\n"
    )
    for variant in (text, text.replace("banner motd ^C\nhello ! world\n^C\n", "")):
        assert _dump(variant, fast=True) == _dump(variant, fast=False)


ODD = [
    "interface Tunnel0\n ip mtu 1400\n   deeper\n  middle\n back\ntop\n",  # uneven indents
    "router bgp 1\n address-family ipv4\n  network 10.0.0.0\n exit-address-family\n"
    " template peer-policy P\n  weight 5\n exit-peer-policy\n",  # sectional exits dropped
    "interface Tunnel0\n exit\nexit\n",  # a plain exit under a section, and at the top
    "\n\n  \ninterface  Loopback0\n\t ip   address 1.1.1.1 255.255.255.255   \n",  # spacing
    "ip access-list extended A\n permit ip any any\n remark hi\n",  # post-load callbacks
    "interface Tunnel0\n shutdown\ninterface Tunnel1\n shutdown\n",  # a text under two parents
    "Building configuration...\n\nCurrent configuration : 9 bytes\n!\nhostname r\x1cx\nend\n",
]


@pytest.mark.parametrize("text", ODD)
def test_the_plain_loader_builds_hier_configs_tree(text: str) -> None:
    fast, union, compiled = _presub_driver()
    assert _plain_loader(fast)
    presubbed = _presub(text, union, compiled)
    ours, theirs = _load_text(fast, text, union, compiled), get_hconfig(fast, presubbed)
    assert [(c.real_indent_level, *c.path()) for c in ours.all_children()] == [
        (c.real_indent_level, *c.path()) for c in theirs.all_children()
    ]
    assert _dump(text, fast=True) == _dump(text, fast=False)


def test_the_plain_loader_is_refused_for_a_driver_with_text_rules() -> None:
    assert not _plain_loader(driver())  # hier_config's own IOS driver: per-line rules
