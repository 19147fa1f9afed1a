"""Right numbers and blame: counts equal the lists; the member that deviates from the
inventory gets the cloud finding, the others none."""

from __future__ import annotations

import re
from pathlib import Path

from dmvpnprov.audit.engine import count_lines
from tests.support.audit_cases import (
    CASES,
    GOLDEN,
    audit_case,
    audit_folder,
    copy_running,
    edit_running,
)

CASE = GOLDEN / "compliant-fleet"


def test_counts_in_every_drift_message_equal_the_lists() -> None:
    seen = 0
    for case in CASES:
        for host in audit_case(case).report.hosts:
            for f in host.findings:
                if f.feature is None:
                    continue
                m = re.search(r"(\d+) line\(s\) missing, (\d+) extra", f.message)
                assert m, f.message
                assert int(m[1]) == count_lines(f.missing)
                assert int(m[2]) == count_lines(f.extra)
                assert (int(m[1]) > 0) == bool(f.missing)
                assert (int(m[2]) > 0) == bool(f.extra)
                seen += 1
    assert seen


def test_count_lines_counts_changes_not_parents() -> None:
    assert count_lines(("interface Tunnel0", " ip mtu 1400")) == 1
    assert count_lines(("crypto isakmp key k address 1.1.1.1",)) == 1
    assert count_lines(("router eigrp 1", " network 10.0.0.0", " no auto-summary")) == 2
    assert count_lines(()) == 0


def test_a_deviating_hub_alone_gets_the_cloud_finding(tmp_path: Path) -> None:
    running = copy_running(CASE, tmp_path)
    edit_running(running, "hub1", " ip nhrp network-id 99\n", " ip nhrp network-id 98\n")
    hosts = {h.host: h for h in audit_folder(CASE, running).report.hosts}
    cloud = {n: [f for f in h.findings if f.rule == "CLOUD-001"] for n, h in hosts.items()}
    assert [n for n, found in cloud.items() if found] == ["hub1"]
    assert "as the inventory" in cloud["hub1"][0].message
