"""The audit of one router (drift + host rules + facts), and of each cloud (cloud rules).

:func:`audit_host` parses the running and intended configs once each and runs in a
worker process when the fleet is large; it returns masked findings and the facts the
cloud-wide rules need. :func:`cloud_findings` runs those rules in the parent process.

Examples:
    >>> job = HostJob("r1", "r1", "hostname r1\\n", "interface Tunnel0\\n ip mtu 1400\\n",
    ...               "12.4(15)T", False)
    >>> [f.key for f in audit_host(job).findings]
    ['tunnel']
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from ipaddress import IPv4Network

from hier_config import HConfig

from dmvpnprov.audit.drift import FeatureDrift, feature_drift, no_drift
from dmvpnprov.audit.facts import HostFacts, host_facts, secret_digest
from dmvpnprov.audit.model import Finding, Severity
from dmvpnprov.audit.rules import RULES, CloudContext, HostContext, Member
from dmvpnprov.core.configtext import ConfigTextError, looks_truncated
from dmvpnprov.core.configtree import (
    kept_lines,
    outline_of,
    outline_text,
    parse,
    unattainable,
)
from dmvpnprov.core.display import normalise, normalise_outline
from dmvpnprov.core.linetree import ConfigTree, read_tree
from dmvpnprov.core.models import Fleet
from dmvpnprov.core.secrets import mask_config, mask_text

__all__ = [
    "HostJob",
    "HostResult",
    "audit_host",
    "cloud_findings",
    "count_lines",
    "intended_values",
    "normalise_keys",
]

_AUTH = re.compile(r"^ ip nhrp authentication (\S+(?: \S+)?)$", re.MULTILINE)
_BANNER = "banner "  # banner bodies can hold lines that kept_lines drops: no fast path
_KEY = re.compile(
    r"^crypto isakmp key (?:([067]) )?(\S+) address (\S+(?: \S+)?)[ \t\r]*$", re.MULTILINE
)


@dataclass(frozen=True)
class HostJob:
    """Everything needed to audit one router, picklable for a worker process."""

    host: str
    hostname: str
    running: str
    intended: str
    release: str
    is_hub: bool
    owned: tuple[IPv4Network, ...] = ()
    secrets: frozenset[str] = frozenset()
    behind_nat: bool = False  # nbma.public_address is set: the router is behind NAT


@dataclass(slots=True)
class HostResult:
    """Masked findings of one router and the facts of its running config."""

    host: str
    findings: list[Finding]
    facts: HostFacts = field(default_factory=HostFacts)


def _mask(text: str, secrets: Iterable[str]) -> str:
    return mask_text(mask_config(text), secrets)


def _type7(value: str) -> str:
    """Decode a type 7 string (netutils; imported here: its module imports ``crypt``,
    which Python 3.13 removed, so a failure only disables this comparison)."""
    from netutils.password import decrypt_type7  # noqa: PLC0415

    return str(decrypt_type7(value))


def normalise_keys(running: str, intended: str) -> tuple[str, list[str]]:
    """Reveal type-7 keys for comparison; take type-6 keys as matching (not comparable)."""
    wanted = {m[3]: m[0] for m in _KEY.finditer(intended)}
    notes: list[str] = []

    def fix(m: re.Match[str]) -> str:
        kind, value, peer = m[1], m[2], m[3]
        if kind == "7":
            try:
                return f"crypto isakmp key {_type7(value)} address {peer}"
            except (ValueError, IndexError, KeyError, ImportError):
                return m[0]
        if kind == "6" and peer in wanted:
            notes.append(f"crypto isakmp key for {peer} is stored encrypted (type 6): not compared")
            return wanted[peer]
        return m[0]

    return _KEY.sub(fix, running), notes


def _depth(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def count_lines(lines: tuple[str, ...]) -> int:
    """The lines of a missing/extra list that are changes, not context: every line but
    a parent listed only to place its children (a section absent as a whole counts
    through its lines; an empty one counts itself).

    Examples:
        >>> count_lines(("router eigrp 1", " network 10.0.0.0", "crypto isakmp key k address 0"))
        2
    """
    return sum(
        1
        for i, line in enumerate(lines)
        if i + 1 == len(lines) or _depth(lines[i + 1]) <= _depth(line)
    )


def _drift_finding(d: FeatureDrift, secrets: frozenset[str]) -> Finding:
    parts = []
    if d.missing_sections:
        parts.append("missing " + ", ".join(d.missing_sections))
    parts.append(f"{count_lines(d.missing)} line(s) missing, {count_lines(d.extra)} extra")
    return Finding(
        feature=d.feature,
        severity=Severity.ERROR,
        message=_mask(f"{d.feature} drift: " + "; ".join(parts), secrets),
        missing=tuple(_mask(x, secrets) for x in d.missing),
        extra=tuple(_mask(x, secrets) for x in d.extra),
        remediation=tuple(_mask(x, secrets) for x in d.remediation),
    )


def _hostname_finding(job: HostJob, running: str) -> list[Finding]:
    m = re.search(r"^hostname (\S+)\s*$", running, re.MULTILINE)
    if m is None or m[1] == job.hostname:
        return []
    return [
        Finding(
            rule="SOURCE-002",
            severity=Severity.WARNING,
            message=f"the config is of hostname {m[1]}, not {job.hostname}: wrong file?",
        )
    ]


def _unreadable(job: HostJob, exc: ConfigTextError) -> HostResult:
    unread = Finding(rule="SOURCE-004", severity=Severity.CRITICAL, message=str(exc))
    return HostResult(job.host, [unread])


def audit_host(job: HostJob) -> HostResult:
    """Drift per feature, host rules and facts of one router (everything masked)."""
    running, notes = normalise_keys(job.running, job.intended)
    # The host rules and the facts read lines only: a plain line tree serves them when
    # it is sure to equal hier_config's (core/linetree); hier_config's tree is built
    # only to compare with the intended config, and only when the texts differ.
    tree: HConfig | None = None
    read: ConfigTree | None = read_tree(running)
    if read is None:
        try:
            tree = read = parse(running)
        except ConfigTextError as exc:
            return _unreadable(job, exc)
    if looks_truncated(running):
        notes.append("the saved config has no 'end' line: it may be truncated")
    findings = _hostname_finding(job, running)
    findings += [Finding(rule="SOURCE-003", severity=Severity.INFO, message=n) for n in notes]
    findings += _rule_findings(job, read)
    facts = host_facts(read)
    if _BANNER not in running and kept_lines(running) == kept_lines(job.intended):
        # The text fast path: the running config reads as the intended one, line for
        # line (the common case), so its managed scope is as intended: no drift to find.
        return HostResult(job.host, findings, facts)
    if tree is None:
        try:
            tree = parse(running)
        except ConfigTextError as exc:  # not seen: a text the plain tree reads parses
            return _unreadable(job, exc)
    # Drift compares as the router prints (core/display): spellings, defaults.
    normalise(tree, job.release)
    # Rendered text is outlined without hier_config; the intended tree is only built
    # when the managed part of the running config differs from it (drift to explain).
    outline = outline_text(job.intended)
    outline = normalise_outline(
        outline if outline is not None else outline_of(parse(job.intended)), job.release
    )
    findings += [
        Finding(rule="SCOPE-001", severity=Severity.WARNING, message=f"{top} not applied: {why}")
        for top, why in unattainable(tree, outline).items()
    ]
    if not no_drift(tree, outline, job.owned):
        want = normalise(parse(job.intended), job.release)
        for drift in feature_drift(tree, want, job.owned):
            if not drift.compliant:
                findings.append(_drift_finding(drift, job.secrets))
    return HostResult(job.host, findings, facts)


def _rule_findings(job: HostJob, tree: ConfigTree) -> list[Finding]:
    findings = []
    ctx = HostContext(job.host, tree, job.release, job.is_hub, job.behind_nat)
    for rule in RULES.values():
        if rule.host_check is None:
            continue
        for message in rule.host_check(ctx):
            findings.append(
                Finding(
                    rule=rule.id,
                    severity=rule.severity,
                    message=_mask(message, job.secrets),
                    reference=rule.reference,
                )
            )
    return findings


def _auth_digest(intended: Mapping[str, str], fleet: Fleet, cloud: str) -> str | None:
    """The digest of the NHRP authentication a member's intended config carries."""
    for router in fleet.routers:
        text = intended.get(router.name)
        for t in router.tunnels:
            if t.cloud != cloud or text is None:
                continue
            start = text.find(f"interface {t.interface}\n")
            section = text[start:].split("\n!", 1)[0] if start >= 0 else ""
            if m := _AUTH.search(section):
                return secret_digest(m[1])
            return None
    return None


def _intended_values(fleet: Fleet, name: str, intended: Mapping[str, str]) -> dict[str, str]:
    cloud = fleet.clouds[name]
    values = {
        "ip nhrp network-id": str(cloud.network_id),
        "ip nhrp holdtime": str(cloud.holdtime),
        "ip mtu": str(cloud.ip_mtu),
    }
    if cloud.tunnel_key is not None:
        values["tunnel key"] = str(cloud.tunnel_key)
    if cloud.nhrp_auth is not None and (digest := _auth_digest(intended, fleet, name)):
        values["ip nhrp authentication"] = digest
    return values


def intended_values(fleet: Fleet, intended: Mapping[str, str]) -> dict[str, dict[str, str]]:
    """Each cloud's values as the inventory sets them (what cloud consistency is judged
    against): network-id, holdtime, mtu, tunnel key, the NHRP authentication's digest."""
    return {name: _intended_values(fleet, name, intended) for name in fleet.clouds}


def _clouds(
    fleet: Fleet,
    facts: Mapping[str, HostFacts],
    values: Mapping[str, Mapping[str, str]] | None,
) -> Iterable[CloudContext]:
    for name, cloud in fleet.clouds.items():
        members = []
        for router in fleet.routers:
            if router.name not in facts:
                continue
            for t in router.tunnels:
                tunnel = facts[router.name].tunnels.get(t.interface)
                if t.cloud == name and tunnel is not None:
                    public = router.nbma.public_address
                    members.append(
                        Member(
                            router.name,
                            router.is_hub,
                            facts[router.name],
                            tunnel,
                            str(public) if public else None,
                        )
                    )
        if members:
            mine = dict(values.get(name, {})) if values is not None else {}
            yield CloudContext(name, cloud.tunnel_subnet, tuple(members), mine)


def cloud_findings(
    fleet: Fleet,
    facts: Mapping[str, HostFacts],
    secrets: frozenset[str] = frozenset(),
    intended: Mapping[str, str] | None = None,
    values: Mapping[str, Mapping[str, str]] | None = None,
) -> dict[str, list[Finding]]:
    """Findings of the cloud-wide rules, by host (only hosts in ``facts`` are read).

    With the ``intended`` configs (or their :func:`intended_values`), consistency is
    judged against the inventory's values.
    """
    if values is None and intended is not None:
        values = intended_values(fleet, intended)
    out: dict[str, list[Finding]] = {}
    for ctx in _clouds(fleet, facts, values):
        for rule in RULES.values():
            if rule.cloud_check is None:
                continue
            for host, message in rule.cloud_check(ctx):
                out.setdefault(host, []).append(
                    Finding(
                        rule=rule.id,
                        severity=rule.severity,
                        message=f"cloud {ctx.cloud}: {_mask(message, secrets)}",
                        reference=rule.reference,
                    )
                )
    return out
