"""The sharded CI examples run unchanged: shard jobs then the merge give one run's report.

The shell commands are read from the YAML files and run against a generated fleet (the
CI services are not involved)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from dmvpnprov.cli import main
from tests.support.scale_fleet import ENV, make_fleet

EXAMPLES = Path(__file__).parents[2] / "examples" / "ci"
BASH = shutil.which("bash") or "/bin/bash"


@pytest.fixture
def workspace(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    inventory, running = make_fleet(tmp_path / "gen", 23)
    shutil.copytree(inventory, tmp_path / "inventory")
    shutil.copytree(running, tmp_path / "configs-backup")
    path = str(Path(sys.executable).parent) + os.pathsep + os.environ["PATH"]
    return tmp_path, {**os.environ, **ENV, "PATH": path}


def _bash(script: str, cwd: Path, env: dict[str, str]) -> int:
    return subprocess.run([BASH, "-e", "-c", script], cwd=cwd, env=env, check=False).returncode


def _one_run(cwd: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    for key, value in ENV.items():
        monkeypatch.setenv(key, value)
    out = cwd / "one.json"
    inv, running = str(cwd / "inventory"), "configs-backup/"
    monkeypatch.chdir(cwd)
    main(["audit", "-i", inv, "--running", running, "--fail-on", "error", "-o", str(out)])
    data: dict[str, Any] = json.loads(out.read_text())
    return data


def _merged(cwd: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((cwd / "reports" / "audit.json").read_text())
    return data


def test_gitlab_parallel_shards_then_merge(
    workspace: tuple[Path, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    cwd, env = workspace
    jobs = yaml.safe_load((EXAMPLES / "gitlab-ci-sharded.yml").read_text())
    shard, merge = jobs["dmvpn-audit-shard"], jobs["dmvpn-audit-merge"]
    for index in range(1, shard["parallel"] + 1):
        node = {**env, "CI_NODE_INDEX": str(index), "CI_NODE_TOTAL": str(shard["parallel"])}
        for command in shard["script"]:
            if "pip install" not in command:
                assert _bash(command, cwd, node) == 0  # drift (exit 1) does not fail a shard
    codes = [_bash(c, cwd, env) for c in merge["script"] if "pip install" not in c]
    assert codes == [1]  # the fleet has drift: the merge job fails, with the reports
    assert _merged(cwd) == _one_run(cwd, monkeypatch)


def test_github_matrix_shards_then_merge(
    workspace: tuple[Path, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    cwd, env = workspace
    env["GITHUB_STEP_SUMMARY"] = str(cwd / "summary.md")
    workflow = yaml.safe_load((EXAMPLES / "github-actions-sharded.yml").read_text())
    shard_job, merge_job = workflow["jobs"]["shard"], workflow["jobs"]["merge"]
    for k in shard_job["strategy"]["matrix"]["shard"]:
        for step in shard_job["steps"]:
            if "run" in step and "pip install" not in step["run"]:
                script = re.sub(r"\$\{\{\s*matrix\.shard\s*\}\}", str(k), step["run"])
                assert _bash(script, cwd, env) == 0
    runs = [s for s in merge_job["steps"] if "run" in s and "pip install" not in s["run"]]
    assert _bash(runs[0]["run"], cwd, env) == 1  # drift: the job fails, reports written
    assert _bash(runs[1]["run"], cwd, env) == 0
    assert _merged(cwd) == _one_run(cwd, monkeypatch)
    assert (cwd / "summary.md").read_text().startswith("## dmvpnprov audit")
