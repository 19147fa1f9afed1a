"""``AuditReport.to_json`` is written by hand for speed: it must be exactly what
``json.dumps(report.as_json(), indent=2)`` writes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dmvpnprov.audit.model import AuditReport, Finding, HostAudit, Severity, Summary
from tests.support.audit_cases import CASES, audit_case


def _reference(report: AuditReport) -> str:
    return json.dumps(report.as_json(), indent=2) + "\n"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_golden_report_text_is_json_dumps(case: Path) -> None:
    report = audit_case(case).report
    assert report.to_json() == _reference(report)


def test_empty_odd_and_shared_values() -> None:
    shared = Finding(rule="X-1", severity=Severity.INFO, message='quote " é \\ tab\t', extra=("a",))
    hosts = (
        HostAudit(host="r1", compliant=True),
        HostAudit(host="r2", compliant=False, reachable=False, findings=(shared, shared)),
        HostAudit(host="r3", compliant=False, findings=(shared,)),
    )
    summary = Summary(hosts=3, compliant=1, non_compliant=2, unreachable=1, findings={"info": 3})
    for report in (
        AuditReport(hosts=hosts, summary=summary),
        AuditReport(
            hosts=(), summary=Summary(hosts=0, compliant=0, non_compliant=0, unreachable=0)
        ),
    ):
        assert report.to_json() == _reference(report)
        assert AuditReport.from_json(report.to_json()) == report


def test_the_json_file_is_written_host_by_host_as_to_json(tmp_path: Path) -> None:
    from dmvpnprov.reporting.audit_output import emit  # noqa: PLC0415

    shared = Finding(rule="X-1", severity=Severity.INFO, message="m é")
    for hosts in ((), (HostAudit(host="r1", compliant=True, findings=(shared,)),) * 2):
        summary = Summary(hosts=len(hosts), compliant=0, non_compliant=0, unreachable=0)
        report = AuditReport(hosts=hosts, summary=summary)
        assert len(list(report.json_chunks())) == len(hosts) + 2
        emit(report, "json", tmp_path / "r.json")
        assert (tmp_path / "r.json").read_text(encoding="utf-8") == _reference(report)
