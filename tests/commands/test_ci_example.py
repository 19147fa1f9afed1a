"""The CI examples in examples/ci/ run unchanged: the shell commands are read from the
YAML files themselves and run against a saved-configs folder (not the CI service)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.support.audit_cases import GOLDEN, load_env
from tests.support.paths import EXAMPLES_CI

EXAMPLES = EXAMPLES_CI
BIN = str(Path(sys.executable).parent)
BASH = shutil.which("bash") or "/bin/bash"


def _workspace(tmp_path: Path, case: str) -> dict[str, str]:
    """A repository checkout: inventory/ and configs-backup/ from a golden case."""
    shutil.copytree(GOLDEN / case / "inventory", tmp_path / "inventory")
    shutil.copytree(GOLDEN / case / "running", tmp_path / "configs-backup")
    env = {**os.environ, **load_env(GOLDEN / case), "PATH": BIN + os.pathsep + os.environ["PATH"]}
    for login in ("DMVPN_PASSWORD", "DMVPN_ENABLE_SECRET"):  # offline: no router credentials
        env.pop(login, None)
    return env


def _installs(script: str) -> bool:
    return "pip install" in script  # the test runs the project from this checkout instead


def _bash(script: str, cwd: Path, env: dict[str, str], flags: str = "-e") -> int:
    done = subprocess.run([BASH, flags, "-c", script], cwd=cwd, env=env, check=False)
    return done.returncode


def _github_steps() -> list[dict[str, Any]]:
    workflow = yaml.safe_load((EXAMPLES / "github-actions.yml").read_text())
    steps: list[dict[str, Any]] = workflow["jobs"]["audit"]["steps"]
    return [s for s in steps if "run" in s and not _installs(s["run"])]


@pytest.mark.parametrize(("case", "code"), [("compliant-fleet", 0), ("rule-network-id", 1)])
def test_github_actions_workflow(tmp_path: Path, case: str, code: int) -> None:
    env = _workspace(tmp_path, case)
    env["GITHUB_OUTPUT"] = str(tmp_path / "github_output")
    env["GITHUB_STEP_SUMMARY"] = str(tmp_path / "step_summary.md")
    outputs: dict[str, str] = {}
    last = 0
    steps = _github_steps()
    for index, step in enumerate(steps):
        script = re.sub(
            r"\$\{\{\s*steps\.audit\.outputs\.(\w+)\s*\}\}", lambda m: outputs[m[1]], step["run"]
        )
        last = _bash(script, tmp_path, env)  # GitHub runs `bash -e {0}`
        if step.get("id") == "audit":
            text = Path(env["GITHUB_OUTPUT"]).read_text()
            for line in text.splitlines():
                key, _, value = line.partition("=")
                outputs[key] = value
        elif index < len(steps) - 1:
            assert last == 0, step["name"]
    assert last == code  # the final step fails the job on findings
    junit = ET.parse(tmp_path / "reports" / "audit-junit.xml").getroot()  # noqa: S314
    assert junit.tag == "testsuites"
    assert Path(env["GITHUB_STEP_SUMMARY"]).read_text().startswith("## dmvpnprov audit")
    assert (tmp_path / "configs").is_dir()


@pytest.mark.parametrize(("case", "code"), [("compliant-fleet", 0), ("rule-network-id", 1)])
def test_gitlab_job(tmp_path: Path, case: str, code: int) -> None:
    env = _workspace(tmp_path, case)
    job = yaml.safe_load((EXAMPLES / "gitlab-ci.yml").read_text())["dmvpn-audit"]
    commands = [c for c in job["script"] if not _installs(c)]
    # GitLab stops at the first failing command and fails the job with it
    codes = [_bash(c, tmp_path, env) for c in commands]
    assert codes[:-1] == [0] * (len(codes) - 1)
    assert codes[-1] == code
    assert job["artifacts"]["reports"]["junit"] == "reports/audit-junit.xml"
    assert ET.parse(tmp_path / "reports" / "audit-junit.xml").getroot().tag == "testsuites"  # noqa: S314
    assert (tmp_path / "reports" / "audit.html").read_text().startswith("<!DOCTYPE html>")
