"""``dmvpnprov audit``: running configs against the intended ones, and policy rules.

Flow: load and validate the inventory, render the intended configs (real secrets, in
memory only), read the running configs (``--running DIR`` or live through Nornir),
audit each router (drift per feature within the managed scope, host rules; in worker
processes for large fleets), then the cloud-wide rules, then one :class:`AuditReport`
written in the asked formats. Exit 0 compliant, 1 drift or findings at or above
``--fail-on``, 2 bad input or routers that could not be read (the report is still
written for the others).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from dmvpnprov.audit.model import AuditReport, Severity
from dmvpnprov.audit.pipeline import SavedPlan, audit_saved, fleet_secrets
from dmvpnprov.audit.run import assemble, audit_batch, context_routers, exit_code, run_audit
from dmvpnprov.audit.sources import fetch_live, saved_index
from dmvpnprov.commands.labtargets import lab_targets
from dmvpnprov.core.errors import UserError
from dmvpnprov.core.gcpause import gc_paused
from dmvpnprov.core.models import Fleet, Router
from dmvpnprov.core.secrets import MissingSecretError, SecretStore

if TYPE_CHECKING:
    from dmvpnprov.transport.connections import LabTargetLike

__all__ = [
    "audit_batch",
    "audit_command",
    "audit_fleet",
    "context_routers",
    "exit_code",
    "run_audit",
]

log = logging.getLogger(__name__)


def _render(
    fleet: Fleet, routers: Sequence[Router], store: SecretStore, templates: Path | None
) -> dict[str, str]:
    from dmvpnprov.render.engine import render_fleet  # noqa: PLC0415 - loads Jinja2 only when used

    try:
        return render_fleet(fleet, store, templates=templates, names=[r.name for r in routers])
    except MissingSecretError as exc:
        raise UserError(f"{exc}: the intended configs need it to be compared") from None


def audit_fleet(
    inventory: Path,
    *,
    running: Path | None = None,
    limit: str | None = None,
    fail_on: str = "error",
    templates: Path | None = None,
    lab: bool = False,
    lab_dir: Path | None = None,
    targets: Mapping[str, LabTargetLike] | None = None,
    environ: Mapping[str, str] | None = None,
) -> AuditReport:
    """Load, render, read (saved, lab or live) and audit: the report ``audit`` writes.

    ``targets`` reads an in-process lab (tests, demo); ``environ`` replaces
    ``os.environ`` as the source of secrets.
    """
    from dmvpnprov.inventory.load import load_fleet, select_routers  # noqa: PLC0415

    fleet = load_fleet(inventory, environ)
    selected = select_routers(fleet, limit)
    context = context_routers(fleet, selected)
    if running is not None:
        files = saved_index(running)
        plan = SavedPlan(fleet, running, files, templates, environ, fleet_secrets(fleet, environ))
        # The parent builds only long-lived objects (results, then the report): no
        # collection pass is worth walking them again and again.
        with gc_paused():
            try:
                got = audit_saved(plan, [r.name for r in context])
            except MissingSecretError as exc:
                msg = f"{exc}: the intended configs need it to be compared"
                raise UserError(msg) from None
            return assemble(
                fleet,
                selected,
                got.results,
                got.errors,
                secrets=got.secrets,
                fail_on=Severity(fail_on),
                source=f"saved configs in {running}",
            )
    store = SecretStore(environ)
    intended = _render(fleet, context, store, templates)
    names = [r.name for r in context]
    if targets is None:
        targets = lab_targets(lab, lab_dir)
    configs = fetch_live(inventory, names, targets=targets, environ=environ)
    source = "the lab (live)" if lab or targets is not None else "the routers (live)"
    return run_audit(
        fleet,
        selected,
        intended,
        configs,
        secrets=store.values,
        fail_on=Severity(fail_on),
        source=source,
    )


def audit_command(
    inventory: Path,
    *,
    running: Path | None = None,
    output_format: str | None = None,
    output: Path | Sequence[Path] | None = None,
    limit: str | None = None,
    fail_on: str = "error",
    templates: Path | None = None,
    lab: bool = False,
    lab_dir: Path | None = None,
    show_all: bool = False,
) -> int:
    """Run the audit as the CLI does; return the exit code (0, 1 or 2)."""
    from dmvpnprov.reporting.audit_output import emit  # noqa: PLC0415

    report = audit_fleet(
        inventory,
        running=running,
        limit=limit,
        fail_on=fail_on,
        templates=templates,
        lab=lab,
        lab_dir=lab_dir,
    )
    with gc_paused():
        emit(report, output_format, output, show_all)
    return exit_code(report)
