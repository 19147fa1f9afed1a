"""Golden render tests: one folder per case under ``tests/golden/render/``, found by a glob.

A case is ``inventory/``, ``env.yaml`` and ``expected/<host>.cfg`` (see
``tests.support.render_cases``). A new case is new files only. The tests only compare:
``python -m tests.support.regen`` rewrites the expected files from the current templates
(review the diff before committing it).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dmvpnprov.core.secrets import SecretStore
from dmvpnprov.render.engine import render_fleet
from tests.support.render_cases import CASES, case_env, case_fleet, expected_configs


def test_cases_are_found() -> None:
    names = {case.name for case in CASES}
    assert {"deck", "dual_hub", "dual_cloud", "phase3_ospf", "bgp_ikev2", "strong_ikev1"} <= names


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_render_matches_expected(case: Path) -> None:
    configs = render_fleet(case_fleet(case), SecretStore(case_env(case)))
    files = expected_configs(case)
    assert sorted(configs) == sorted(files), "one expected file per host, no other"
    for host, text in configs.items():
        assert text == files[host], (
            f"{case.name}/{host}.cfg differs (python -m tests.support.regen)"
        )


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
