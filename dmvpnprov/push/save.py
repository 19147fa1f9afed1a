"""Saving: ``write memory``, and the truth about startup-config when it did not say [OK].

A ``write memory`` that times out, or whose session drops, may still complete on the
router: IOS goes on writing NVRAM whoever is listening. Rolling back the running config
then leaves startup holding the new config while the report says "rolled back, not
saved", and a reload brings up what the report says was undone. So after a save that did
not say ``[OK]``:

1. if the session is alive, keep reading it: the router may just be slow
   (``Building configuration...`` then ``[OK]`` late);
2. otherwise, on a new session, read ``show startup-config`` until it holds the intended
   config or the save timeout has passed again;
3. if startup holds the intended config, the save completed: the router is as
   intended, and push says so (no rollback);
4. else push rolls the running config back, then :func:`restore_startup` makes startup
   equal the backup again (it re-saves the rolled-back config if startup changed), or
   says exactly that they differ.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from dmvpnprov.push import device
from dmvpnprov.push.plan import HostPlan
from dmvpnprov.push.results import PushFailure, describe_error

__all__ = ["POLL_SECONDS", "restore_startup", "save"]

log = logging.getLogger(__name__)

Connect = Callable[[bool], Any]
POLL_SECONDS = 1.0


def _holds_intended(conn: Any, plan: HostPlan) -> bool:
    return not plan.remaining(device.read_startup(conn))


def _settle(connect: Connect, conn: Any, plan: HostPlan, timeout: float) -> bool:
    """After a save with no ``[OK]``: True when startup ends up holding the intended config."""
    try:
        said = device.wait_prompt(conn, timeout)
        if "[OK]" in said:
            return True
    except Exception as exc:  # noqa: BLE001 - the session is gone: ask a new one
        log.info("%s: the save's session ended (%s)", plan.name, type(exc).__name__)
    fresh = connect(True)
    device.ensure_enable(fresh)
    deadline = time.monotonic() + timeout
    while True:
        if _holds_intended(fresh, plan):
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(POLL_SECONDS)


def save(connect: Connect, conn: Any, plan: HostPlan, timeout: float) -> None:
    """``write memory`` until startup holds the intended config; raise when it does not.

    A save that the router refused (``%Error writing nvram``) is not waited for; one
    that timed out or lost its session is (see the module docstring).
    """
    try:
        device.write_memory(conn, timeout)
        return
    except PushFailure:
        raise  # the router answered, and not [OK]: it did not save
    except Exception as exc:  # noqa: BLE001 - timed out or dropped: find out
        first = describe_error(exc)
        log.warning("%s: write memory: %s; checking what startup-config holds", plan.name, first)
        try:
            settled = _settle(connect, conn, plan, timeout)
        except Exception as again:  # noqa: BLE001 - cannot tell: treat as not saved
            raise PushFailure(
                f"write memory: {first}; startup-config could not be read: {describe_error(again)}"
            ) from exc
    if not settled:
        raise PushFailure(f"write memory: {first}; startup-config does not hold the new config")
    log.warning(
        "%s: write memory was slow (%s) but completed: startup is as intended", plan.name, first
    )


def restore_startup(connect: Connect, plan: HostPlan, timeout: float) -> str:
    """After a rollback that followed a save attempt: make startup equal the backup.

    Returns what the report should say about startup-config.
    """
    try:
        conn = connect(True)
        device.ensure_enable(conn)
        if not plan.undo(device.read_startup(conn)):
            return "startup-config unchanged"
        log.warning("%s: startup-config changed by the failed save; re-saving", plan.name)
        device.write_memory(conn, timeout)
        if not plan.undo(device.read_startup(conn)):
            return "startup-config re-saved from the rolled-back config"
    except Exception as exc:  # noqa: BLE001 - say what is known
        return (
            "startup-config may differ from running (a reload may bring up the new config):"
            f" {describe_error(exc)}"
        )
    return "startup-config differs from the rolled-back running config (check before a reload)"
