"""Every output format is produced from the report model; JUnit is valid for CI."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from dmvpnprov.audit.model import AuditReport, Severity
from dmvpnprov.core.errors import UserError
from dmvpnprov.reporting.audit_output import emit, infer_format, output_path, render
from tests.support.audit_cases import CASES, audit_case


def _case(name: str) -> AuditReport:
    return audit_case(next(c for c in CASES if c.name == name)).report


def test_json_has_the_contract_keys_and_round_trips() -> None:
    report = _case("drift-changed-value")
    data = json.loads(report.to_json())
    assert set(data) == {"hosts", "summary"}
    for host in data["hosts"]:
        assert {"host", "compliant", "findings"} <= set(host)
        for f in host["findings"]:
            assert ("feature" in f) != ("rule" in f)
            assert {"severity", "message", "missing", "extra"} <= set(f)
    assert AuditReport.from_json(report.to_json()) == report


def test_junit_one_suite_per_router_one_case_per_check() -> None:
    report = _case("rule-network-id")
    root = ET.fromstring(render(report, "junit"))  # noqa: S314 - our own output
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [h.host for h in report.hosts]
    total_failures = 0
    for suite, host in zip(suites, report.hosts, strict=True):
        cases = suite.findall("testcase")
        names = {c.get("name") for c in cases}
        assert {f"feature {f}" for f in host.checked.features} <= names
        assert {f"rule {r}" for r in host.checked.rules} <= names
        failures = sum(1 for c in cases if c.find("failure") is not None)
        assert suite.get("tests") == str(len(cases))
        assert suite.get("failures") == str(failures)
        for case in cases:
            assert case.get("classname") and case.get("name")
            failure = case.find("failure")
            if failure is not None:
                assert failure.get("message")
        total_failures += failures
    assert root.get("failures") == str(total_failures)
    spoke_b = next(s for s in suites if s.get("name") == "spoke-b")
    failed = {c.get("name") for c in spoke_b.findall("testcase") if c.find("failure") is not None}
    assert {"feature tunnel", "rule CLOUD-001"} <= failed


def test_junit_unreachable_router_is_an_error() -> None:
    root = ET.fromstring(render(_case("drift-no-saved-config"), "junit"))  # noqa: S314
    suite = next(s for s in root.findall("testsuite") if s.get("name") == "spoke-c")
    assert suite.get("errors") == "1"
    assert suite.find("testcase/error") is not None


def test_markdown_fits_a_job_summary() -> None:
    text = render(_case("rule-multicast-map"), "markdown")
    assert text.startswith("## dmvpnprov audit\n")
    assert "| Router | Compliant |" in text
    assert "### spoke-a: NOT compliant" in text
    assert "rule `DMVPN-001`" in text


def test_html_is_one_self_contained_page() -> None:
    text = render(_case("rule-multicast-map"), "html")
    assert text.startswith("<!DOCTYPE html>")
    assert "<script" not in text
    assert "http://" not in text
    assert "https://" not in text
    assert "DMVPN-001" in text


def test_table_lists_routers_then_checks() -> None:
    text = render(_case("rule-multicast-map"), "table")
    assert text.index("hub1") < text.index("spoke-a") < text.index("DMVPN-001")


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("a.json", "json"), ("a.xml", "junit"), ("a.md", "markdown"), ("a.html", "html")],
)
def test_format_from_the_suffix(name: str, fmt: str) -> None:
    assert infer_format(Path(name)) == fmt


def test_output_paths_are_written_exactly_as_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert output_path(Path("audit.json"), "json") == Path("audit.json")
    assert output_path(Path("out/audit.md"), "markdown") == Path("out/audit.md")
    assert output_path(tmp_path, "junit") == tmp_path / "audit-junit.xml"
    emit(_case("drift-missing-line"), None, [Path("audit.xml"), Path("out/audit.md")])
    assert ET.parse(tmp_path / "audit.xml").getroot().tag == "testsuites"  # noqa: S314
    assert (tmp_path / "out" / "audit.md").read_text().startswith("## dmvpnprov audit")
    with pytest.raises(UserError, match="format"):
        emit(_case("drift-missing-line"), None, [Path("out/report.unknown")])


def test_markdown_stays_small_for_a_large_fleet() -> None:
    case = next(c for c in CASES if c.name == "rule-multicast-map")
    report = audit_case(case, Severity.CRITICAL).report  # spoke-a (and hub1: cloud) fail
    many = report.model_copy(update={"hosts": report.hosts * 300})  # 1,200 routers
    text = render(many, "markdown")
    assert len(text.encode()) < 1024 * 1024  # GitHub's job summary limit
    assert "more routers: see the JSON or HTML report" in text
    first = text.index("| spoke-a | **no** |")
    compliant = text.find(" | yes |")
    assert compliant == -1 or first < compliant  # non-compliant routers first


def test_hand_built_json_equals_pydantic_dump() -> None:
    report = _case("rule-nhrp-auth-differs")
    for host in report.hosts:
        for f in host.findings:
            assert f.as_json() == f.model_dump(mode="json", exclude_none=True)
