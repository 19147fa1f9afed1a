"""Audit golden cases (one folder each under ``tests/golden/audit/``) and how to audit one."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from dmvpnprov.audit.model import AuditReport, Severity
from dmvpnprov.audit.sources import SourceError, read_saved
from dmvpnprov.commands.audit import run_audit
from dmvpnprov.core.models import Fleet
from dmvpnprov.core.secrets import SecretStore
from dmvpnprov.inventory.load import load_fleet
from dmvpnprov.render.engine import render_fleet
from tests.support.paths import GOLDEN_AUDIT

GOLDEN = GOLDEN_AUDIT
CASES = sorted(p.parent for p in GOLDEN.glob("*/expected.json"))
_SECRET_LINES = re.compile(
    r"^\s*(?:crypto isakmp key (?:[067] )?|ip nhrp authentication (?:7 )?"
    r"|pre-shared-key (?!address )(?:[067] )?|pre-shared-key address \S+(?: \S+)? key "
    r"|enable password |username \S+(?: privilege \d+)? password (?:[07] )?)(\S+)",
    re.MULTILINE,
)


@dataclass
class Audited:
    """A golden case after its audit: inputs, intended configs and the report."""

    case: Path
    env: dict[str, str]
    fleet: Fleet
    intended: dict[str, str]
    running: dict[str, str | SourceError]
    report: AuditReport

    def secret_values(self) -> set[str]:
        """Every secret the inputs hold: env values and the values in running configs."""
        values = set(self.env.values())
        for text in self.running.values():
            if isinstance(text, str):
                values |= {m[1] for m in _SECRET_LINES.finditer(text) if len(m[1]) > 3}
        return values


def load_env(case: Path) -> dict[str, str]:
    """The case's test secret values (env.yaml)."""
    data = yaml.safe_load((case / "env.yaml").read_text())
    return {str(k): str(v) for k, v in data.items()}


def audit_case(case: Path, fail_on: Severity = Severity.ERROR) -> Audited:
    """Render the case's inventory, read its saved configs and audit every router."""
    env = load_env(case)
    fleet = load_fleet(case / "inventory", environ=env)
    store = SecretStore(env)
    intended = render_fleet(fleet, store)
    running = read_saved(case / "running", fleet.routers)
    report = run_audit(
        fleet, fleet.routers, intended, running, secrets=store.values, fail_on=fail_on, workers=1
    )
    return Audited(case, env, fleet, intended, running, report)


def audit_folder(case: Path, running_dir: Path, fail_on: Severity = Severity.ERROR) -> Audited:
    """Audit the case's inventory against the saved configs of another folder."""
    env = load_env(case)
    fleet = load_fleet(case / "inventory", environ=env)
    store = SecretStore(env)
    intended = render_fleet(fleet, store)
    running = read_saved(running_dir, fleet.routers)
    report = run_audit(
        fleet, fleet.routers, intended, running, secrets=store.values, fail_on=fail_on, workers=1
    )
    return Audited(case, env, fleet, intended, running, report)


def copy_running(case: Path, tmp_path: Path) -> Path:
    """A writable copy of the case's saved configs."""
    import shutil  # noqa: PLC0415

    target = tmp_path / "running"
    shutil.copytree(case / "running", target)
    return target


def edit_running(folder: Path, host: str, before: str, after: str) -> None:
    """Replace ``before`` (which must be there) by ``after`` in a host's saved config."""
    path = next(folder.glob(f"{host}*"))
    text = path.read_text()
    assert before in text, f"{host}: {before!r} not in the saved config"
    path.write_text(text.replace(before, after, 1))
