"""Live audit against the in-process lab: compliant after a push, and after a change
typed on one router, exactly that drift (read through Nornir and netmiko)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.console import Console

from dmvpnprov.audit.model import AuditReport
from dmvpnprov.commands.audit import audit_fleet
from dmvpnprov.commands.push import PushOptions, run_push
from tests.support.lab import ExampleLab
from tests.support.paths import EXAMPLE_INVENTORY

pytestmark = pytest.mark.lab

# The example inventory keeps the source deck's crypto on purpose (no dead-peer
# detection either): these rules fire on every router and are not drift.
DECK_RULES = {
    "CRYPTO-001", "CRYPTO-003", "CRYPTO-004", "CRYPTO-006", "CRYPTO-008", "CRYPTO-009",
    "CRYPTO-012", "SECRET-002",
}  # fmt: skip


def _push(lab: ExampleLab, tmp_path: Path) -> None:
    options = PushOptions(EXAMPLE_INVENTORY, targets=lab.targets, backups=tmp_path / "backups")
    results, applied = run_push(
        options,
        confirm=lambda _: True,
        show_plan=lambda _: None,
        status=Console(stderr=True, quiet=True),
        environ=lab.environ,
    )
    assert applied
    assert all(r.ok for r in results), [r.error for r in results]


def _audit(lab: ExampleLab) -> AuditReport:
    return audit_fleet(
        EXAMPLE_INVENTORY, targets=lab.targets, environ=lab.environ, fail_on="critical"
    )


def test_after_a_push_compliant_then_exactly_the_typed_drift(
    example_lab: ExampleLab, tmp_path: Path
) -> None:
    before = _audit(example_lab)  # fresh routers: nothing DMVPN on them yet
    assert all(any(f.feature == "tunnel" for f in h.findings) for h in before.hosts)

    _push(example_lab, tmp_path)
    after = _audit(example_lab)
    assert after.compliant
    for host in after.hosts:
        assert host.reachable
        assert {f.key for f in host.findings} <= DECK_RULES, host.host

    example_lab.routers["spoke-a"].configure(["interface Tunnel0", " ip nhrp holdtime 600"])
    drifted = _audit(example_lab)
    assert not drifted.compliant
    spoke = next(h for h in drifted.hosts if h.host == "spoke-a")
    drift = [f for f in spoke.findings if f.feature is not None]
    assert [(f.feature, f.missing, f.extra) for f in drift] == [
        (
            "tunnel",
            ("interface Tunnel0", " ip nhrp holdtime 300"),
            ("interface Tunnel0", " ip nhrp holdtime 600"),
        )
    ]
    assert drift[0].remediation == ("interface Tunnel0", " ip nhrp holdtime 300")
    assert {f.key for f in spoke.findings} - DECK_RULES == {"tunnel", "CLOUD-004"}
    for host in drifted.hosts:
        if host.host != "spoke-a":
            assert {f.key for f in host.findings} <= DECK_RULES, host.host
    text = drifted.to_json()
    assert all(value not in text for value in example_lab.environ.values())


def test_an_unreachable_router_is_reported_not_skipped(example_lab: ExampleLab) -> None:
    targets = dict(example_lab.targets)
    del targets["spoke-b"]
    report = audit_fleet(
        EXAMPLE_INVENTORY, targets=targets, environ=example_lab.environ, fail_on="critical"
    )
    spoke_b = next(h for h in report.hosts if h.host == "spoke-b")
    assert not spoke_b.reachable
    assert [f.rule for f in spoke_b.findings] == ["SOURCE-001"]


def test_spokes_are_not_blamed_when_the_hub_cannot_be_read(
    example_lab: ExampleLab, tmp_path: Path
) -> None:
    _push(example_lab, tmp_path)
    targets = {k: v for k, v in example_lab.targets.items() if k != "hub1"}
    report = audit_fleet(
        EXAMPLE_INVENTORY, targets=targets, environ=example_lab.environ, fail_on="critical"
    )
    for host in report.hosts:
        if host.host == "hub1":
            assert not host.reachable
        else:
            assert {f.key for f in host.findings} <= DECK_RULES, host.host
