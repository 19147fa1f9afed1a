"""Every render golden case loads into lab routers of its releases, line for line.

The cases are found by a glob (a new case is new files); each router's rendered config
is typed into a fresh lab router of the host's platform and release: no line may be
rejected, and the lab prints back the same DMVPN sections.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from dmvpnprov.core.display import displayed
from dmvpnprov.core.models import Fleet
from dmvpnprov.core.secrets import SecretStore
from dmvpnprov.inventory.load import load_fleet
from dmvpnprov.lab.fleet import DEFAULT_CREDENTIALS, specs_for_fleet
from dmvpnprov.lab.network.server import LabConfigError, LabServer
from dmvpnprov.render.engine import render_fleet
from tests.support.paths import GOLDEN_RENDER

pytestmark = pytest.mark.lab

CASES = sorted(GOLDEN_RENDER.glob("*/inventory"))


def _environ(fleet: Fleet) -> dict[str, str]:
    names = set(DEFAULT_CREDENTIALS.values())
    names |= {p.psk.env for p in fleet.crypto_profiles.values()}
    names |= {c.nhrp_auth.env for c in fleet.clouds.values() if c.nhrp_auth}
    return {name: f"lab-{name.lower()}" for name in names}


def _body(config: str) -> list[str]:
    lines = config.splitlines()
    return lines[: lines.index("end")] if "end" in lines else lines


def _paths(lines: list[str]) -> set[tuple[str, ...]]:
    """Each line with the section headers above it (indentation-based)."""
    stack: list[tuple[int, str]] = []
    paths = set()
    for raw in lines:
        if not raw.strip() or raw.strip() == "!":
            continue
        depth = len(raw) - len(raw.lstrip())
        while stack and stack[-1][0] >= depth:
            stack.pop()
        paths.add((*(text for _, text in stack), raw.strip()))
        stack.append((depth, raw.strip()))
    return paths


def _shown(paths: set[tuple[str, ...]], release: str) -> set[tuple[str, ...]]:
    """Rendered lines as the release prints them (``encryption aes`` -> ``encr aes``)."""
    out = set()
    for path in paths:
        if len(path) != 2:
            out.add(path)
            continue
        line = displayed(path[0], path[1], release)
        if line is not None:
            out.add((path[0], line))
    return out


@pytest.mark.parametrize("inventory", CASES, ids=[c.parent.name for c in CASES])
def test_golden_case_loads_without_a_rejected_line(lab_server: LabServer, inventory: Path) -> None:
    fleet = load_fleet(inventory)
    environ = _environ(fleet)
    configs = render_fleet(fleet, SecretStore(environ))
    case = inventory.parent.name
    for spec in specs_for_fleet(fleet, environ, inventory):
        name = f"{case}/{spec.name}"
        router = lab_server.add(replace(spec, name=name))
        try:
            router.configure(_body(configs[spec.name]))
        except LabConfigError as exc:
            pytest.fail(f"{case}: {spec.name} on {spec.ios_release}: {exc}")
        finally:
            running = router.running_config()
            lab_server.remove(name)
        rendered = _shown(_paths(_body(configs[spec.name])), spec.ios_release)
        missing = rendered - _paths(running.splitlines())
        assert not missing, f"{case}: {spec.name}: rendered lines the lab does not show: {missing}"
