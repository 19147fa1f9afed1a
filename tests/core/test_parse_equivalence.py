"""configtree.parse pre-applies hier_config's per-line substitutions for speed; the trees
must be exactly those hier_config builds itself, on every golden config."""

from __future__ import annotations

from pathlib import Path

import pytest
from hier_config import get_hconfig

from dmvpnprov.core.configtext import clean
from dmvpnprov.core.configtree import driver, parse, strip_show_run
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
