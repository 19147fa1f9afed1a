"""Apply one router's plan safely: send the delta, verify, save; or roll back.

Order of operations on a router (see docs/push.md):

1. skip it when the failure threshold is reached (nothing touched);
2. if the plan is old, re-read the running config: if the delta changed, stop (nothing
   sent) -- the user confirmed a different change;
3. arm the confirm timer (optional);
4. send the delta, stopping at the first IOS error;
5. verify: a fresh running config must have an empty delta to the intended config;
6. cancel the timer, then ``write memory`` and check ``[OK]``;
7. on any failure after step 4 began: roll back to the backup within the managed scope,
   verify the rollback, never save.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from dmvpnprov.core.configtree import strip_show_run
from dmvpnprov.core.platforms import PLATFORMS, has_feature
from dmvpnprov.push import device
from dmvpnprov.push.plan import HostPlan, base_result, delta, rollback_delta
from dmvpnprov.push.results import HostResult, PushFailure, describe_error

__all__ = ["ApplyOptions", "FailureGate", "apply_plan"]

log = logging.getLogger(__name__)

Connect = Callable[[bool], Any]  # connect(fresh) -> netmiko connection
Mask = Callable[[str], str]
LiveCheck = Callable[[Any, HostPlan, HostResult], None]  # raises PushFailure when not up


@dataclass(frozen=True)
class ApplyOptions:
    """How to apply: confirm timer minutes, how stale a plan may be, per-line timeout."""

    confirm_timer: int | None = None
    config_timeout: float = device.CONFIG_SECONDS
    recheck_after: float = 30.0
    save_margin: float = 10.0
    live_check: LiveCheck | None = None  # after the read-back, before the timer is cancelled


class FailureGate:
    """Counts failures across threads; closes at ``max_fail`` failures or when stopped."""

    def __init__(self, max_fail: int) -> None:
        self.max_fail = max(1, max_fail)
        self.failures = 0
        self.stopped = False
        self._lock = threading.Lock()

    def open(self) -> bool:
        """True while new routers may be started."""
        with self._lock:
            return not self.stopped and self.failures < self.max_fail

    def stop(self) -> None:
        """Start no new router (Ctrl-C): the ones in flight finish or roll back."""
        with self._lock:
            self.stopped = True

    def record_failure(self) -> None:
        """Count one failed router."""
        with self._lock:
            self.failures += 1


def _save_timeout(plan: HostPlan, margin: float) -> float:
    return max(20.0, PLATFORMS[plan.router.platform].write_memory_seconds * margin)


def _use_revert(plan: HostPlan) -> bool:
    running = plan.running or ""
    return has_feature(plan.router.ios_release, "config_revert_timer") and (
        "\narchive\n path " in running.replace("\r\n", "\n")
    )


def _alive(conn: Any) -> bool:
    try:
        return bool(conn.is_alive())
    except Exception:  # noqa: BLE001 - a session that cannot say is not alive
        return False


def _recheck(conn: Any, plan: HostPlan) -> None:
    current = device.read_running(conn)
    if strip_show_run(current) == strip_show_run(plan.running or ""):
        return  # unchanged since the backup: the plan stands (no need to parse)
    if delta(current, plan.intended, plan.owned) != plan.lines:
        raise PushFailure("the running config changed since the plan; nothing sent, push again")


def _rollback(
    connect: Connect,
    conn: Any,
    plan: HostPlan,
    timer: device.ConfirmTimer | None,
    options: ApplyOptions,
) -> str | None:
    """Roll back to the backup; ``None`` on success, else why it did not work."""
    try:
        if not _alive(conn):
            conn = connect(True)
        device.ensure_enable(conn)
        device.leave_config(conn)
        backup = plan.running or ""
        lines = rollback_delta(device.read_running(conn), backup, plan.intended, plan.owned)
        if lines:
            device.send_lines(conn, lines, options.config_timeout)
        left = rollback_delta(device.read_running(conn), backup, plan.intended, plan.owned)
        if left:
            return f"rollback incomplete: {len(left)} lines differ from the backup"
        if timer is not None:
            timer.cancel(conn)
    except Exception as exc:  # noqa: BLE001 - every failure becomes the host's message
        why = describe_error(exc)
        if timer is not None:
            why += f"; the {timer.describe()} restores the saved config"
        return f"rollback failed: {why}"
    return None


def _change(conn: Any, plan: HostPlan, result: HostResult, options: ApplyOptions) -> None:
    device.send_lines(conn, plan.lines, options.config_timeout)
    left = delta(device.read_running(conn), plan.intended, plan.owned)
    if left:
        raise PushFailure(
            f"verify failed: {len(left)} managed lines still differ (first: {left[0].strip()})"
        )
    result.verified = True


def apply_plan(
    connect: Connect,
    plan: HostPlan,
    options: ApplyOptions,
    gate: FailureGate,
    mask: Mask,
) -> HostResult:
    """Apply ``plan`` on its router; every outcome is a :class:`HostResult`, never a raise."""
    result = base_result(plan, mask)
    if not gate.open():
        result.skipped = True
        return result
    conn: Any = None
    timer: device.ConfirmTimer | None = None
    started = False
    try:
        conn = connect(False)
        device.ensure_enable(conn)
        if time.monotonic() - plan.read_at > options.recheck_after:
            _recheck(conn, plan)
        if options.confirm_timer:
            timer = device.arm_timer(conn, options.confirm_timer, _use_revert(plan))
        started = True
        _change(conn, plan, result, options)
        if options.live_check is not None:
            options.live_check(conn, plan, result)
        if timer is not None:
            timer.cancel(conn)
            timer = None
        device.write_memory(conn, _save_timeout(plan, options.save_margin))
        result.saved = True
    except Exception as exc:  # noqa: BLE001 - every failure becomes the host's message
        gate.record_failure()
        error = describe_error(exc)
        if conn is not None and not error.startswith("disconnected") and not _alive(conn):
            error = f"disconnected: the session closed ({error})"
        log.warning("%s: %s", plan.name, mask(error))
        if started and conn is not None:
            result.verified = False
            why = _rollback(connect, conn, plan, timer, options)
            result.rolled_back = why is None
            if why is not None:
                error += f"; {why}"
                log.error("%s: %s", plan.name, mask(why))
        result.error = mask(error)
    return result
