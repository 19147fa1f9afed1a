"""The installed package finds its built-in templates without the source tree."""

from __future__ import annotations

import ast
import fnmatch
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from tests.support.paths import DECK_CASE, ROOT

PACKAGE = ROOT / "dmvpnprov"

SCRIPT = """
import sys
from pathlib import Path
import dmvpnprov.render.engine as render
from dmvpnprov.inventory.load import load_fleet
from dmvpnprov.core.secrets import SecretStore
site = Path(sys.argv[1]).resolve()
assert Path(render.__file__).resolve().is_relative_to(site), render.__file__
(folder,) = [p for loader in render.environment().loader.loaders for p in loader.searchpath]
assert Path(folder).resolve().is_relative_to(site), folder
env = {"DMVPN_PSK": "cisco47", "DMVPN_NHRP_AUTH": "donttell"}
fleet = load_fleet(Path(sys.argv[2]), env)
sys.stdout.write(render.render_router(fleet, "spoke1", SecretStore(env)))
"""


def test_a_copy_of_the_package_outside_the_repo_renders(tmp_path: Path) -> None:
    site = tmp_path / "site-packages"
    shutil.copytree(PACKAGE, site / "dmvpnprov", ignore=shutil.ignore_patterns("__pycache__"))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(site), str(DECK_CASE / "inventory")],
        cwd=tmp_path,
        env={**env, "PYTHONPATH": str(site)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == (DECK_CASE / "expected" / "spoke1.cfg").read_text()


def test_the_wheel_ships_every_template() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text()
    match = re.search(r"\[tool\.setuptools\.package-data\]\ndmvpnprov = (\[.*?\])", pyproject)
    assert match, "package-data of dmvpnprov in pyproject.toml"
    patterns = ast.literal_eval(match[1])
    templates = [p.relative_to(PACKAGE).as_posix() for p in (PACKAGE / "templates").rglob("*")]
    for name in (t for t in templates if t.endswith(".j2")):
        assert any(fnmatch.fnmatch(name, pattern) for pattern in patterns), name
    assert {"templates/ios/hub.j2", "templates/ios/spoke.j2"} <= set(templates)
