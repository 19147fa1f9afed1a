"""The terminal view of an audit report: rich tables, by router then by check.

Examples:
    >>> from dmvpnprov.audit.model import AuditReport, HostAudit, Summary
    >>> report = AuditReport(hosts=(HostAudit(host="r1", compliant=True),),
    ...                      summary=Summary(hosts=1, compliant=1, non_compliant=0, unreachable=0))
    >>> "r1" in render_table(report, width=80)
    True
"""

from __future__ import annotations

import io

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from dmvpnprov.audit.model import AuditReport, Finding, HostAudit
from dmvpnprov.reporting.audit_summary import LARGE_FLEET, summary_renderable

__all__ = ["print_table", "render_table", "table_renderable"]

_STYLE = {"critical": "bold white on red", "error": "red", "warning": "yellow", "info": "cyan"}


def _detail(f: Finding) -> Text:
    text = Text(f.message)
    for title, lines, style in (
        ("missing", f.missing, "green"),
        ("extra", f.extra, "red"),
        ("fix", f.remediation, "cyan"),
    ):
        for line in lines:
            text.append(f"\n{title:>7}: ", style="dim")
            text.append(line, style=style)
    return text


def _host(h: HostAudit) -> Table:
    state = "compliant" if h.compliant else ("unreachable" if not h.reachable else "NOT compliant")
    color = "green" if h.compliant else "red"
    table = Table(title=f"{h.host}: [{color}]{state}[/]", title_justify="left", expand=False)
    table.add_column("Check", no_wrap=True)
    table.add_column("Severity", no_wrap=True)
    table.add_column("Finding")
    for f in h.findings:
        kind = "feature" if f.feature else "rule"
        table.add_row(
            f"{kind} {f.key}", Text(f.severity.value, style=_STYLE[f.severity.value]), _detail(f)
        )
    if not h.findings:
        table.add_row("all", Text("ok", style="green"), "no drift, no findings")
    return table


def table_renderable(report: AuditReport, show_all: bool = True) -> Group:
    """The report as rich renderables: one table per router (a large fleet without
    ``show_all``: the fleet summary and the non-compliant routers), then the verdict."""
    s = report.summary
    verdict = "[green]compliant[/]" if report.compliant else "[red]NOT compliant[/]"
    summary = (
        f"Fleet {verdict}: {s.compliant}/{s.hosts} routers compliant, {s.unreachable} "
        f"unreachable, {s.drifted_features} drifted features, {s.rule_violations} rule "
        f"findings (fail on {s.fail_on.value})."
    )
    if not show_all and len(report.hosts) > LARGE_FLEET:
        return Group(summary_renderable(report), Text.from_markup(summary))
    return Group(*(_host(h) for h in report.hosts), Text.from_markup(summary))


def render_table(report: AuditReport, width: int = 120) -> str:
    """The table view as plain text (no colour), for files and tests."""
    console = Console(width=width, record=True, color_system=None, file=io.StringIO())
    console.print(table_renderable(report))
    return console.export_text()


def print_table(
    report: AuditReport, console: Console | None = None, show_all: bool = False
) -> None:
    """Print the terminal view (colour when the terminal supports it); a large fleet
    gets the summary view unless ``show_all``."""
    (console or Console()).print(table_renderable(report, show_all))
