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
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from dmvpnprov.audit.engine import HostResult
from dmvpnprov.audit.model import AuditReport, Severity
from dmvpnprov.audit.pipeline import SavedPlan, Share, audit_saved, fleet_secrets
from dmvpnprov.audit.run import (
    assemble,
    audit_batch,
    context_routers,
    exit_code,
    host_jobs,
    run_audit,
    run_jobs,
)
from dmvpnprov.audit.shardfacts import shard_block
from dmvpnprov.audit.sources import SourceError, fetch_live, saved_index
from dmvpnprov.commands.labtargets import lab_targets
from dmvpnprov.core.errors import UserError
from dmvpnprov.core.gcpause import gc_paused
from dmvpnprov.core.models import Fleet, Router
from dmvpnprov.core.secrets import MissingSecretError, SecretStore
from dmvpnprov.inventory.shards import Shard, parse_shard, shard_routers

if TYPE_CHECKING:
    from dmvpnprov.transport.connections import LabTargetLike

__all__ = [
    "audit_batch",
    "audit_command",
    "audit_fleet",
    "audit_run",
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


@dataclass
class Audited:
    """An audit's report and what a shard report adds: the fleet, per-router results
    (their facts) and the secret values (to key the digests in the facts)."""

    report: AuditReport
    fleet: Fleet
    results: Sequence[HostResult]
    secrets: frozenset[str]


def _audit_saved(
    fleet: Fleet, running: Path, context: Sequence[Router], templates: Path | None,
    environ: Mapping[str, str] | None,
) -> tuple[Share, str]:  # fmt: skip
    files = saved_index(running)
    plan = SavedPlan(fleet, running, files, templates, environ, fleet_secrets(fleet, environ))
    try:
        got = audit_saved(plan, [r.name for r in context])
    except MissingSecretError as exc:
        raise UserError(f"{exc}: the intended configs need it to be compared") from None
    return got, f"saved configs in {running}"


def audit_run(
    inventory: Path,
    *,
    running: Path | None = None,
    limit: str | None = None,
    shard: Shard | None = None,
    fail_on: str = "error",
    templates: Path | None = None,
    lab: bool = False,
    lab_dir: Path | None = None,
    targets: Mapping[str, LabTargetLike] | None = None,
    environ: Mapping[str, str] | None = None,
) -> Audited:
    """Load, render, read (saved, lab or live) and audit ``--limit`` / ``--shard``."""
    from dmvpnprov.inventory.load import load_fleet, select_routers  # noqa: PLC0415

    fleet = load_fleet(inventory, environ)
    selected = shard_routers(select_routers(fleet, limit), shard)
    context = context_routers(fleet, selected)
    # The parent builds only long-lived objects (results, then the report): no
    # collection pass is worth walking them again and again.
    with gc_paused():
        if running is not None:
            got, source = _audit_saved(fleet, running, context, templates, environ)
            results, errors, secrets = got.results, got.errors, got.secrets
        else:
            store = SecretStore(environ)
            intended = _render(fleet, context, store, templates)
            if targets is None:
                targets = lab_targets(lab, lab_dir)
            names = [r.name for r in context]
            configs = fetch_live(inventory, names, targets=targets, environ=environ)
            source = "the lab (live)" if lab or targets is not None else "the routers (live)"
            texts = {name: text for name, text in configs.items() if isinstance(text, str)}
            secrets = store.values
            results = run_jobs(host_jobs(fleet, intended, texts, secrets), None)
            errors = {n: why for n, why in configs.items() if isinstance(why, SourceError)}
        report = assemble(
            fleet, selected, results, errors,
            secrets=secrets, fail_on=Severity(fail_on), source=source,
        )  # fmt: skip
    return Audited(report, fleet, results, secrets)


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
    return audit_run(
        inventory, running=running, limit=limit, fail_on=fail_on, templates=templates,
        lab=lab, lab_dir=lab_dir, targets=targets, environ=environ,
    ).report  # fmt: skip


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
    shard: str | None = None,
) -> int:
    """Run the audit as the CLI does; return the exit code (0, 1 or 2).

    With ``shard`` (``K/N``) only that shard's routers are audited, and a JSON report
    carries the facts ``dmvpnprov merge`` needs to give the whole fleet's report.
    """
    from dmvpnprov.reporting.audit_output import emit  # noqa: PLC0415

    part = parse_shard(shard) if shard is not None else None
    got = audit_run(
        inventory, running=running, limit=limit, shard=part, fail_on=fail_on,
        templates=templates, lab=lab, lab_dir=lab_dir,
    )  # fmt: skip
    with gc_paused():
        block = None
        if part is not None:
            block = shard_block(got.fleet, str(part), got.results, got.secrets)
        emit(got.report, output_format, output, show_all, shard=block)
    return exit_code(got.report)
