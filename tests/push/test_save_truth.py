"""After a write memory that did not say [OK] in time, the report tells what startup holds."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from dmvpnprov.lab.state.faults import Faults
from dmvpnprov.push.apply import ApplyOptions, FailureGate, apply_plan
from dmvpnprov.push.plan import delta
from tests.support.lab import RouterFactory
from tests.support.push import body
from tests.support.push import hub_plan as _plan
from tests.support.push import lab_connector as _connector

pytestmark = pytest.mark.lab

INTENDED = "snmp-server location pushed\n"
FAST = ApplyOptions(min_save_seconds=1.0, save_margin=0.0)


def _same(a: str, b: str) -> bool:
    """The same lines (IOS may list a line re-added by a rollback elsewhere)."""
    return sorted(body(a).splitlines()) == sorted(body(b).splitlines())


def _snmp_plan(router: Any) -> Any:
    plan = _plan(router, INTENDED)
    plan.intended = INTENDED
    return plan


def test_a_write_slower_than_push_waits_is_reported_saved_and_startup_matches(
    lab_router: RouterFactory,
) -> None:
    router = lab_router()
    router.faults = Faults(write_delay=21.0)  # longer than push's 20 s wait for [OK]
    plan = _snmp_plan(router)
    result = apply_plan(_connector(router), plan, ApplyOptions(), FailureGate(5), str)
    assert result.ok and result.saved and not result.rolled_back, result.error
    assert delta(router.startup_config(), INTENDED, ()) == []
    assert _same(router.startup_config(), router.running_config())


def test_a_session_dropped_during_the_save_never_leaves_startup_split(
    lab_router: RouterFactory,
) -> None:
    router = lab_router()
    router.faults = Faults(write_delay=2.0)
    made: list[Any] = []
    connect = _connector(router)

    def tracking(fresh: bool) -> Any:
        conn = connect(fresh)
        made.append(conn)
        if len(made) == 1:  # drop the first session while its `write memory` runs
            write = conn.write_channel

            def watch(data: str) -> None:
                write(data)
                if "write memory" in data:
                    timer = threading.Timer(0.5, conn.remote_conn.close)
                    timer.daemon = True
                    timer.start()

            conn.write_channel = watch
        return conn

    plan = _snmp_plan(router)
    options = ApplyOptions(min_save_seconds=4.0, save_margin=0.0)
    result = apply_plan(tracking, plan, options, FailureGate(5), str)
    running, startup = router.running_config(), router.startup_config()
    assert _same(startup, running)  # never split, whatever happened
    if result.saved:
        assert result.ok and delta(running, INTENDED, ()) == []
    else:
        assert result.rolled_back and result.error is not None
        assert "startup-config" in result.error


def test_a_refused_save_rolls_back_and_says_startup_is_unchanged(
    lab_router: RouterFactory,
) -> None:
    router = lab_router()
    before = router.startup_config()
    router.faults = Faults(write_fails=True)
    result = apply_plan(_connector(router), _snmp_plan(router), FAST, FailureGate(5), str)
    assert result.rolled_back and not result.saved
    assert result.error is not None and "startup-config unchanged" in result.error
    assert body(router.startup_config()) == body(before)
    assert _same(before, router.running_config())
