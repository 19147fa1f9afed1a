"""Golden render tests: one folder per case under ``tests/golden/render/``, found by a glob.

A case is ``inventory/``, ``env.yaml`` and ``expected/<host>.cfg`` (see
``tests.support.render_cases``). A new case is new files only. The tests only compare:
``python -m tests.support.regen`` rewrites the expected files from the current templates
(review the diff before committing it).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from dmvpnprov.core.secrets import SecretStore
from dmvpnprov.render.engine import render_fleet
from tests.support.paths import DECK_CASE
from tests.support.processes import SEEDS, python_output
from tests.support.regen import main as regen_main
from tests.support.regen import regenerate
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


_RENDER_ALL = """
import json, sys
from dmvpnprov.core.secrets import SecretStore
from dmvpnprov.render.engine import render_fleet
from tests.support.paths import DECK_CASE
from tests.support.processes import SEEDS, python_output
from tests.support.render_cases import CASES, case_env, case_fleet
out = {c.name: render_fleet(case_fleet(c), SecretStore(case_env(c))) for c in CASES}
sys.stdout.write(json.dumps(out))
"""


@pytest.fixture(scope="module")
def rendered_by_seed() -> dict[str, dict[str, dict[str, str]]]:
    """Every case rendered in one fresh process per hash seed."""
    return {seed: json.loads(python_output(_RENDER_ALL, hashseed=seed)) for seed in SEEDS}


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_render_is_deterministic(
    case: Path, rendered_by_seed: dict[str, dict[str, dict[str, str]]]
) -> None:
    first, again = (rendered_by_seed[seed][case.name] for seed in SEEDS)
    assert first == again, "the render depends on the hash seed"
    assert first == render_fleet(case_fleet(case), SecretStore(case_env(case)))
    for text in first.values():
        assert text.endswith("\n")
        assert "\r" not in text
        assert "\n\n" not in text
        assert all(line == line.rstrip() for line in text.split("\n"))


def test_regen_rewrites_expected_files_only_when_asked(tmp_path: Path) -> None:
    case = tmp_path / "deck"
    shutil.copytree(DECK_CASE, case)
    spoke = case / "expected" / "spoke1.cfg"
    spoke.write_text("stale\n")
    (case / "expected" / "gone.cfg").write_text("no such host\n")
    assert regenerate(case) == ["removed gone.cfg", "wrote spoke1.cfg"]
    assert expected_configs(case) == expected_configs(DECK_CASE)
    assert regenerate(case) == []  # nothing left to write


def test_regen_refuses_an_unknown_case(capsys: pytest.CaptureFixture[str]) -> None:
    assert regen_main(["no-such-case"]) == 2
    assert "unknown case(s): no-such-case" in capsys.readouterr().err
