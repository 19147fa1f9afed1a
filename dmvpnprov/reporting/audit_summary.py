"""The terminal view of a large fleet's audit: counts and the routers that need work.

Nobody reads 10,000 per-router tables (and drawing them costs more than the audit). A
fleet of more than :data:`LARGE_FLEET` routers gets, on the terminal: findings by
severity, by feature and by rule, the worst routers, then one row per non-compliant
router (the first :data:`MAX_ROWS`). ``audit --all`` prints every router's table; the
file formats always hold every router.

Examples:
    >>> from dmvpnprov.audit.model import AuditReport, Finding, HostAudit, Severity, Summary
    >>> bad = Finding(rule="CRYPTO-001", severity=Severity.ERROR, message="DES")
    >>> hosts = (HostAudit(host="r1", compliant=False, findings=(bad,)),
    ...          HostAudit(host="r2", compliant=True))
    >>> report = AuditReport(hosts=hosts, summary=Summary(hosts=2, compliant=1,
    ...                                                   non_compliant=1, unreachable=0))
    >>> counts(report)["rule"]
    {'CRYPTO-001': 1}
    >>> [h.host for h in worst(report, 5)]
    ['r1']
"""

from __future__ import annotations

from collections import Counter

from rich.console import Group
from rich.table import Table
from rich.text import Text

from dmvpnprov.audit.model import AuditReport, HostAudit

__all__ = ["LARGE_FLEET", "MAX_ROWS", "counts", "summary_renderable", "worst"]

LARGE_FLEET = 50  # routers; above this the terminal gets the summary view
MAX_ROWS = 200  # non-compliant routers listed one per row
WORST = 10

_STYLE = {"critical": "bold white on red", "error": "red", "warning": "yellow", "info": "cyan"}


def counts(report: AuditReport) -> dict[str, dict[str, int]]:
    """Findings counted by severity, by drifted feature and by rule (most first)."""
    severity: Counter[str] = Counter()
    feature: Counter[str] = Counter()
    rule: Counter[str] = Counter()
    for h in report.hosts:
        for f in h.findings:
            severity[f.severity.value] += 1
            if f.feature is not None:
                feature[f.feature] += 1
            if f.rule is not None:
                rule[f.rule] += 1
    return {
        "severity": dict(severity.most_common()),
        "feature": dict(feature.most_common()),
        "rule": dict(rule.most_common()),
    }


def _badness(h: HostAudit) -> tuple[int, int, int]:
    top = h.worst()
    return (not h.reachable, top.rank if top is not None else -1, len(h.findings))


def worst(report: AuditReport, n: int = WORST) -> list[HostAudit]:
    """The ``n`` non-compliant routers with the worst findings (unreachable first)."""
    bad = [h for h in report.hosts if not h.compliant]
    return sorted(bad, key=lambda h: (*(-x for x in _badness(h)), h.host))[:n]


def _counts_table(title: str, values: dict[str, int], styled: bool = False) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column(title.rsplit(maxsplit=1)[-1].capitalize(), no_wrap=True)
    table.add_column("Findings", justify="right")
    for key, count in values.items():
        table.add_row(Text(key, style=_STYLE.get(key, "")) if styled else key, str(count))
    if not values:
        table.add_row("-", "0")
    return table


def _row(h: HostAudit) -> tuple[str, Text, str, str]:
    top = h.worst()
    state = "unreachable" if not h.reachable else (top.value if top else "-")
    checks = ", ".join(dict.fromkeys(f.key for f in h.findings))
    return h.host, Text(state, style=_STYLE.get(state, "red")), str(len(h.findings)), checks


def _hosts_table(title: str, hosts: list[HostAudit]) -> Table:
    table = Table(title=title, title_justify="left")
    for name in ("Router", "Worst", "Findings", "Checks"):
        table.add_column(name, no_wrap=name != "Checks")
    for h in hosts:
        table.add_row(*_row(h))
    return table


def summary_renderable(report: AuditReport) -> Group:
    """Counts, the worst routers, and the non-compliant routers one row each."""
    c = counts(report)
    parts: list[Table | Text] = [
        _counts_table("Findings by severity", c["severity"], styled=True),
        _counts_table("Drift by feature", c["feature"]),
        _counts_table("Findings by rule", c["rule"]),
    ]
    bad = [h for h in report.hosts if not h.compliant]
    if bad:
        parts.append(_hosts_table(f"Worst {min(WORST, len(bad))} routers", worst(report)))
        listed = sorted(bad, key=lambda h: h.host)[:MAX_ROWS]
        parts.append(_hosts_table(f"Non-compliant routers ({len(bad)})", listed))
        if len(bad) > len(listed):
            more = f"... and {len(bad) - len(listed)} more non-compliant routers"
            parts.append(Text(more, style="dim"))
    hint = "Every router's findings: audit --all, or -o audit.json / .md / .html / .xml."
    parts.append(Text(hint, style="dim"))
    return Group(*parts)
