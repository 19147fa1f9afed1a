"""Running the audit over a fleet: one job per router (in worker processes for large
fleets), then the cloud rules, then the :class:`AuditReport` (its exit code is the
command's business: ``dmvpnprov.commands.audit.exit_code``)."""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache

from dmvpnprov.audit.drift import FEATURES
from dmvpnprov.audit.engine import HostJob, HostResult, audit_host, cloud_findings
from dmvpnprov.audit.facts import pooled
from dmvpnprov.audit.model import AuditReport, Checked, Finding, HostAudit, Severity, Summary
from dmvpnprov.audit.rules import RULES
from dmvpnprov.audit.sources import SourceError
from dmvpnprov.audit.works import works_findings
from dmvpnprov.core.models import Fleet, Router

__all__ = [
    "PARALLEL_MIN_HOSTS",
    "assemble",
    "audit_batch",
    "context_routers",
    "host_audit",
    "host_jobs",
    "run_audit",
    "run_jobs",
    "summarise",
    "unreachable",
]

PARALLEL_MIN_HOSTS = 400  # below this, starting worker processes costs more than it saves
_COLLECT_EVERY = 5  # routers audited between two collections of the youngest generation


def host_jobs(
    fleet: Fleet, intended: Mapping[str, str], running: Mapping[str, str], secrets: frozenset[str]
) -> list[HostJob]:
    """One job per router with both an intended and a running config."""
    jobs = []
    for router in fleet.routers:
        if router.name not in running or router.name not in intended:
            continue
        owned = tuple(fleet.clouds[t.cloud].tunnel_subnet for t in router.tunnels)
        jobs.append(
            HostJob(
                router.name,
                router.hostname,
                running[router.name],
                intended[router.name],
                router.ios_release,
                router.is_hub,
                owned,
                secrets,
                router.nbma.public_address is not None,
            )
        )
    return jobs


def _identity(f: Finding) -> tuple[object, ...]:
    return (
        f.feature,
        f.rule,
        f.severity,
        f.message,
        f.missing,
        f.extra,
        f.remediation,
        f.reference,
    )


def audit_batch(jobs: Sequence[HostJob]) -> list[HostResult]:
    """Audit ``jobs`` in this process, collecting only the young GC generations.

    Each audit leaves cyclic garbage (hier_config trees link parents and children) while
    the results pile up; Python's full collections would rescan that growing heap again
    and again (per-router time grew 2x from 1,000 to 3,000 routers). Collections of the
    youngest generation between routers, every few routers, reclaim the trees while their
    memory is still in the CPU's caches (every 5 routers: 0.68 ms a router; every 50 with
    generation 1, as before: 0.77 ms); the results that survive are not scanned again.
    """
    enabled = gc.isenabled()
    gc.disable()
    shared: dict[tuple[object, ...], Finding] = {}
    values: dict[object, object] = {}
    try:
        out = []
        for count, job in enumerate(jobs, 1):
            result = audit_host(job)
            # A fleet repeats its findings (same rule, same message on every spoke): one
            # object each, so a worker pickles it once and the parent holds it once.
            result.findings = [shared.setdefault(_identity(f), f) for f in result.findings]
            result.facts = pooled(result.facts, values)  # the same for facts' values
            out.append(result)
            if count % _COLLECT_EVERY == 0:
                gc.collect(0)
        return out
    finally:
        if enabled:
            gc.enable()


def run_jobs(jobs: list[HostJob], workers: int | None) -> list[HostResult]:
    """Audit ``jobs`` (in worker processes for a large fleet)."""
    workers = workers if workers is not None else (os.cpu_count() or 1)
    if workers <= 1 or len(jobs) < PARALLEL_MIN_HOSTS:
        return audit_batch(jobs)
    # Small chunks (16 per worker) keep both workers busy to the end: with 4 per worker,
    # one worker idled for up to a chunk's time (~2 s at 10,000 routers) at the end.
    size = -(-len(jobs) // (workers * 16))
    chunks = [jobs[i : i + size] for i in range(0, len(jobs), size)]
    gc.freeze()  # forked workers share the parent's heap: keep the collector off its pages
    try:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            return [result for batch in pool.map(audit_batch, chunks) for result in batch]
    finally:
        gc.unfreeze()


@lru_cache(maxsize=1)
def _checked() -> Checked:
    return Checked(features=tuple(FEATURES), rules=tuple(RULES))


def host_audit(host: str, findings: list[Finding], fail_on: Severity) -> HostAudit:
    """One router's audit from its findings (sorted: drift first, worst first)."""
    compliant = not any(f.feature is not None or f.severity.at_least(fail_on) for f in findings)
    order = sorted(findings, key=lambda f: (f.feature is None, -f.severity.rank, f.key))
    # Validated parts (findings are built validated in the audit): no second validation.
    return HostAudit.model_construct(
        host=host, compliant=compliant, findings=tuple(order), checked=_checked()
    )


def unreachable(host: str, error: SourceError) -> HostAudit:
    """A router whose running config could not be read."""
    finding = Finding(rule="SOURCE-001", severity=Severity.CRITICAL, message=str(error))
    return HostAudit(host=host, compliant=False, reachable=False, findings=(finding,))


def summarise(hosts: Sequence[HostAudit], fail_on: Severity, source: str) -> Summary:
    """The :class:`Summary` of ``hosts``."""
    counts = {s.value: 0 for s in Severity}
    for h in hosts:
        for f in h.findings:
            counts[f.severity.value] += 1
    return Summary(
        hosts=len(hosts),
        compliant=sum(h.compliant for h in hosts),
        non_compliant=sum(not h.compliant for h in hosts),
        unreachable=sum(not h.reachable for h in hosts),
        findings=counts,
        drifted_features=sum(f.feature is not None for h in hosts for f in h.findings),
        rule_violations=sum(f.rule is not None for h in hosts for f in h.findings),
        fail_on=fail_on,
        source=source,
    )


def run_audit(
    fleet: Fleet,
    selected: Sequence[Router],
    intended: Mapping[str, str],
    running: Mapping[str, str | SourceError],
    *,
    secrets: frozenset[str] = frozenset(),
    fail_on: Severity = Severity.ERROR,
    workers: int | None = None,
    source: str = "",
    notes: Sequence[str] = (),
) -> AuditReport:
    """Audit ``selected`` routers; other routers in ``running`` serve as cloud context.
    ``notes`` become one info finding (``SOURCE-005``) on each router read."""
    texts = {name: text for name, text in running.items() if isinstance(text, str)}
    results = run_jobs(host_jobs(fleet, intended, texts, secrets), workers)
    errors = {name: why for name, why in running.items() if isinstance(why, SourceError)}
    return assemble(
        fleet, selected, results, errors, secrets=secrets, fail_on=fail_on, source=source,
        notes=notes, intended=intended, running=running,
    )  # fmt: skip


def assemble(
    fleet: Fleet,
    selected: Sequence[Router],
    results: Sequence[HostResult],
    errors: Mapping[str, SourceError],
    *,
    secrets: frozenset[str] = frozenset(),
    fail_on: Severity = Severity.ERROR,
    source: str = "",
    notes: Sequence[str] = (),
    intended: Mapping[str, str] | None = None,
    running: Mapping[str, object] | None = None,
    works: Mapping[str, list[Finding]] | Callable[[], Mapping[str, list[Finding]]] | None = None,
) -> AuditReport:
    """The report of ``selected`` from per-router ``results`` (any routers' results serve
    as cloud context): cloud rules on their facts, then one :class:`HostAudit` each.

    With the ``intended`` configs, cloud consistency is judged against the inventory's
    values (the router that deviates gets the finding); with the ``running`` configs
    (text, or an error for a router not read), the control-plane model gives each cloud
    its "works" verdict (or ``works`` gives the verdict's findings, judged already, or a
    function that gives them, called once the cloud rules are done);
    ``notes`` become one info finding (``SOURCE-005``) per router.
    """
    by_host = {r.host: r for r in results}
    facts = {h: r.facts for h, r in by_host.items()}
    by_cloud = cloud_findings(fleet, facts, secrets, intended)
    if callable(works):
        works = works()
    elif works is None and running is not None:
        works = works_findings(fleet, running)
    if works is not None:
        for host, found in works.items():
            by_cloud.setdefault(host, []).extend(found)
    noted = [Finding(rule="SOURCE-005", severity=Severity.INFO, message=n) for n in notes]
    hosts = []
    for router in selected:
        if router.name in by_host:
            findings = by_host[router.name].findings + by_cloud.get(router.name, []) + noted
            hosts.append(host_audit(router.name, findings, fail_on))
        else:
            why = errors.get(router.name, SourceError("no running config read"))
            hosts.append(unreachable(router.name, why))
    return AuditReport(hosts=tuple(hosts), summary=summarise(hosts, fail_on, source))


def context_routers(fleet: Fleet, selected: Sequence[Router]) -> tuple[Router, ...]:
    """The selected routers plus the hubs of their clouds (cloud rules need the hubs)."""
    clouds = {t.cloud for r in selected for t in r.tunnels}
    names = {r.name for r in selected} | {
        h.name for h in fleet.hubs if any(t.cloud in clouds for t in h.tunnels)
    }
    return tuple(r for r in fleet.routers if r.name in names)
