"""JUnit XML of an audit report: one test suite per router, one test case per check.

Jenkins (junit plugin) and GitLab (``artifacts:reports:junit``) read the classic
schema: ``testsuites > testsuite > testcase`` with ``failure``/``error`` children. A
feature that drifted, or a rule with a finding at or above ``--fail-on``, is a
``failure``; a router that could not be read is an ``error``; findings below the
threshold are kept in ``system-out`` of a passing case.

Examples:
    >>> from dmvpnprov.audit.model import AuditReport, HostAudit, Summary
    >>> report = AuditReport(hosts=(HostAudit(host="r1", compliant=True),),
    ...                      summary=Summary(hosts=1, compliant=1, non_compliant=0, unreachable=0))
    >>> print(render_junit(report).splitlines()[1])
    <testsuites name="dmvpnprov audit" tests="0" failures="0" errors="0">
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from dmvpnprov.audit.model import AuditReport, Finding, HostAudit

__all__ = ["render_junit"]


def _details(findings: list[Finding]) -> str:
    lines = []
    for f in findings:
        lines.append(f"[{f.severity.value}] {f.message}")
        lines += [f"  missing: {x}" for x in f.missing]
        lines += [f"  extra:   {x}" for x in f.extra]
        if f.remediation:
            lines.append("  remediation:")
            lines += [f"    {x}" for x in f.remediation]
        if f.reference:
            lines.append(f"  reference: {f.reference}")
    return "\n".join(lines)


def _case(suite: ET.Element, host: HostAudit, kind: str, key: str, report: AuditReport) -> int:
    case = ET.SubElement(
        suite, "testcase", classname=f"dmvpnprov.commands.audit.{host.host}", name=f"{kind} {key}"
    )
    case.set("time", "0")
    found = [f for f in host.findings if f.key == key]
    failing = [f for f in found if kind == "feature" or f.severity.at_least(report.summary.fail_on)]
    if failing:
        worst = max(failing, key=lambda f: f.severity.rank)
        message = (
            worst.message if len(failing) == 1 else f"{len(failing)} findings: {worst.message}"
        )
        failure = ET.SubElement(case, "failure", message=message, type=worst.severity.value)
        failure.text = _details(failing)
        return 1
    if found:
        ET.SubElement(case, "system-out").text = _details(found)
    return 0


def _suite(root: ET.Element, host: HostAudit, report: AuditReport) -> tuple[int, int, int]:
    suite = ET.SubElement(root, "testsuite", name=host.host)
    tests = failures = errors = 0
    if not host.reachable:
        case = ET.SubElement(
            suite, "testcase", classname=f"dmvpnprov.commands.audit.{host.host}", name="source"
        )
        error = ET.SubElement(case, "error", message=host.findings[0].message, type="unreachable")
        error.text = _details(list(host.findings))
        tests, errors = 1, 1
    checks = [("feature", k) for k in host.checked.features]
    checks += [("rule", k) for k in host.checked.rules]
    checks += sorted(
        {
            ("rule", f.key)
            for f in host.findings
            if f.rule and f.key not in host.checked.rules and host.reachable
        }
    )
    for kind, key in checks:
        tests += 1
        failures += _case(suite, host, kind, key, report)
    suite.attrib.update(tests=str(tests), failures=str(failures), errors=str(errors), skipped="0")
    suite.set("time", "0")
    return tests, failures, errors


def render_junit(report: AuditReport) -> str:
    """The report as JUnit XML text (UTF-8 declaration included)."""
    root = ET.Element("testsuites", name="dmvpnprov audit")
    totals = [0, 0, 0]
    for host in report.hosts:
        for i, n in enumerate(_suite(root, host, report)):
            totals[i] += n
    root.attrib.update(tests=str(totals[0]), failures=str(totals[1]), errors=str(totals[2]))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
