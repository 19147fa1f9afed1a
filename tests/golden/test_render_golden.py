"""Golden render tests: one folder per case under ``render/``, found by a glob.

A case is ``inventory/`` (hosts, groups, defaults), ``env.yaml`` (test values for the
secret variables, fixtures rather than real secrets) and ``expected/<host>.cfg``. A new
case is new files only. ``DMVPN_UPDATE_GOLDENS=1 pytest tests/golden`` rewrites the
expected files from the current templates: review the diff before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from dmvpnprov.core.models import Fleet
from dmvpnprov.core.secrets import SecretStore
from dmvpnprov.inventory.load import load_fleet
from dmvpnprov.render.engine import render_fleet

HERE = Path(__file__).parent
CASES = sorted(path.parent for path in (HERE / "render").glob("*/env.yaml"))
UPDATE = os.environ.get("DMVPN_UPDATE_GOLDENS") == "1"


def case_env(case: Path) -> dict[str, str]:
    """The case's secret variables (test fixtures)."""
    data = yaml.safe_load((case / "env.yaml").read_text())
    assert isinstance(data, dict)
    return {str(k): str(v) for k, v in data.items()}


def case_fleet(case: Path) -> Fleet:
    """The case's inventory, loaded and validated as ``dmvpnprov render`` does."""
    return load_fleet(case / "inventory", case_env(case))


def _update(expected: Path, configs: dict[str, str]) -> None:
    expected.mkdir(exist_ok=True)
    for stale in expected.glob("*.cfg"):
        if stale.stem not in configs:
            stale.unlink()
    for host, text in configs.items():
        (expected / f"{host}.cfg").write_bytes(text.encode())


def test_cases_are_found() -> None:
    names = {case.name for case in CASES}
    assert {"deck", "dual_hub", "dual_cloud", "phase3_ospf", "bgp_ikev2", "strong_ikev1"} <= names


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_render_matches_expected(case: Path) -> None:
    configs = render_fleet(case_fleet(case), SecretStore(case_env(case)))
    expected = case / "expected"
    if UPDATE:
        _update(expected, configs)
    files = {path.stem: path.read_bytes().decode() for path in expected.glob("*.cfg")}
    assert sorted(configs) == sorted(files), "one expected file per host, no other"
    for host, text in configs.items():
        assert text == files[host], f"{case.name}/{host}.cfg differs (DMVPN_UPDATE_GOLDENS=1)"


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_render_is_deterministic(case: Path) -> None:
    fleet, env = case_fleet(case), case_env(case)
    first = render_fleet(fleet, SecretStore(env))
    again = render_fleet(case_fleet(case), SecretStore(env))
    assert first == again
    for text in first.values():
        assert text.endswith("\n")
        assert "\r" not in text
        assert "\n\n" not in text
        assert all(line == line.rstrip() for line in text.split("\n"))
