"""A rollback is reported done only when the router shows the backup again, as IOS shows it."""

from __future__ import annotations

import pytest

from dmvpnprov.lab.state.faults import Faults
from dmvpnprov.push.apply import ApplyOptions, FailureGate, apply_plan
from tests.support.lab import RouterFactory
from tests.support.push import body
from tests.support.push import hub_plan as _plan
from tests.support.push import lab_connector as _connector

pytestmark = pytest.mark.lab


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
