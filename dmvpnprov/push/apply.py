"""Apply one router's plan safely: send the delta, verify, save; or roll back.

Order of operations on a router (see docs/push.md):

1. skip it when the failure threshold is reached (nothing touched);
2. if the plan is old, re-read the running config: if the delta changed, stop (nothing
   sent) -- the user confirmed a different change;
3. arm the confirm timer (optional);
4. send the delta, stopping at the first IOS error;
5. verify: a fresh running config must have an empty delta to the intended config;
6. cancel the timer, then ``write memory`` and check ``[OK]``; when it did not say
   ``[OK]`` in time, find out what startup-config holds (:mod:`dmvpnprov.push.save`);
7. on any failure after step 4 began: roll back to the backup within the managed scope
   and every line changed since it, verify the rollback; if a save was attempted, make
   startup-config equal the backup again (or say that it differs).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from dmvpnprov.core.configtree import strip_show_run
from dmvpnprov.core.platforms import PLATFORMS, has_feature
from dmvpnprov.push import device, save
from dmvpnprov.push.gate import FailureGate
from dmvpnprov.push.plan import HostPlan, base_result
from dmvpnprov.push.results import HostResult, PushFailure, describe_error

__all__ = ["ApplyOptions", "FailureGate", "apply_plan"]

log = logging.getLogger(__name__)

Connect = Callable[[bool], Any]  # connect(fresh) -> netmiko connection
CHUNK = 20  # lines sent between two checks of the abort flag
Mask = Callable[[str], str]


@dataclass(frozen=True)
class ApplyOptions:
    """How to apply: confirm timer minutes, how stale a plan may be, per-line timeout."""

    confirm_timer: int | None = None
    config_timeout: float = device.CONFIG_SECONDS
    recheck_after: float = 30.0
    save_margin: float = 10.0
    min_save_seconds: float = 20.0
    connect_retries: int = 2


def _save_timeout(plan: HostPlan, options: ApplyOptions) -> float:
    seconds = PLATFORMS[plan.router.platform].write_memory_seconds * options.save_margin
    return max(options.min_save_seconds, seconds)


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
    if plan.remaining(current) != plan.lines:
        raise PushFailure("the running config changed since the plan; nothing sent, push again")


def _rollback(
    connect: Connect,
    conn: Any,
    plan: HostPlan,
    timer: device.ConfirmTimer | None,
    options: ApplyOptions,
) -> str | None:
    """Roll back to the backup and verify it; ``None`` when verified, else what remains.

    Verified means: a fresh ``show running-config`` has no line, in the managed scope or
    among the lines changed since the backup, that differs from the backup as IOS
    displays it (:func:`~dmvpnprov.push.plan.rollback_delta` is empty).
    """
    failure = ""
    try:
        if not _alive(conn):
            conn = connect(True)
        device.ensure_enable(conn)
        device.leave_config(conn)
        lines = plan.undo(device.read_running(conn))
        if lines:
            log.info("%s: rolling back %d lines", plan.name, len(lines))
            try:
                device.send_lines(conn, lines, options.config_timeout)
            except Exception as exc:  # noqa: BLE001 - what remains is read below
                failure = f"rollback failed: {describe_error(exc)}; "
                device.ensure_enable(conn)
        left = plan.undo(device.read_running(conn))
        if left:
            shown = ", ".join(f"`{line.strip()}`" for line in left[:3])
            more = f" and {len(left) - 3} more" if len(left) > 3 else ""
            return (
                f"{failure}rollback incomplete: {len(left)} line{'s' if len(left) != 1 else ''}"
                f" would still be needed to restore the backup: {shown}{more}"
            )
        if timer is not None:
            timer.cancel(conn)
    except Exception as exc:  # every failure becomes the host's message
        log.debug("%s: rollback: %r", plan.name, exc, exc_info=True)
        exc.__context__ = None  # describe this failure, not the push's that led here
        why = describe_error(exc)
        if timer is not None:
            why += f"; the {timer.describe()} restores the saved config"
        return f"rollback failed: {why} (the router's state is unverified)"
    return None


def _change(
    conn: Any, plan: HostPlan, result: HostResult, options: ApplyOptions, gate: FailureGate
) -> None:
    total = len(plan.lines)
    for start in range(0, total, CHUNK):
        gate.check()
        gate.step(plan.name, f"sending lines {start + 1}-{min(total, start + CHUNK)} of {total}")
        last = start + CHUNK >= total
        device.send_lines(conn, plan.lines[start : start + CHUNK], options.config_timeout, last)
    gate.step(plan.name, "verifying")
    left = plan.remaining(device.read_running(conn))
    if left:
        raise PushFailure(
            f"verify failed: {len(left)} managed lines still differ (first: {left[0].strip()})"
        )
    result.verified = True


def _fail(
    exc: Exception,
    conn: Any,
    *,
    connect: Connect,
    plan: HostPlan,
    state: tuple[bool, bool, device.ConfirmTimer | None],
    options: ApplyOptions,
    result: HostResult,
    mask: Mask,
) -> str:
    """After a failure: roll back (if anything was sent) and restore startup; the error."""
    started, saving, timer = state
    error = describe_error(exc)
    if conn is not None and not error.startswith("disconnected") and not _alive(conn):
        error = f"disconnected: the session closed ({error})"
    log.warning("%s: %s", plan.name, mask(error))
    if not (started and conn is not None):
        return error
    result.verified = False
    why = _rollback(connect, conn, plan, timer, options)
    result.rolled_back = why is None
    if why is not None:
        log.error("%s: %s", plan.name, mask(why))
        return f"{error}; {why}"
    if saving:  # the save may have reached NVRAM: startup must be the backup too
        return f"{error}; {save.restore_startup(connect, plan, _save_timeout(plan, options))}"
    return error


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
        result.skip_reason = "interrupted" if gate.stopped else "failure threshold reached"
        return result
    conn: Any = None
    timer: device.ConfirmTimer | None = None
    started = saving = False
    try:
        gate.step(plan.name, "connecting")
        conn = connect(False)
        device.ensure_enable(conn)
        if time.monotonic() - plan.read_at > options.recheck_after:
            gate.step(plan.name, "re-reading the running config")
            _recheck(conn, plan)
        if options.confirm_timer:
            gate.step(plan.name, "arming the confirm timer")
            timer = device.arm_timer(conn, options.confirm_timer, _use_revert(plan))
        gate.check()
        started = True
        _change(conn, plan, result, options, gate)
        # Post-change checks of the live state go here: before the timer is cancelled
        # and before the save, so a failure still rolls back (and the timer still runs).
        gate.check()
        if timer is not None:
            timer.cancel(conn)
            timer = None
        gate.step(plan.name, "saving (write memory)")
        saving = True
        save.save(connect, conn, plan, _save_timeout(plan, options))
        result.saved = True
        gate.step(plan.name, "saved")
    except Exception as exc:  # noqa: BLE001 - every failure becomes the host's message
        gate.record_failure()
        gate.step(plan.name, "failed: rolling back" if started else "failed: nothing sent")
        state = (started, saving, timer)
        error = _fail(
            exc, conn, connect=connect, plan=plan, state=state, options=options, result=result,
            mask=mask,
        )  # fmt: skip
        result.error = mask(error)
        gate.step(plan.name, mask(_final(result)))
    return result


def _final(result: HostResult) -> str:
    if result.rolled_back:
        return "rolled back"
    return "failed: " + (result.error or "unknown")
