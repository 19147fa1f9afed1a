"""Run a push over the fleet with Nornir: read and back up, then apply in safe order.

:func:`plan_fleet` reads every selected router (Nornir's threaded runner), writes the
backups and computes the deltas. :func:`apply_fleet` applies the plans with changes:
hubs first, then spokes, each role in batches, stopping new routers once the failure
threshold is reached (the rest are reported as skipped, untouched).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from nornir.core import Nornir
from nornir.core.task import Result, Task

from dmvpnprov.core.models import Fleet, Router
from dmvpnprov.push.apply import ApplyOptions, FailureGate, apply_plan
from dmvpnprov.push.plan import HostPlan, base_result, make_plans
from dmvpnprov.push.results import HostResult, describe_error
from dmvpnprov.transport.connections import CONNECTION, fetch_running
from dmvpnprov.transport.retry import open_connection

__all__ = ["apply_fleet", "batches", "plan_fleet", "planned_result"]

log = logging.getLogger(__name__)

Mask = Callable[[str], str]
OnDone = Callable[[HostResult], None]


def plan_fleet(
    nr: Nornir,
    fleet: Fleet,
    routers: Sequence[Router],
    intended: Mapping[str, str],
    backups: Path | None,
    *,
    retries: int = 0,
) -> dict[str, HostPlan]:
    """Read, back up (unless ``backups`` is ``None``) and plan every router of ``routers``."""
    selected = {r.name for r in routers}
    running = fetch_running(nr.filter(filter_func=lambda h: h.name in selected), retries)
    for name, got in running.items():
        if isinstance(got, Exception):  # one line; the traceback is in push.log
            log.warning("%s: cannot read the running config: %s", name, describe_error(got))
    return make_plans(fleet, routers, intended, running, backups)


def batches(plans: Iterable[HostPlan], size: int) -> list[list[HostPlan]]:
    """Hubs first, then spokes; each role cut into batches of ``size`` (0: one batch).

    Examples:
        >>> batches([], 2)
        []
    """
    items = list(plans)
    out: list[list[HostPlan]] = []
    for group in ([p for p in items if p.router.is_hub], [p for p in items if not p.router.is_hub]):
        step = size if size > 0 else max(1, len(group))
        out.extend(group[i : i + step] for i in range(0, len(group), step))
    return out


def planned_result(plan: HostPlan, mask: Mask) -> HostResult:
    """The result of a router as planned (before, or without, applying)."""
    result = base_result(plan, mask)
    result.verified = plan.error is None and not plan.lines
    if plan.error is not None:
        result.error = mask(describe_error(plan.error))
    return result


def _connector(task: Task, retries: int) -> Callable[[bool], Any]:
    def connect(fresh: bool) -> Any:
        if fresh and CONNECTION in task.host.connections:
            try:
                task.host.close_connection(CONNECTION)
            except Exception as exc:  # noqa: BLE001 - the old session is gone anyway
                log.debug("%s: closing the old session: %s", task.host.name, type(exc).__name__)
        return open_connection(task.host, task.nornir.config, retries)

    return connect


def _task(
    task: Task,
    *,
    plans: Mapping[str, HostPlan],
    options: ApplyOptions,
    gate: FailureGate,
    mask: Mask,
    on_done: OnDone | None,
) -> Result:
    connect = _connector(task, options.connect_retries)
    result = apply_plan(connect, plans[task.host.name], options, gate, mask)
    if on_done is not None:
        on_done(result)
    return Result(host=task.host, result=result, changed=result.saved, failed=not result.ok)


def apply_fleet(
    nr: Nornir,
    plans: Sequence[HostPlan],
    options: ApplyOptions,
    *,
    batch: int = 0,
    max_fail: int = 1,
    mask: Mask = str,
    on_done: OnDone | None = None,
    gate: FailureGate | None = None,
) -> dict[str, HostResult]:
    """Apply the ``plans`` (those with changes) in order; return a result per plan.

    ``gate`` (default: a new one for ``max_fail``) lets the caller stop the run.
    """
    gate = gate or FailureGate(max_fail)
    by_name = {p.name: p for p in plans}
    results: dict[str, HostResult] = {}
    for group in batches(plans, batch):
        if not gate.open():
            for plan in group:
                results[plan.name] = apply_plan(_never, plan, options, gate, mask)
                if on_done is not None:
                    on_done(results[plan.name])
            continue
        names = {p.name for p in group}
        run = nr.filter(filter_func=lambda h, names=names: h.name in names).run(
            task=_task,
            name="dmvpnprov push",
            plans=by_name,
            options=options,
            gate=gate,
            mask=mask,
            on_done=on_done,
            on_failed=True,
        )
        for name, multi in run.items():
            value = multi[0].result
            if isinstance(value, HostResult):
                results[name] = value
            else:  # the task itself crashed: report it, never lose the host
                results[name] = HostResult(
                    name,
                    by_name[name].router.role.value,
                    error=mask(describe_error(multi[0].exception or RuntimeError(str(value)))),
                )
    return results


def _never(fresh: bool) -> Any:
    raise RuntimeError("skipped routers are never connected")
