"""``show crypto ikev2 proposal`` in the lab prints IOS's default proposal from the same
table the audit rates (core/ikev2_defaults), laid out as the real captures quoted in
tests/core/test_display_sources.py (genieparser goldens), over real netmiko."""

from __future__ import annotations

import pytest

from dmvpnprov.core.platforms import Platform
from dmvpnprov.lab.network.server import LabRouter
from tests.support.display_captures import XE_16_9_DEFAULT, XE_17_11_DEFAULT
from tests.support.lab import RouterFactory, netmiko_session

pytestmark = pytest.mark.lab


def _show(router: LabRouter, config: list[str] | None = None) -> str:
    conn = netmiko_session(router)
    try:
        conn.enable()
        if config:
            conn.send_config_set(config)
        return str(conn.send_command("show crypto ikev2 proposal"))
    finally:
        conn.disconnect()


def _fields(text: str) -> list[str]:
    """The lines of one proposal with runs of blanks folded (captures differ in trailing
    blanks and in the title's leading one)."""
    return [" ".join(line.split()) for line in text.strip().splitlines()]


def test_xe_16_9_to_17_10_prints_the_captured_default(lab_router: RouterFactory) -> None:
    out = _show(lab_router(platform=Platform.ISR4000, release="17.3.4a"))
    assert _fields(out) == _fields(XE_16_9_DEFAULT)


def test_xe_17_11_and_later_drop_group_5_as_captured(lab_router: RouterFactory) -> None:
    out = _show(lab_router(platform=Platform.ISR4000, release="17.12.4"))
    want = [ln for ln in _fields(XE_17_11_DEFAULT) if not ln.startswith("PQC")]
    assert _fields(out) == want


def test_a_configured_proposal_follows_the_default(lab_router: RouterFactory) -> None:
    router = lab_router(platform=Platform.ISR4000, release="17.3.4a")
    config = [
        "crypto ikev2 proposal ikev2proposal",
        "encryption aes-cbc-128",
        "integrity sha1",
        "group 16",
    ]
    out = _fields(_show(router, config))
    # genieparser golden_output_output.txt's second proposal, as the router printed it
    assert out[5:] == [
        "IKEv2 proposal: ikev2proposal",
        "Encryption : AES-CBC-128",
        "Integrity : SHA96",
        "PRF : SHA1",
        "DH Group : DH_GROUP_4096_MODP/Group 16",
    ]
