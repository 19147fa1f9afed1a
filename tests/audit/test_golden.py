"""Golden cases: one folder per case under tests/golden/audit/, found by a glob.

Each case holds an inventory, env.yaml (test secret values), running/<host>.cfg in
real ``show running-config`` form, and expected.json: per host, whether it is
compliant and exactly which findings (feature or rule id, severity; missing/extra
lines where given) the audit must report. Rules listed in ``ignore_rules`` (the
deck's weak crypto, which fires everywhere) are left out of the comparison.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from dmvpnprov.audit.model import Finding, Severity
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


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_golden_case(case: Path) -> None:
    expected = json.loads((case / "expected.json").read_text())
    audited = audit_case(case, Severity(expected.get("fail_on", "error")))
    report = audited.report
    ignore = set(expected["ignore_rules"])
    assert {h.host for h in report.hosts} == set(expected["hosts"])
    for host in report.hosts:
        want = expected["hosts"][host.host]
        assert host.compliant is want["compliant"], host.host
        assert host.reachable is want.get("reachable", True), host.host
        wanted = sorted(want["findings"], key=_sort_key)
        kept = [f for f in host.findings if f.rule not in ignore]
        # pair each finding with the expected entry of the same key to compare lines too
        by_key = {w.get("feature") or w.get("rule"): w for w in wanted}
        got = sorted((_normal(f, by_key.get(f.key)) for f in kept), key=_sort_key)
        assert got == wanted, f"{case.name}: {host.host}: {[f.message for f in kept]}"
    assert exit_code(report) == expected["exit_code"]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_no_secret_in_any_format(case: Path) -> None:
    audited = audit_case(case)
    secrets = audited.secret_values()
    assert secrets
    for fmt in ("json", "junit", "markdown", "html", "table"):
        text = render(audited.report, fmt)
        leaked = [s for s in secrets if s in text]
        assert not leaked, f"{case.name}: {fmt} shows a secret"
