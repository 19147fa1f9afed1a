"""The savings report as table (rich), json, markdown or html, to stdout or a file.

The format is chosen as every command chooses it (:mod:`dmvpnprov.reporting.formats`):
``--format``, else the ``-o`` file's suffix, else ``table``. ``html`` is always a file
(``reports/savings.html`` unless ``-o``): one self-contained page.

Examples:
    >>> md_row(["a", "b|c"])
    '| a | b\\\\|c |'
"""

from __future__ import annotations

import io
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console
from rich.table import Table

from dmvpnprov.core.errors import UserError
from dmvpnprov.core.secrets import mask_config
from dmvpnprov.reporting.formats import by_suffix, choose, unknown_suffix
from dmvpnprov.reporting.savings_rows import (
    DESIGN_HEADERS,
    HUB_HEADERS,
    deck_line,
    design_rows,
    hub_rows,
)
from dmvpnprov.savings.model import Savings

__all__ = ["design_rows", "hub_rows", "md_row", "render", "write_savings"]

log = logging.getLogger(__name__)

DEFAULT_HTML = Path("reports") / "savings.html"


def render_json(s: Savings) -> str:
    """The canonical JSON document."""
    return json.dumps(s.to_dict(), indent=2) + "\n"


def md_row(cells: Sequence[str]) -> str:
    """A markdown table row; ``|`` inside a cell is escaped."""
    return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"


def _md_table(headers: Sequence[str], rows: list[list[str]]) -> list[str]:
    return [md_row(headers), md_row(["---"] * len(headers)), *(md_row(r) for r in rows)]


def render_markdown(s: Savings) -> str:
    """GitHub-flavoured markdown: the two tables, the deck comparison, the rule, notes."""
    out = ["# DMVPN configuration-size savings", ""]
    if s.what_if_spokes:
        out += [f"What-if fleet of {s.what_if_spokes:,} spokes from the inventory's pattern.", ""]
    out += ["## Hubs (spoke-related lines)", "", *_md_table(HUB_HEADERS, hub_rows(s)), ""]
    out += ["## Designs", "", *_md_table(DESIGN_HEADERS, design_rows(s)), ""]
    out += ["## The deck's figures", "", deck_line(s), ""]
    out += [f"- {d}" for d in s.deck_differences] + ([""] if s.deck_differences else [])
    out += ["## Counting rule", "", s.counting_rule, ""]
    for name, lines in s.counted.items():
        out += [f"### Counted: {name.replace('_', ' ')} ({len(lines)} lines)", "", "```",
                *lines, "```", ""]  # fmt: skip
    if s.notes:
        out += ["## Notes", "", *(f"- {n}" for n in s.notes), ""]
    return "\n".join(out)


def _rich_table(title: str, headers: Sequence[str], rows: list[list[str]]) -> Table:
    table = Table(title=title, title_justify="left")
    for i, header in enumerate(headers):
        table.add_column(header, justify="left" if i == 0 else "right", no_wrap=i == 0)
    for row in rows:
        table.add_row(*row)
    return table


def print_table(s: Savings, console: Console) -> None:
    """The two tables, the deck comparison and the counting rule, with rich."""
    console.print(_rich_table("Hubs: spoke-related configuration lines", HUB_HEADERS, hub_rows(s)))
    console.print(_rich_table("Designs", DESIGN_HEADERS, design_rows(s)))
    console.print(deck_line(s))
    for item in (*s.deck_differences, *s.notes):
        console.print(f"- {item}", markup=False)
    console.print(f"Counting rule: {s.counting_rule}", markup=False, style="dim")


def render(s: Savings, fmt: str) -> str:
    """The report in ``fmt`` as text (``table`` as plain text, 120 columns)."""
    if fmt == "json":
        return render_json(s)
    if fmt == "markdown":
        return render_markdown(s)
    if fmt == "html":
        from dmvpnprov.reporting.savings_html import render_html  # noqa: PLC0415 - matplotlib

        return render_html(s)
    buffer = io.StringIO()
    print_table(s, Console(file=buffer, width=120, no_color=True, force_terminal=False))
    return buffer.getvalue()


def write_savings(s: Savings, fmt: str | None, output: Path | None) -> Path | None:
    """Write the report; return the file written (``None``: stdout).

    A file name whose suffix says no format this report has (``x.pdf``) is refused, as
    ``audit -o`` refuses it, rather than written in another format.
    """
    named = fmt is None and output is not None and output.suffix
    if named and output is not None and by_suffix("report", output) is None:
        raise unknown_suffix(output)
    chosen = choose("report", fmt, output, terminal=sys.stdout.isatty())
    if output is None and chosen == "html":
        output = DEFAULT_HTML
    if output is None:
        if chosen == "table":
            print_table(s, Console())
        else:
            sys.stdout.write(mask_config(render(s, chosen)))
        return None
    text = mask_config(render(s, chosen))
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UserError(f"{output}: cannot write the report: {exc.strerror or exc}") from None
    log.info("savings report (%s) written to %s", chosen, output)
    sys.stderr.write(f"report: {chosen} written to {output}\n")
    return output
