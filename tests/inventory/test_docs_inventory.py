"""The inventory snippets of docs/inventory.md are valid, golden-ready inventories."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from dmvpnprov.inventory.load import load_fleet
from tests.support.paths import ROOT

DOC = ROOT / "docs" / "inventory.md"
SNIPPET = re.compile(r"<!-- inventory: (?P<path>[\w./-]+) -->\n```yaml\n(?P<body>.*?)```", re.S)


def _snippets() -> dict[str, dict[str, str]]:
    designs: dict[str, dict[str, str]] = {}
    for match in SNIPPET.finditer(DOC.read_text(encoding="utf-8")):
        design, name = match["path"].split("/")
        designs.setdefault(design, {})[name] = match["body"]
    return designs


def test_docs_have_both_designs() -> None:
    assert set(_snippets()) == {"dual-hub", "dual-cloud"}


@pytest.mark.parametrize("design", sorted(_snippets()))
def test_design_snippet_is_a_valid_inventory(
    design: str, tmp_path: Path, inventory_env: dict[str, str]
) -> None:
    folder = tmp_path / design
    folder.mkdir()
    for name in ("groups.yaml", "defaults.yaml"):
        shutil.copy(ROOT / "inventory" / name, folder / name)
    for name, body in _snippets()[design].items():
        (folder / name).write_text(body, encoding="utf-8")
    fleet = load_fleet(folder, inventory_env)
    assert len(fleet.hubs) == 2
    if design == "dual-hub":
        assert all(t.nhs == ("hub1", "hub2") for r in fleet.spokes for t in r.tunnels)
    else:
        assert len(fleet.router("spoke-a").tunnels) == 2
        assert len(fleet.clouds) == 2
