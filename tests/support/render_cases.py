"""Render golden cases: one folder each under ``tests/golden/render/``, found by a glob.

A case is ``inventory/`` (hosts, groups, defaults), ``env.yaml`` (test values for the
secret variables, fixtures rather than real secrets) and ``expected/<host>.cfg``. A new
case is new files only; ``python -m tests.support.regen`` writes the expected files.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from dmvpnprov.core.models import Fleet
from dmvpnprov.inventory.load import load_fleet
from tests.support.paths import GOLDEN_RENDER

CASES = sorted(path.parent for path in GOLDEN_RENDER.glob("*/env.yaml"))


def case_env(case: Path) -> dict[str, str]:
    """The case's secret variables (test fixtures)."""
    data = yaml.safe_load((case / "env.yaml").read_text())
    assert isinstance(data, dict)
    return {str(k): str(v) for k, v in data.items()}


def case_fleet(case: Path) -> Fleet:
    """The case's inventory, loaded and validated as ``dmvpnprov render`` does."""
    return load_fleet(case / "inventory", case_env(case))


def expected_configs(case: Path) -> dict[str, str]:
    """The case's expected configs by host (``expected/<host>.cfg``)."""
    return {path.stem: path.read_bytes().decode() for path in (case / "expected").glob("*.cfg")}
