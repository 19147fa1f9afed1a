"""Markdown of an audit report, shaped for GitHub's job summary (``$GITHUB_STEP_SUMMARY``).

Headings and tables; the lines behind each finding (missing, extra, remediation) go in
a collapsed ``<details>`` block so a large fleet's summary stays readable.

Examples:
    >>> from dmvpnprov.audit.model import AuditReport, HostAudit, Summary
    >>> report = AuditReport(hosts=(HostAudit(host="r1", compliant=True),),
    ...                      summary=Summary(hosts=1, compliant=1, non_compliant=0, unreachable=0))
    >>> print(render_markdown(report).splitlines()[2])
    **Compliant**: 1 of 1 routers compliant, 0 unreachable (fail on: error).
"""

from __future__ import annotations

from dmvpnprov.audit.model import AuditReport, Finding, HostAudit

__all__ = ["MAX_DETAILS", "MAX_ROWS", "render_markdown"]

MAX_ROWS = 500  # routers in the summary table
MAX_DETAILS = 50  # routers whose findings are detailed


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _lines_block(f: Finding) -> list[str]:
    body = []
    for title, lines in (
        ("missing", f.missing),
        ("extra", f.extra),
        ("remediation", f.remediation),
    ):
        if lines:
            body += [f"{title}:", "```", *lines, "```"]
    if not body:
        return []
    return ["<details><summary>" + f.key + ": lines</summary>", "", *body, "", "</details>", ""]


def _host(h: HostAudit) -> list[str]:
    state = "compliant" if h.compliant else ("unreachable" if not h.reachable else "NOT compliant")
    out = [f"### {h.host}: {state}", ""]
    if not h.findings:
        return out
    out += ["| Check | Severity | Message |", "|---|---|---|"]
    for f in h.findings:
        kind = "feature" if f.feature else "rule"
        out.append(f"| {kind} `{f.key}` | {f.severity.value} | {_cell(f.message)} |")
    out.append("")
    for f in h.findings:
        out += _lines_block(f)
    return out


def render_markdown(report: AuditReport) -> str:
    """The report as GitHub-flavoured Markdown.

    GitHub caps a job summary at 1 MiB: past :data:`MAX_ROWS` routers in the table and
    :data:`MAX_DETAILS` detailed routers (non-compliant ones first), the rest is counted
    and left to the JSON/HTML report.
    """
    s = report.summary
    verdict = "Compliant" if report.compliant else "Not compliant"
    out = [
        "## dmvpnprov audit",
        "",
        f"**{verdict}**: {s.compliant} of {s.hosts} routers compliant, {s.unreachable} "
        f"unreachable (fail on: {s.fail_on.value}).",
        "",
        "| Router | Compliant | Drifted features | Rule findings | Worst |",
        "|---|---|---|---|---|",
    ]
    hosts = sorted(report.hosts, key=lambda h: h.compliant)  # stable: bad ones first
    for h in hosts[:MAX_ROWS]:
        worst = h.worst()
        drift = sum(f.feature is not None for f in h.findings)
        rules = sum(f.rule is not None for f in h.findings)
        mark = "yes" if h.compliant else "**no**"
        out.append(f"| {h.host} | {mark} | {drift} | {rules} | {worst.value if worst else '-'} |")
    out.append("")
    if len(hosts) > MAX_ROWS:
        out += [f"_{len(hosts) - MAX_ROWS} more routers: see the JSON or HTML report._", ""]
    detailed = [h for h in hosts if h.findings]
    for h in detailed[:MAX_DETAILS]:
        out += _host(h)
    if len(detailed) > MAX_DETAILS:
        more = len(detailed) - MAX_DETAILS
        out += [f"_Findings of {more} more routers: see the JSON or HTML report._", ""]
    if s.source:
        out += [f"_Source: {_cell(s.source)}._", ""]
    return "\n".join(out)
