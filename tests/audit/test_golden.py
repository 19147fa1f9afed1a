"""Golden cases: one folder per case under tests/golden/audit/, found by a glob.

Each case holds an inventory, env.yaml (test secret values), running/<host>.cfg in
real ``show running-config`` form, and expected.json: per host, whether it is
compliant and exactly which findings (feature or rule id, severity; missing/extra
lines where given) the audit must report.

``rules`` in expected.json is an allow list: the policy rules the case tests. Drift
findings and the audit's own SOURCE-* findings are always compared; a policy rule is
compared (and counts towards ``compliant`` and ``exit_code``) only where the case lists
it. So a new rule touches its own case and ``compliant-fleet`` (``"rules": "all"``),
never the other cases. Every rule has a case where it fires.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from dmvpnprov.audit.model import Finding, HostAudit, Severity
from dmvpnprov.audit.rules import RULES
from dmvpnprov.commands.audit import exit_code
from dmvpnprov.reporting.audit_output import render
from tests.support.audit_cases import CASES, audit_case


def _normal(f: Finding, want: dict[str, Any] | None) -> dict[str, Any]:
    out: dict[str, Any] = {"severity": f.severity.value}
    out["feature" if f.feature else "rule"] = f.key
    for key in ("missing", "extra"):
        if want is not None and key in want:
            out[key] = list(getattr(f, key))
    return out


def _sort_key(d: dict[str, Any]) -> str:
    return json.dumps(d, sort_keys=True)


def _listed(expected: dict[str, Any]) -> set[str]:
    rules = expected["rules"]
    return set(RULES) if rules == "all" else set(rules)


def _in_scope(f: Finding, listed: set[str]) -> bool:
    return f.feature is not None or f.rule not in RULES or f.rule in listed


def _compliant(host: HostAudit, findings: list[Finding], fail_on: Severity) -> bool:
    return host.reachable and not any(
        f.feature is not None or f.severity.at_least(fail_on) for f in findings
    )


def _expected(case: Path) -> dict[str, Any]:
    data = json.loads((case / "expected.json").read_text())
    assert isinstance(data, dict)
    return data


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_golden_case(case: Path) -> None:
    expected = _expected(case)
    fail_on = Severity(expected.get("fail_on", "error"))
    report = audit_case(case, fail_on).report
    listed = _listed(expected)
    assert {h.host for h in report.hosts} == set(expected["hosts"])
    scoped_ok = []
    for host in report.hosts:
        want = expected["hosts"][host.host]
        kept = [f for f in host.findings if _in_scope(f, listed)]
        assert host.compliant is _compliant(host, list(host.findings), fail_on), host.host
        assert _compliant(host, kept, fail_on) is want["compliant"], host.host
        assert host.reachable is want.get("reachable", True), host.host
        wanted = sorted(want["findings"], key=_sort_key)
        # pair each finding with the expected entry of the same key to compare lines too
        by_key = {w.get("feature") or w.get("rule"): w for w in wanted}
        got = sorted((_normal(f, by_key.get(f.key)) for f in kept), key=_sort_key)
        assert got == wanted, f"{case.name}: {host.host}: {[f.message for f in kept]}"
        scoped_ok.append(want["compliant"] and host.reachable)
    scoped_exit = 2 if report.summary.unreachable else (0 if all(scoped_ok) else 1)
    assert scoped_exit == expected["exit_code"]
    if expected["rules"] == "all":
        assert exit_code(report) == expected["exit_code"]


def test_every_case_lists_known_rules() -> None:
    for case in CASES:
        rules = _expected(case)["rules"]
        assert rules == "all" or (isinstance(rules, list) and set(rules) <= set(RULES)), case.name


def test_every_rule_fires_in_a_case_that_lists_it() -> None:
    fired: set[str] = set()
    for case in CASES:
        expected = _expected(case)
        listed = _listed(expected)
        for host in expected["hosts"].values():
            fired |= {f["rule"] for f in host["findings"] if f.get("rule") in listed}
    assert sorted(set(RULES) - fired) == []


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_no_secret_in_any_format(case: Path) -> None:
    audited = audit_case(case)
    secrets = audited.secret_values()
    assert secrets
    for fmt in ("json", "junit", "markdown", "html", "table"):
        text = render(audited.report, fmt)
        leaked = [s for s in secrets if s in text]
        assert not leaked, f"{case.name}: {fmt} shows a secret"
