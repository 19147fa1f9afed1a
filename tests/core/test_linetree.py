"""core.linetree: the plain line tree equals hier_config's wherever it is built, falls
back (``None``) wherever hier_config's could differ, and the audit's host rules and facts
read both the same, on every golden running config and the public configs of the
audit corpus."""

from __future__ import annotations

from pathlib import Path

import pytest
from hier_config.child import HConfigChild

from dmvpnprov.audit.facts import host_facts
from dmvpnprov.audit.rules import RULES, HostContext
from dmvpnprov.core.configtree import parse
from dmvpnprov.core.linetree import ConfigLine, ConfigTree, Line, parent_text, read_tree
from tests.support.audit_cases import GOLDEN
from tests.support.paths import ROOT

CORPUS = ROOT / "tests" / "audit" / "corpus"
CONFIGS = sorted([*GOLDEN.glob("*/running/*"), *CORPUS.glob("*/running/*")])
IDS = [f"{p.parts[-3]}/{p.name}" for p in CONFIGS]


def _path(line: ConfigLine) -> tuple[str, ...]:
    out = []
    node: object = line
    while isinstance(node, Line | HConfigChild):
        out.append(node.text)
        node = node.parent
    return tuple(reversed(out))


def _dump(tree: ConfigTree) -> list[tuple[str, ...]]:
    return [_path(line) for line in tree.all_children()]


@pytest.mark.parametrize("path", CONFIGS, ids=IDS)
def test_the_plain_tree_is_hier_configs_tree(path: Path) -> None:
    text = path.read_text()
    plain = read_tree(text)
    if plain is not None:
        assert _dump(plain) == _dump(parse(text))


def test_most_real_configs_get_the_plain_tree() -> None:
    read = [p for p in CONFIGS if read_tree(p.read_text()) is not None]
    assert len(read) >= len(CONFIGS) * 3 // 4, f"{len(read)} of {len(CONFIGS)}"
    public = [p for p in read if CORPUS in p.parents]
    assert public, "no public config of the corpus was read by the plain tree"


@pytest.mark.parametrize("path", CONFIGS, ids=IDS)
def test_host_rules_and_facts_read_both_trees_the_same(path: Path) -> None:
    text = path.read_text()
    plain = read_tree(text)
    if plain is None:
        pytest.skip("hier_config's tree only")
    full = parse(text)
    for release, hub, nat in (("15.2(4)M3", True, False), ("12.4(15)T14", False, True)):
        by_plain = HostContext("r", plain, release, hub, nat)
        by_full = HostContext("r", full, release, hub, nat)
        for rule in RULES.values():
            if rule.host_check is not None:
                assert list(rule.host_check(by_plain)) == list(rule.host_check(by_full)), rule.id
    assert host_facts(plain) == host_facts(full)


ODD = {
    "a banner": "hostname r\nbanner motd ^C\nhello\n^C\n",
    "a tab to clean": "interface Tunnel0\n\tip mtu 1400\n",
    "a plain exit": "interface Tunnel0\n exit\n",
    "a line written twice": "interface Tunnel0\n shutdown\n shutdown\n",
    "a top-level line twice": "hostname r\nhostname r\n",
    "an IPv4 access list": "ip access-list extended A\n permit ip any any\n remark hi\n",
    "an IPv6 access list": "ipv6 access-list B\n sequence 10 permit ipv6 any any\n",
    "a VLAN list": "vlan 10-12\n",
}


@pytest.mark.parametrize("text", ODD.values(), ids=ODD.keys())
def test_text_hier_config_treats_apart_is_left_to_it(text: str) -> None:
    assert read_tree(text) is None


SAME = {
    "uneven indents": "interface Tunnel0\n ip mtu 1400\n   deeper\n  middle\n back\ntop\n",
    "spacing": "\n\n  \ninterface  Loopback0\n ip   address 1.1.1.1 255.255.255.255   \n",
    "framing": "Building configuration...\n\nCurrent configuration : 9 bytes\n!\nhostname r\nend\n",
    "one text under two parents": "interface Tunnel0\n shutdown\ninterface Tunnel1\n shutdown\n",
    "an exit the driver drops": "router bgp 1\n address-family ipv4\n  network 10.0.0.0\n"
    " exit-address-family\n",
    "a numbered access list": "access-list 101 permit gre any any\n"
    "access-list 101 deny ip any any\n",
}


@pytest.mark.parametrize("text", SAME.values(), ids=SAME.keys())
def test_odd_but_plain_text_reads_as_hier_config_reads_it(text: str) -> None:
    plain = read_tree(text)
    assert plain is not None
    assert _dump(plain) == _dump(parse(text))


def test_parent_text_names_the_section_or_nothing_at_the_top() -> None:
    for tree in (read_tree("line vty 0 4\n password x\n"), parse("line vty 0 4\n password x\n")):
        assert tree is not None
        assert [parent_text(line) for line in tree.all_children()] == [None, "line vty 0 4"]
