"""A rollback is reported done only when the router shows the backup again, as IOS shows it."""

from __future__ import annotations

from typing import Any

import pytest
from netmiko import ConnectHandler

from dmvpnprov.inventory.load import load_fleet
from dmvpnprov.lab.network.server import LabRouter
from dmvpnprov.lab.state.faults import Faults
from dmvpnprov.push.apply import ApplyOptions, FailureGate, apply_plan
from dmvpnprov.push.plan import HostPlan, delta
from dmvpnprov.transport.connections import BASE_EXTRAS
from tests.conftest import EXAMPLE_INVENTORY, RouterFactory
from tests.push.conftest import body

pytestmark = pytest.mark.lab


def _connector(router: LabRouter) -> Any:
    def connect(fresh: bool) -> Any:
        return ConnectHandler(
            host="127.0.0.1",
            port=router.port,
            device_type="cisco_ios",
            username="admin",
            password="lab-password",
            secret="lab-enable",
            **BASE_EXTRAS,
        )

    return connect


def _plan(router: LabRouter, intended: str) -> HostPlan:
    model = load_fleet(EXAMPLE_INVENTORY).router("hub1")
    running = router.running_config()
    plan = HostPlan(model, intended, (), running=running)
    plan.lines = delta(running, intended, ())
    plan.read_at = 1e18  # fresh: no re-check
    return plan


def _secret_line(config: str) -> str:
    return next(line for line in config.splitlines() if line.startswith("enable secret"))


def test_a_line_ios_shows_differently_is_rolled_back_too(lab_router: RouterFactory) -> None:
    # `enable secret 0 x` is stored as `enable secret 5 <hash>`: the intended text never
    # appears on the router, so verify fails and the rollback must still undo it.
    router = lab_router()
    before = router.running_config()
    plan = _plan(router, "enable secret 0 pushed-secret\n")
    assert plan.lines == ["enable secret 0 pushed-secret"]
    result = apply_plan(_connector(router), plan, ApplyOptions(), FailureGate(5), str)
    assert result.error is not None and "verify failed" in result.error
    assert result.rolled_back, result.error
    assert _secret_line(router.running_config()) == _secret_line(before)
    assert body(router.running_config()) == body(before)


def test_a_rollback_that_cannot_restore_says_what_remains(lab_router: RouterFactory) -> None:
    router = lab_router()
    before = router.running_config()
    old = _secret_line(before)
    router.faults = Faults(reject_command=old)  # restoring the old secret is refused
    plan = _plan(router, "enable secret 0 pushed-secret\n")
    result = apply_plan(_connector(router), plan, ApplyOptions(), FailureGate(5), str)
    assert not result.rolled_back and not result.saved
    assert result.error is not None and "rollback incomplete" in result.error
    assert old in result.error  # the line still needed, as IOS shows it
