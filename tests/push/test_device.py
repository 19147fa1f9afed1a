"""The IOS dialogs push types: confirm timers armed and cancelled, write memory [OK]."""

from __future__ import annotations

from typing import Any

import pytest
from netmiko import ConnectHandler

from dmvpnprov.lab.state.faults import Faults
from dmvpnprov.push import device
from dmvpnprov.push.results import PushFailure
from dmvpnprov.transport.connections import BASE_EXTRAS
from tests.support.lab import RouterFactory

pytestmark = pytest.mark.lab


def _connect(port: int) -> Any:
    conn = ConnectHandler(
        host="127.0.0.1",
        port=port,
        device_type="cisco_ios",
        username="admin",
        password="lab-password",
        secret="lab-enable",
        **BASE_EXTRAS,
    )
    conn.enable()
    return conn


@pytest.mark.parametrize("unsaved", [False, True])
def test_reload_timer_is_armed_then_cancelled(lab_router: RouterFactory, unsaved: bool) -> None:
    extra = ("snmp-server location unsaved",) if unsaved else ()
    router = lab_router(release="12.4(15)T", hostname="R1")
    if extra:
        router.configure(list(extra))  # running differs from startup: IOS asks "Save?"
    conn = _connect(router.port)
    try:
        timer = device.arm_timer(conn, 5, use_revert=False)
        assert router.state.reload_at is not None
        if unsaved:  # answered "no": nothing saved by arming the timer
            assert "unsaved" not in router.startup_config()
        timer.cancel(conn)
        assert router.state.reload_at is None
    finally:
        conn.disconnect()


def test_revert_timer_is_armed_then_confirmed(lab_router: RouterFactory) -> None:
    router = lab_router(release="15.1(4)M")
    router.configure(["archive", " path flash:cfg-"])
    conn = _connect(router.port)
    try:
        timer = device.arm_timer(conn, 5, use_revert=True)
        assert timer.kind == "revert" and router.state.revert is not None
        assert not conn.check_config_mode()
        timer.cancel(conn)
        assert router.state.revert is None
    finally:
        conn.disconnect()


def test_write_memory_checks_ok(lab_router: RouterFactory) -> None:
    router = lab_router(release="12.4(15)T")
    router.configure(["snmp-server location saved"])
    conn = _connect(router.port)
    try:
        assert "[OK]" in device.write_memory(conn, 20)
        assert "saved" in router.startup_config()
        router.faults = Faults(write_fails=True)
        router.configure(["snmp-server location lost"])
        with pytest.raises(PushFailure, match="write memory failed"):
            device.write_memory(conn, 20)
        assert "lost" not in router.startup_config()
    finally:
        conn.disconnect()
