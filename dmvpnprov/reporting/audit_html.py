"""One self-contained HTML page of an audit report (inline CSS, no scripts, no links out).

Examples:
    >>> from dmvpnprov.audit.model import AuditReport, HostAudit, Summary
    >>> report = AuditReport(hosts=(HostAudit(host="<r1>", compliant=True),),
    ...                      summary=Summary(hosts=1, compliant=1, non_compliant=0, unreachable=0))
    >>> "&lt;r1&gt;" in render_html(report), "<r1>" in render_html(report)
    (True, False)
"""

from __future__ import annotations

from html import escape

from dmvpnprov.audit.model import AuditReport, Finding, HostAudit

__all__ = ["render_html"]

_CSS = """
body{font-family:system-ui,sans-serif;margin:2rem;color:#222}
table{border-collapse:collapse;margin:.5rem 0 1rem}
th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}.ok{color:#11772d}.bad{color:#b00020;font-weight:bold}
.critical{background:#fdd}.error{background:#fee}.warning{background:#fff6d5}.info{background:#eef}
pre{background:#f7f7f7;padding:.4rem;margin:.2rem 0;white-space:pre-wrap}
"""


def _finding(f: Finding) -> str:
    blocks = "".join(
        f"<div>{title}:</div><pre>{escape(chr(10).join(lines))}</pre>"
        for title, lines in (
            ("missing", f.missing),
            ("extra", f.extra),
            ("remediation", f.remediation),
        )
        if lines
    )
    ref = f"<div><small>{escape(f.reference)}</small></div>" if f.reference else ""
    kind = "feature" if f.feature else "rule"
    return (
        f'<tr class="{f.severity.value}"><td>{kind} <code>{escape(f.key)}</code></td>'
        f"<td>{f.severity.value}</td><td>{escape(f.message)}{ref}{blocks}</td></tr>"
    )


def _host(h: HostAudit) -> str:
    state = "compliant" if h.compliant else ("unreachable" if not h.reachable else "not compliant")
    cls = "ok" if h.compliant else "bad"
    rows = "".join(_finding(f) for f in h.findings)
    table = (
        f"<table><tr><th>Check</th><th>Severity</th><th>Finding</th></tr>{rows}</table>"
        if rows
        else ""
    )
    return f'<h2>{escape(h.host)} <span class="{cls}">{state}</span></h2>{table}'


def render_html(report: AuditReport) -> str:
    """The report as one HTML page."""
    s = report.summary
    verdict = "compliant" if report.compliant else "not compliant"
    head = (
        f"<p>Fleet <b>{verdict}</b>: {s.compliant} of {s.hosts} routers compliant, "
        f"{s.unreachable} unreachable; fail on {s.fail_on.value}. {escape(s.source)}</p>"
    )
    body = head + "".join(_host(h) for h in report.hosts)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>dmvpnprov audit</title><style>{_CSS}</style></head>"
        f"<body><h1>dmvpnprov audit</h1>{body}</body></html>\n"
    )
