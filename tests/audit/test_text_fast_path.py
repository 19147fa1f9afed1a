"""The audit's text fast path: a running config that reads as the intended one line for
line skips the drift comparison; anything else is still compared."""

from __future__ import annotations

from dmvpnprov.audit.engine import HostJob, audit_host
from dmvpnprov.audit.facts import host_facts
from dmvpnprov.core.configtree import kept_lines, parse

INTENDED = (
    "hostname s1\n!\ninterface Tunnel0\n ip address 10.0.0.2 255.255.255.0\n"
    " ip nhrp holdtime 300\n ip nhrp nhs 10.0.0.1 nbma 192.0.2.1 multicast\n"
    " tunnel source GigabitEthernet0/0\n tunnel mode gre multipoint\n!\n"
)
FRAMED = f"Building configuration...\n\nCurrent configuration : 99 bytes\n!\n{INTENDED}end\n"


def _job(running: str) -> HostJob:
    return HostJob("s1", "s1", running, INTENDED, "15.4(3)M", False)


def test_kept_lines_drop_the_framing_only() -> None:
    assert kept_lines(FRAMED) == kept_lines(INTENDED)
    assert kept_lines(FRAMED.replace("300", "600")) != kept_lines(INTENDED)


def test_a_config_as_intended_has_no_drift_and_its_facts() -> None:
    result = audit_host(_job(FRAMED))
    assert not [f for f in result.findings if f.feature is not None]
    assert result.facts == host_facts(parse(INTENDED))


def test_a_changed_value_is_still_drift() -> None:
    result = audit_host(_job(FRAMED.replace("holdtime 300", "holdtime 600")))
    drift = [f for f in result.findings if f.feature is not None]
    assert drift
    assert any("ip nhrp holdtime 600" in line for f in drift for line in f.extra)


def test_spacing_differences_take_the_compared_path_with_the_same_verdict() -> None:
    spaced = FRAMED.replace(" ip nhrp holdtime 300", " ip nhrp  holdtime 300")
    assert kept_lines(spaced) != kept_lines(INTENDED)
    assert audit_host(_job(spaced)).findings == audit_host(_job(FRAMED)).findings
