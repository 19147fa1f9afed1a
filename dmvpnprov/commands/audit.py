"""``dmvpnprov audit``: running configs against the intended ones, and policy rules.

Flow: load and validate the inventory, render the intended configs (real secrets, in
memory only), read the running configs (``--running DIR`` or live through Nornir),
audit each router (drift per feature within the managed scope, host rules; in worker
processes for large fleets), then the cloud-wide rules, then one :class:`AuditReport`
written in the asked formats. Exit 0 compliant, 1 drift or findings at or above
``--fail-on``, 2 bad input or routers that could not be read (the report is still
written for the others).

Examples:
    >>> from dmvpnprov.audit.model import Summary
    >>> exit_code(AuditReport(hosts=(), summary=Summary(hosts=0, compliant=0,
    ...                                                 non_compliant=0, unreachable=0)))
    <ExitCode.OK: 0>
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from dmvpnprov.audit.model import AuditReport, Severity
from dmvpnprov.audit.run import audit_batch, context_routers, run_audit
from dmvpnprov.audit.sources import SourceError, fetch_live, read_saved
from dmvpnprov.commands.exitcodes import ExitCode
from dmvpnprov.commands.labtargets import lab_targets
from dmvpnprov.core.errors import UserError
from dmvpnprov.core.models import Fleet, Router
from dmvpnprov.core.secrets import MissingSecretError, SecretStore, mask_config

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


def exit_code(report: AuditReport) -> ExitCode:
    """INPUT (2) when a router could not be read, FAIL (1) when not compliant, else OK."""
    if report.summary.unreachable:
        return ExitCode.INPUT
    return ExitCode.OK if report.compliant else ExitCode.FAIL


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
    if lab and running is not None:
        raise UserError("--lab and --running exclude each other (saved configs or the lab)")
    store = SecretStore(environ, placeholders=running is not None)  # offline: none needed
    intended = _render(fleet, context, store, templates)
    names = [r.name for r in context]
    notes: list[str] = []
    if running is not None:
        configs: Mapping[str, str | SourceError] = read_saved(running, context)
        source = f"saved configs in {running}"
        if store.skipped:
            intended, configs = _without_secret_values(intended, configs)
            unset = ", ".join(sorted(store.skipped))
            notes.append(
                f"{unset} not set: pre-shared keys, NHRP authentication and other secret "
                "values are not compared"
            )
    else:
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
        notes=notes,
    )


_TYPED_MASK = re.compile(r"(?<= )[0-9] (?=\*{8})")


def _without_secret_values(
    intended: Mapping[str, str], running: Mapping[str, str | SourceError]
) -> tuple[dict[str, str], dict[str, str | SourceError]]:
    """Both sides with every secret value masked (type digits too), so secret-bearing
    lines compare by form only: what an audit without the secrets can judge."""

    def blank(text: str) -> str:
        return _TYPED_MASK.sub("", mask_config(text))

    return (
        {name: blank(text) for name, text in intended.items()},
        {name: blank(t) if isinstance(t, str) else t for name, t in running.items()},
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
    emit(report, output_format, output)
    return exit_code(report)
