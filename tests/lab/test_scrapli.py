"""Conformance: scrapli (libscrapli ``Cli`` with its ``cisco_iosxe`` definition)."""

from __future__ import annotations

import pytest

from tests.conftest import RouterFactory

pytestmark = pytest.mark.lab

scrapli = pytest.importorskip("scrapli")


def _cli(port: int) -> object:
    from scrapli import (  # noqa: PLC0415 - optional test dependency
        AuthOptions,
        Cli,
        LookupKeyValue,
        SessionOptions,
        TransportSsh2Options,
    )

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
        transport_options=TransportSsh2Options(),
    )


def test_scrapli_marks_a_rejected_config_line_as_failed(lab_router: RouterFactory) -> None:
    router = lab_router(release="12.2(13)T", profile="legacy")
    with _cli(router.port) as conn:  # type: ignore[attr-defined]
        good = conn.send_input("show version")
        assert "12.2(13)T" in good.result
        result = conn.send_inputs(
            ["interface Tunnel0", "ip nhrp redirect"], requested_mode="configuration"
        )
        assert result.failed
        assert "% Invalid input" in result.result
