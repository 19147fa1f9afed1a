"""The circular property: the reported remediation, applied to the running config,
leaves nothing to report (for every golden case, every router with drift)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dmvpnprov.audit.drift import apply_remediation, feature_drift
from dmvpnprov.audit.engine import normalise_keys
from dmvpnprov.core.configtree import managed_paths, parse, remediation_lines
from dmvpnprov.core.display import normalise
from tests.support.audit_cases import CASES, audit_case


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_remediation_makes_the_running_config_compliant(case: Path) -> None:
    audited = audit_case(case)
    drifted = 0
    for router in audited.fleet.routers:
        running = audited.running[router.name]
        if not isinstance(running, str):
            continue
        running, _ = normalise_keys(running, audited.intended[router.name])
        owned = [audited.fleet.clouds[t.cloud].tunnel_subnet for t in router.tunnels]
        release = router.ios_release
        intended = normalise(parse(audited.intended[router.name]), release)
        before = feature_drift(normalise(parse(running), release), intended, owned)
        lines = [line for d in before for line in d.remediation]
        if not lines:
            continue
        drifted += 1
        after = normalise(apply_remediation(parse(running), lines), release)
        left = [d for d in feature_drift(after, intended, owned) if not d.compliant]
        assert not left, f"{case.name}: {router.name}: still drifted: {left}"
    reported = sum(f.feature is not None for h in audited.report.hosts for f in h.findings)
    assert (drifted > 0) == (reported > 0)


def test_unmanaged_lines_survive_the_remediation() -> None:
    case = next(c for c in CASES if c.name == "drift-routing-scope")
    audited = audit_case(case)
    running = audited.running["spoke-a"]
    assert isinstance(running, str)
    intended = parse(audited.intended["spoke-a"])
    lines = [line for d in feature_drift(parse(running), intended) for line in d.remediation]
    after = str(apply_remediation(parse(running), lines))
    assert "network 192.168.99.0 0.0.0.255" in after  # a user's network: not ours
    assert "network 172.30.0.0" in after
    assert "network 192.168.1.0 0.0.0.127" not in after  # stale, inside a LAN we own
    assert "line vty 0 4" in after


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_rollback_gives_the_running_config_back(case: Path) -> None:
    audited = audit_case(case)
    for router in audited.fleet.routers:
        running = audited.running[router.name]
        if not isinstance(running, str):
            continue
        intended = audited.intended[router.name]
        owned = [audited.fleet.clouds[t.cloud].tunnel_subnet for t in router.tunnels]
        after = apply_remediation(parse(running), remediation_lines(running, intended, owned))
        back = apply_remediation(after, remediation_lines(after, running, owned, scope=intended))
        scope = parse(intended)
        assert managed_paths(back, scope, owned) == managed_paths(parse(running), scope, owned)
