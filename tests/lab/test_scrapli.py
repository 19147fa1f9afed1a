"""Conformance: scrapli (libscrapli ``Cli`` with its ``cisco_iosxe`` definition).

scrapli 2 has no ``IOSXEDriver`` class any more: the platform is a definition file
(prompts per mode, ``enable`` with ``Password:``, ``term width 512`` / ``term len 0``
on open, ``failure_indicators`` such as ``% Invalid input detected``).
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.lab import RouterFactory

pytestmark = pytest.mark.lab

scrapli = pytest.importorskip("scrapli")


def _cli(port: int, transport: str) -> Any:
    from scrapli import (  # noqa: PLC0415 - optional test dependency
        AuthOptions,
        Cli,
        LookupKeyValue,
        SessionOptions,
        TransportSsh2Options,
        TransportTelnetOptions,
    )

    options = TransportTelnetOptions() if transport == "telnet" else TransportSsh2Options()
    return Cli(
        definition_file_or_name="cisco_iosxe",
        host="127.0.0.1",
        port=port,
        auth_options=AuthOptions(
            username="admin",
            password="lab-password",
            lookups=[LookupKeyValue(key="enable", value="lab-enable")],
        ),
        session_options=SessionOptions(operation_timeout_s=10),
        transport_options=options,
    )


@pytest.mark.parametrize("transport", ["ssh", "telnet"])
def test_scrapli_marks_a_rejected_config_line_as_failed(
    lab_router: RouterFactory, transport: str
) -> None:
    router = lab_router(release="12.2(13)T", transport=transport, profile="legacy")
    with _cli(router.port, transport) as conn:
        good = conn.send_input("show version")
        assert "12.2(13)T" in good.result
        assert not good.failed
        result = conn.send_inputs(
            ["interface Tunnel0", "ip nhrp redirect"], requested_mode="configuration"
        )
        assert result.failed
        assert "% Invalid input" in result.result
    assert "interface Tunnel0" in router.running_config()
    assert "ip nhrp redirect" not in router.running_config()
