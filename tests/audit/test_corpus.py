"""A corpus of real routers' configs from public sources (tests/audit/corpus/<case>/,
each with PROVENANCE.md): the audit finds what a reader of each config finds
(expected.json, written by reading), never touches the lines dmvpnprov does not own,
never shows a secret, and its fixes are circular: applied, they leave nothing to
report; rolled back, they give the running config back."""

from __future__ import annotations

import json
import re
from ipaddress import IPv4Network
from pathlib import Path

import pytest

from dmvpnprov.audit.drift import apply_remediation, feature_drift
from dmvpnprov.audit.engine import normalise_keys
from dmvpnprov.core.configtree import managed_paths, parse, remediation_lines
from dmvpnprov.core.display import normalise
from tests.support.audit_cases import Audited, audit_case

CORPUS = Path(__file__).parent / "corpus"
CASES = sorted(p.parent for p in CORPUS.glob("*/expected.json"))
_NOT_RULES = {"SOURCE-003", "SOURCE-005"}  # information about the audit, not findings


def _model_gap(case: Path) -> set[str]:
    """Hosts where the control-plane model is known to be wrong (expected.json says why).

    The test asserts the gap is still there, so fixing the model makes it fail and the
    case is updated, never silently hidden.
    """
    data = json.loads((case / "expected.json").read_text())
    gap = data.get("model_gap")
    return set(gap["hosts"]) if gap else set()


def _expected(case: Path) -> dict[str, dict[str, list[str]]]:
    data: dict[str, dict[str, dict[str, list[str]]]] = json.loads(
        (case / "expected.json").read_text()
    )
    return data["hosts"]


@pytest.fixture(scope="module", params=CASES, ids=[c.name for c in CASES])
def audited(request: pytest.FixtureRequest) -> Audited:
    return audit_case(request.param)


def test_the_corpus_is_large_and_sourced() -> None:
    routers = sum(len(_expected(c)) for c in CASES)
    sources = {
        line.split("github.com/", 1)[-1].strip().rstrip("/")
        for c in CASES
        for line in (c / "PROVENANCE.md").read_text().splitlines()
        if line.startswith("- Repository:") or line.startswith("- URL:")
    }
    assert routers >= 12
    assert len(sources) >= 4
    for case in CASES:
        text = (case / "PROVENANCE.md").read_text()
        assert ("Licence" in text and "Commit" in text) or "URL" in text


def test_findings_are_what_a_reader_finds(audited: Audited) -> None:
    expected = _expected(audited.case)
    hosts = {h.host: h for h in audited.report.hosts}
    assert set(hosts) == set(expected)
    gap = _model_gap(audited.case)
    for name, want in expected.items():
        host = hosts[name]
        assert host.reachable, (name, host.findings)
        rules = sorted({f.rule for f in host.findings if f.rule and f.rule not in _NOT_RULES})
        if name in gap:  # the model's known mistake, still there (see expected.json)
            assert "dmvpn-works" in rules, name
            rules.remove("dmvpn-works")
        drift = sorted({f.feature for f in host.findings if f.feature})
        assert rules == want["rules"], (name, [f.message for f in host.findings if f.rule])
        assert drift == want["drift"], name


def _fix(audited: Audited, name: str) -> tuple[str, list[str], list[IPv4Network]]:
    router = next(r for r in audited.fleet.routers if r.name == name)
    running = audited.running[name]
    assert isinstance(running, str)
    running, _ = normalise_keys(running, audited.intended[name])
    owned = [audited.fleet.clouds[t.cloud].tunnel_subnet for t in router.tunnels]
    return running, remediation_lines(running, audited.intended[name], owned), owned


def test_lines_not_owned_are_never_touched(audited: Audited) -> None:
    for name, want in _expected(audited.case).items():
        running, fix, _ = _fix(audited, name)
        stripped = [line.strip() for line in fix]
        after = str(apply_remediation(parse(running), fix))
        for line in want["kept"]:
            assert line not in stripped and f"no {line}" not in stripped, (name, line)
            assert line in after, (name, line)


def test_fixes_are_circular(audited: Audited) -> None:
    for router in audited.fleet.routers:
        running, fix, owned = _fix(audited, router.name)
        release = router.ios_release
        intended = normalise(parse(audited.intended[router.name]), release)
        after = apply_remediation(parse(running), fix)
        left = feature_drift(normalise(after.deep_copy(), release), intended, owned)
        assert all(d.compliant for d in left), (router.name, [d for d in left if not d.compliant])
        # rollback: the backup (running) as target, the rendered config as scope
        back_fix = remediation_lines(after, running, owned, scope=audited.intended[router.name])
        back = apply_remediation(after, back_fix)
        scope = parse(audited.intended[router.name])
        assert managed_paths(back, scope, owned) == managed_paths(parse(running), scope, owned)


def test_no_secret_of_the_corpus_in_the_report(audited: Audited) -> None:
    text = audited.report.to_json()
    for value in audited.secret_values():
        # as a token: a short key such as `dmvpn` is also a word of the rule `dmvpn-works`
        assert not re.search(rf"(?<![\w-]){re.escape(value)}(?![\w-])", text), value


# Lines a fix must never hold: negations of what the user owns (some cut the tunnel, as
# `no vrf forwarding` deletes the address, `no zone-member security` drops all traffic),
# and a second routing process IOS would reject.
_NEVER = (
    "no vrf forwarding",
    "no ip vrf forwarding",
    "no tunnel vrf",
    "no zone-member security",
    "no match fvrf",
    "no ivrf",
    "no description",
    "no bfd",
    "no ip nat",
    "ip redirects",
    "no ip pim",
    "no cts",
    "router bgp",
    "no router",
    "no interface GigabitEthernet",
    "no interface FastEthernet",
    "no interface Loopback",
)


def test_no_fix_holds_a_line_that_cuts_or_is_rejected(audited: Audited) -> None:
    for name in _expected(audited.case):
        _, fix, _ = _fix(audited, name)
        for line in fix:
            assert not line.strip().startswith(_NEVER), (name, line)
