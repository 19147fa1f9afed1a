"""Write the ``verify`` verdict (table, json, junit, markdown, html) and ``trace`` steps.

Examples:
    >>> v = {"clouds": [{"cloud": "dmvpn1", "subnet": "10.0.0.0/24", "hubs": ["hub1"],
    ...       "spokes": 2, "works": True}], "problems": [], "adjacencies": [],
    ...      "reachability": {"lan_pairs": 6, "failing": []},
    ...      "summary": {"works": True, "routers": 3, "problems": 0}}
    >>> print(render(v, "markdown").splitlines()[0])
    # DMVPN verify: works
"""

from __future__ import annotations

import html
import json
import sys
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from dmvpnprov.reporting.audit_output import output_path
from dmvpnprov.reporting.formats import choose
from dmvpnprov.reporting.words import count

__all__ = ["emit", "render", "show_trace"]


def _head(v: dict[str, Any]) -> str:
    return "works" if v["summary"]["works"] else "does NOT work"


def _table(v: dict[str, Any]) -> str:
    lines = [f"DMVPN verify: {_head(v)}", ""]
    for c in v["clouds"]:
        state = "works" if c["works"] else "BROKEN"
        lines.append(
            f"cloud {c['cloud']} ({c['subnet']}): hubs {', '.join(c['hubs']) or '-'}, "
            f"{c['spokes']} spokes: {state}"
        )
    r = v["reachability"]
    lines.append(
        f"LAN pairs: {r['lan_pairs']} ("
        + ", ".join(
            f"{k} {r[k]}" for k in ("direct", "shortcut", "via hub", "unreachable") if k in r
        )
        + ")"
    )
    if v["problems"]:
        lines += ["", "Problems:"]
        for p in _shown(v["problems"]):
            more = f" (and {p['others']} spokes configured alike)" if p.get("others") else ""
            lines.append(f"  [{p['layer']}] {p['message']}{more}")
        hidden = len(v["problems"]) - len(_shown(v["problems"]))
        if hidden:
            lines.append(
                f"  ... and {count(hidden, 'LAN pair')} that fail as a result (--format json)"
            )
    return "\n".join(lines) + "\n"


_PATHS_SHOWN = 20


def _shown(problems: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The causes; data-path problems only when nothing else explains them (at most 20)."""
    causes = [p for p in problems if p["layer"] != "path"]
    return causes or problems[:_PATHS_SHOWN]


def _markdown(v: dict[str, Any]) -> str:
    out = [
        f"# DMVPN verify: {_head(v)}",
        "",
        "| cloud | subnet | hubs | spokes | works |",
        "|---|---|---|---|---|",
    ]
    out += [
        f"| {c['cloud']} | {c['subnet']} | {', '.join(c['hubs'])} | {c['spokes']} | "
        f"{'yes' if c['works'] else 'no'} |"
        for c in v["clouds"]
    ]
    if v["problems"]:
        out += ["", "## Problems", "", "| layer | routers | message |", "|---|---|---|"]
        out += [
            f"| {p['layer']} | {', '.join(p['routers'])} | {p['message'].replace('|', '/')} |"
            for p in _shown(v["problems"])
        ]
        hidden = len(v["problems"]) - len(_shown(v["problems"]))
        if hidden:
            out += [
                "",
                f"... and {count(hidden, 'LAN pair')} that fail as a result (see the JSON report).",
            ]
    return "\n".join(out) + "\n"


def _junit(v: dict[str, Any]) -> str:
    cases = []
    for c in v["clouds"]:
        mine = [p for p in v["problems"] if p.get("cloud") in (c["subnet"], None)]
        body = "".join(
            f"<failure type={quoteattr(p['layer'])} message={quoteattr(p['message'])}/>"
            for p in mine
        )
        cases.append(
            f'  <testcase classname="verify" name={quoteattr(c["cloud"])}>{body}</testcase>'
        )
    fails = sum(1 for c in v["clouds"] if not c["works"])
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<testsuite name="dmvpnprov verify" tests="{len(cases)}" failures="{fails}">\n'
        + "\n".join(cases)
        + "\n</testsuite>\n"
    )


def _html(v: dict[str, Any]) -> str:
    rows = "".join(
        f"<tr><td>{escape(p['layer'])}</td><td>{escape(', '.join(p['routers']))}</td>"
        f"<td>{escape(p['message'])}</td></tr>"
        for p in v["problems"]
    )
    return (
        f"<!doctype html><meta charset='utf-8'><title>DMVPN verify</title>"
        f"<h1>DMVPN verify: {html.escape(_head(v))}</h1><pre>{escape(_table(v))}</pre>"
        f"<table><tr><th>layer</th><th>routers</th><th>message</th></tr>{rows}</table>\n"
    )


def render(v: dict[str, Any], fmt: str) -> str:
    """The verdict in ``fmt``."""
    if fmt == "json":
        return json.dumps(v, indent=2, sort_keys=False) + "\n"
    return {"markdown": _markdown, "junit": _junit, "html": _html}.get(fmt, _table)(v)


def emit(v: dict[str, Any], fmt: str | None, output: Path | None) -> None:
    """Print or write the verdict (``-o`` infers the format from its suffix)."""
    chosen = choose("verify", fmt, output, terminal=sys.stdout.isatty())
    if output is None:
        sys.stdout.write(render(v, chosen))
        return
    path = output_path(output, chosen)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(v, chosen), encoding="utf-8")
    sys.stdout.write(f"verify: {_head(v)}; wrote {path}\n")


def show_trace(steps: list[str]) -> None:
    """The numbered steps."""
    for n, step in enumerate(steps, 1):
        sys.stdout.write(f"{n}. {step}\n")
