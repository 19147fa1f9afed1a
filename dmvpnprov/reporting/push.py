"""Push output: the plan per router, the summary table, and the JSON document.

Every line shown has gone through the caller's mask (secrets never reach a terminal).
JSON keys are stable: ``hosts: [{host, role, changed_lines, saved, verified,
rolled_back, skipped, error, backup}]`` and ``summary``; a dry run adds each host's
``lines`` (masked) and ``"dry_run": true``.

Examples:
    >>> from dmvpnprov.push.results import HostResult
    >>> doc = json_document([HostResult("hub1", "hub", changed_lines=2, verified=True)])
    >>> sorted(doc["hosts"][0]) == sorted(HostResult("x", "y").as_dict())
    True
    >>> doc["summary"]["changed"]
    1
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from dmvpnprov.push.results import HostResult, summary

__all__ = [
    "json_document",
    "outcome_line",
    "plan_text",
    "print_json",
    "print_plan",
    "print_summary",
]


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' if count != 1 else ''}"


def outcome_line(results: Sequence[HostResult], *, dry_run: bool) -> str:
    """The last line of a run that applied nothing: a dry run, no change, or a "no".

    Examples:
        >>> r = [HostResult("a", "hub", changed_lines=3), HostResult("b", "spoke")]
        >>> outcome_line(r, dry_run=True)
        'dry run: 1 router would change (3 lines), 1 unchanged; nothing was sent'
        >>> outcome_line(r, dry_run=False)
        'not pushed: nothing was sent to 1 router (a), 3 lines left undone; backups were kept'
    """
    todo = [r for r in results if r.changed_lines and not r.error]
    unread = [r for r in results if r.error]
    same = len(results) - len(todo) - len(unread)
    lines = sum(r.changed_lines for r in todo)
    tail = f", {_n(len(unread), 'router')} could not be read" if unread else ""
    if not todo:
        return f"nothing to change on {_n(same, 'router')}{tail}"
    if dry_run:
        return (
            f"dry run: {_n(len(todo), 'router')} would change ({_n(lines, 'line')}),"
            f" {same} unchanged{tail}; nothing was sent"
        )
    names = ", ".join(r.host for r in todo[:5]) + (", ..." if len(todo) > 5 else "")
    return (
        f"not pushed: nothing was sent to {_n(len(todo), 'router')} ({names}),"
        f" {_n(lines, 'line')} left undone; backups were kept{tail}"
    )


def plan_text(lines: Sequence[str]) -> Text:
    """IOS lines highlighted: section headers bold, removals red, additions green."""
    text = Text()
    for line in lines:
        body = line.strip()
        if body.startswith("no "):
            style = "red"
        elif line == body:
            style = "bold cyan"
        else:
            style = "green"
        text.append(line + "\n", style=style)
    text.rstrip()
    return text


def print_plan(console: Console, results: Iterable[HostResult]) -> None:
    """One panel per router: its delta, or why it could not be planned."""
    for result in results:
        title = f"{result.host} ({result.role})"
        if result.error:
            body: Any = Text(f"cannot plan: {result.error}", style="bold red")
        elif not result.lines:
            body = Text("nothing to change", style="dim")
        else:
            n = len(result.lines)
            count = Text(f"{n} line{'s' if n != 1 else ''} to send", style="dim")
            body = Group(plan_text(result.lines), count)
        console.print(Panel(body, title=title, title_align="left", expand=False))


def _mark(flag: bool) -> str:
    return "[green]yes[/]" if flag else "[dim]no[/]"


def _state(r: HostResult) -> str:
    if r.skipped:
        return "[yellow]skipped[/]"
    if r.error is None:
        return "[green]saved[/]" if r.saved else "[dim]unchanged[/]"
    if r.saved:
        return "[red]saved, failed[/]"
    return "[yellow]rolled back[/]" if r.rolled_back else "[red]FAILED[/]"


def print_summary(console: Console, results: Sequence[HostResult]) -> None:
    """The summary: a narrow table (one state per router), then one line per problem.

    The table fits 80 columns (CI logs); errors are printed under it, one line each, so
    they are never folded into a narrow column.
    """
    table = Table(title="dmvpnprov push", title_justify="left")
    table.add_column("router", overflow="fold")
    table.add_column("role")
    table.add_column("lines", justify="right")
    table.add_column("state")
    table.add_column("verified")
    for r in results:
        table.add_row(r.host, r.role, str(r.changed_lines), _state(r), _mark(r.verified))
    console.print(table)
    for r in results:
        if r.skipped:
            why = r.skip_reason or "failure threshold reached or interrupted"
            console.print(f"[yellow]{r.host}: skipped, not started: {why}[/]", highlight=False)
        elif r.error:
            console.print(f"[red]{r.host}:[/] {Text(r.error).markup}", highlight=False)
    counts = summary(results)
    console.print(
        f"{_n(counts['hosts'], 'router')}: {counts['changed']} changed,"
        f" {counts['unchanged']} unchanged, {counts['saved']} saved, {counts['failed']} failed,"
        f" {counts['rolled_back']} rolled back, {counts['skipped']} skipped"
    )


def json_document(results: Sequence[HostResult], *, dry_run: bool = False) -> dict[str, Any]:
    """The JSON form of a run (stable keys; ``lines`` only in a dry run)."""
    hosts = []
    for r in results:
        item = r.as_dict()
        if dry_run:
            item["lines"] = list(r.lines)
        hosts.append(item)
    doc: dict[str, Any] = {"hosts": hosts, "summary": summary(results)}
    if dry_run:
        doc["dry_run"] = True
    return doc


def print_json(console: Console, results: Sequence[HostResult], *, dry_run: bool = False) -> None:
    """Write the JSON document, plain (no markup, no wrapping)."""
    console.file.write(json.dumps(json_document(results, dry_run=dry_run), indent=2) + "\n")
