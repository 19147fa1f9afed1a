"""The savings report as ONE self-contained HTML page: tables, the chart (inline SVG
drawn by matplotlib), the deck comparison, the counting rule and the counted lines.

No external CSS, script, font or image: the page can be mailed or archived as it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from dmvpnprov.reporting.savings_chart import chart_svg
from dmvpnprov.reporting.savings_rows import (
    DESIGN_HEADERS,
    HUB_HEADERS,
    deck_line,
    design_rows,
    hub_rows,
)
from dmvpnprov.savings.model import Savings

__all__ = ["render_html"]

_CSS = """
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem auto;
       max-width: 72rem; padding: 0 1rem; color: #222; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.2rem; margin-top: 2rem; }
table { border-collapse: collapse; margin: .5rem 0 1rem; }
th, td { border: 1px solid #ccc; padding: .3rem .6rem; text-align: right; }
th:first-child, td:first-child { text-align: left; }
th { background: #f2f2f2; }
.headline { font-size: 1.1rem; background: #eef6ee; border-left: 4px solid #1b7837;
            padding: .6rem 1rem; }
pre { background: #f7f7f7; padding: .6rem; overflow-x: auto; font-size: 13px; }
.chart svg { width: 100%; height: auto; }
details { margin: .4rem 0; }
"""


def _table(headers: Sequence[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _items(items: Sequence[str]) -> str:
    return "<ul>" + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>" if items else ""


def render_html(s: Savings) -> str:
    """The whole page."""
    scope = (
        f"What-if fleet of {s.what_if_spokes:,} spokes grown from the inventory's pattern."
        if s.what_if_spokes
        else "The inventory as it is."
    )
    counted = "".join(
        f"<details><summary>{escape(name.replace('_', ' '))}: {len(lines)} lines</summary>"
        f"<pre>{escape(chr(10).join(lines))}</pre></details>"
        for name, lines in s.counted.items()
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>DMVPN configuration-size savings</title>
<style>{_CSS}</style>
</head>
<body>
<h1>DMVPN configuration-size savings</h1>
<p>{escape(scope)} Inventory: <code>{escape(s.inventory)}</code>.</p>
<p class="headline">{escape(deck_line(s))}</p>
{_items(s.deck_differences)}
<h2>Hubs: spoke-related configuration lines</h2>
{_table(HUB_HEADERS, hub_rows(s))}
<h2>Designs: lines, tunnels, and what adding one spoke costs</h2>
{_table(DESIGN_HEADERS, design_rows(s))}
<h2>Configuration lines against the number of spokes</h2>
<div class="chart">{chart_svg(s)}</div>
<h2>Counting rule</h2>
<p>{escape(s.counting_rule)}</p>
{counted}
{"<h2>Notes</h2>" + _items(s.notes) if s.notes else ""}
</body>
</html>
"""
