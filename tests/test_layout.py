"""The test tree mirrors the package, and tests share code only through tests/support/."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.support.paths import ROOT

TESTS = ROOT / "tests"
PACKAGE = ROOT / "dmvpnprov"
_NOT_MIRRORS = {"support", "golden", "__pycache__"}


def _modules() -> list[Path]:
    return sorted(p for p in TESTS.rglob("*.py") if "golden" not in p.relative_to(TESTS).parts)


def _imports_from(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            found.append((node.level, node.module or ""))
        elif isinstance(node, ast.Import):
            found.extend((0, alias.name) for alias in node.names)
    return found


def test_tests_import_shared_code_only_from_support() -> None:
    wrong = []
    for path in _modules():
        for level, module in _imports_from(path):
            if level or (module.startswith("tests") and not module.startswith("tests.support")):
                wrong.append(f"{path.relative_to(ROOT)}: {'.' * level}{module}")
    assert wrong == []


def test_every_test_folder_mirrors_a_subpackage() -> None:
    folders = {p.name for p in TESTS.iterdir() if p.is_dir()} - _NOT_MIRRORS
    subpackages = {p.parent.name for p in PACKAGE.glob("*/__init__.py")}
    assert folders, "the tests are in folders"
    assert folders <= subpackages, sorted(folders - subpackages)


def test_the_checks_above_see_a_bad_import(tmp_path: Path) -> None:
    bad = tmp_path / "test_bad.py"
    bad.write_text("from .conftest import X\nfrom tests.lab.test_cli import Term\n")
    assert _imports_from(bad) == [(1, "conftest"), (0, "tests.lab.test_cli")]
