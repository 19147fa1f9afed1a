"""Where the tests find the project's files: the example inventory, docs, golden cases."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_INVENTORY = ROOT / "inventory"
DOCS = ROOT / "docs"
EXAMPLES_CI = ROOT / "examples" / "ci"
BUILTIN_TEMPLATES = ROOT / "dmvpnprov" / "templates" / "ios"
GOLDEN = ROOT / "tests" / "golden"
GOLDEN_AUDIT = GOLDEN / "audit"
GOLDEN_RENDER = GOLDEN / "render"
DECK_CASE = GOLDEN_RENDER / "deck"
