"""The project's promises about itself: the README's two commands and CI agree."""

from __future__ import annotations

import re

from tests.support.paths import ROOT


def _readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Two commands", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section, flags=re.DOTALL)


def test_readme_first_command_installs_and_runs_the_demo() -> None:
    first = _readme_commands()[0]
    assert "pip install" in first
    assert first.rstrip().endswith("dmvpnprov demo")


def test_ci_runs_exactly_the_readme_test_command() -> None:
    test_command = _readme_commands()[1].strip()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test_command in ci.splitlines()
    assert "pytest" in test_command


def test_templates_are_shipped_inside_the_package() -> None:
    shipped = ROOT / "dmvpnprov" / "templates" / "ios"
    assert shipped.is_dir()
    assert (ROOT / "templates").resolve() == (ROOT / "dmvpnprov" / "templates").resolve()
