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
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from dmvpnprov.audit import pipeline
from dmvpnprov.audit.engine import HostResult, intended_values
from dmvpnprov.audit.model import AuditReport, Finding, Severity
from dmvpnprov.audit.pipeline import SavedPlan, audit_saved, fleet_secrets, model_texts
from dmvpnprov.audit.run import (
    assemble,
    audit_batch,
    context_routers,
    host_jobs,
    run_audit,
    run_jobs,
)
from dmvpnprov.audit.shardfacts import shard_block
from dmvpnprov.audit.sources import SourceError, fetch_live, read_saved, saved_index
from dmvpnprov.audit.works import fleet_facts, judge
from dmvpnprov.commands.exitcodes import ExitCode
from dmvpnprov.commands.labtargets import lab_targets
from dmvpnprov.core.background import Background
from dmvpnprov.core.errors import UserError
from dmvpnprov.core.gcpause import gc_paused
from dmvpnprov.core.models import Fleet, Router
from dmvpnprov.core.secrets import MissingSecretError, SecretStore, mask_config
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


@dataclass
class Audited:
    """An audit's report and what a shard report adds: the fleet, per-router results
    (their facts) and the secret values (to key the digests in the facts)."""

    report: AuditReport
    fleet: Fleet
    results: Sequence[HostResult]
    secrets: frozenset[str]
    values: Mapping[str, Mapping[str, str]] | None = None  # each cloud's intended values


_Works = Mapping[str, list[Finding]]
_Piped = tuple[list[HostResult], dict[str, SourceError], frozenset[str], Background[_Works]]


def _pipeline(
    fleet: Fleet, running: Path, context: Sequence[Router], templates: Path | None,
    environ: Mapping[str, str] | None,
) -> _Piped:  # fmt: skip
    """A large fleet's saved configs, whole per router in worker processes (every secret
    set): results, errors, secret values, and the "works" verdict's findings (judged in
    a child process while this one goes on with the report)."""
    files = saved_index(running)
    plan = SavedPlan(fleet, running, files, templates, environ, fleet_secrets(fleet, environ))
    # The "works" verdict reads every router (a shard's too: the saved folder holds them
    # all, so each shard judges the whole fleet and reports on its own routers); the
    # workers read the others as well and send the model's input with their results.
    audited = {r.name for r in context}
    others = [r.name for r in fleet.routers if r.name not in audited]
    try:
        got = audit_saved(plan, [r.name for r in context], read=others)
    except MissingSecretError as exc:
        raise UserError(f"{exc}: the intended configs need it to be compared") from None
    unread = any(r.name in got.errors for r in fleet.routers)
    texts = {} if unread else model_texts(fleet, got)
    verdict: Background[_Works] = Background(partial(judge, fleet_facts(fleet), texts))
    return list(got.results), dict(got.errors), got.secrets, verdict


def _offline_note(store: SecretStore) -> list[str]:
    if not store.skipped:
        return []
    unset = ", ".join(sorted(store.skipped))
    return [
        f"{unset} not set: pre-shared keys, NHRP authentication and other secret "
        "values are not compared"
    ]


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
    known_hosts: Path | None = None,
    accept_new_host_keys: bool = False,
) -> Audited:
    """Load, render, read (saved, lab or live) and audit ``--limit`` / ``--shard``.

    A large fleet's saved configs are audited whole per router in worker processes when
    every secret is set; otherwise (live, small, or offline without the secrets, where
    secret values are compared by form only) the intended configs are rendered here.
    Live reads of real routers check their SSH keys against ``known_hosts`` (default:
    ``known_hosts`` beside the inventory), as push does.
    """
    from dmvpnprov.inventory.load import load_fleet, select_routers  # noqa: PLC0415

    if lab and running is not None:
        raise UserError("--lab and --running exclude each other (saved configs or the lab)")
    fleet = load_fleet(inventory, environ)
    selected = shard_routers(select_routers(fleet, limit), shard)
    context = context_routers(fleet, selected)
    store = SecretStore(environ, placeholders=running is not None)  # offline: none needed
    fail = Severity(fail_on)
    with gc_paused():  # the parent builds only long-lived objects (results, the report)
        if (
            running is not None
            and len(context) >= pipeline.PARALLEL_MIN_HOSTS
            and _all_set(fleet, environ)
        ):
            piped = _pipeline(fleet, running, context, templates, environ)
            results, errors, secrets, verdict = piped
            with verdict:
                # one rendered router per cloud gives the cloud's intended values
                samples = _render(fleet, _one_per_cloud(context), store, templates)
                report = assemble(
                    fleet, selected, results, errors, secrets=secrets, fail_on=fail,
                    source=f"saved configs in {running}", intended=samples,
                    works=verdict.result,
                )  # fmt: skip
            return Audited(report, fleet, results, secrets, intended_values(fleet, samples))
        intended = _render(fleet, context, store, templates)
        notes: list[str] = []
        verdict_on: Mapping[str, str | SourceError] | None = None
        if running is not None:
            configs: Mapping[str, str | SourceError] = read_saved(running, context)
            source = f"saved configs in {running}"
            # the routers' own texts (keys compared with each other, never printed); a
            # shard judges the whole fleet's DMVPN from the saved folder (see _pipeline)
            verdict_on = configs if shard is None else read_saved(running, fleet.routers)
            if store.skipped:
                intended, configs = _without_secret_values(intended, configs)
                notes = _offline_note(store)
        else:
            if targets is None:
                targets = lab_targets(lab, lab_dir)
            from dmvpnprov.transport.hostkeys import known_hosts_file  # noqa: PLC0415

            names = [r.name for r in context]
            configs = fetch_live(
                inventory, names, targets=targets, environ=environ,
                known_hosts=known_hosts_file(inventory, known_hosts, lab=targets is not None),
                accept_new_host_keys=accept_new_host_keys,
            )  # fmt: skip
            source = "the lab (live)" if lab or targets is not None else "the routers (live)"
            verdict_on = configs if shard is None else None  # a live shard sees its own only
        texts = {name: text for name, text in configs.items() if isinstance(text, str)}
        results = run_jobs(host_jobs(fleet, intended, texts, store.values), None)
        errors = {n: why for n, why in configs.items() if isinstance(why, SourceError)}
        report = assemble(
            fleet, selected, results, errors, secrets=store.values, fail_on=fail,
            source=source, notes=notes, intended=intended, running=verdict_on,
        )  # fmt: skip
    return Audited(report, fleet, results, store.values, intended_values(fleet, intended))


def _one_per_cloud(routers: Sequence[Router]) -> list[Router]:
    chosen: dict[str, Router] = {}
    for router in routers:
        for t in router.tunnels:
            chosen.setdefault(t.cloud, router)
    return list({r.name: r for r in chosen.values()}.values())


def _all_set(fleet: Fleet, environ: Mapping[str, str] | None) -> bool:
    """True when every secret variable the intended configs need is set."""
    store = SecretStore(environ)
    refs = {c.nhrp_auth for c in fleet.clouds.values() if c.nhrp_auth is not None}
    refs |= {p.psk for p in fleet.crypto_profiles.values()}
    return all(store.is_set(ref) for ref in refs)


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
    show_all: bool = False,
    shard: str | None = None,
    known_hosts: Path | None = None,
    accept_new_host_keys: bool = False,
) -> int:
    """Run the audit as the CLI does; return the exit code (0, 1 or 2).

    With ``shard`` (``K/N``) only that shard's routers are audited, and a JSON report
    carries the facts ``dmvpnprov merge`` needs to give the whole fleet's report.
    """
    from dmvpnprov.reporting.audit_output import emit  # noqa: PLC0415

    part = parse_shard(shard) if shard is not None else None
    got = audit_run(
        inventory, running=running, limit=limit, shard=part, fail_on=fail_on,
        templates=templates, lab=lab, lab_dir=lab_dir, known_hosts=known_hosts,
        accept_new_host_keys=accept_new_host_keys,
    )  # fmt: skip
    with gc_paused():
        block = None
        if part is not None:
            block = shard_block(got.fleet, str(part), got.results, got.secrets, got.values)
        emit(got.report, output_format, output, show_all, shard=block)
    return exit_code(got.report)
