"""Write an audit report: format by ``--format`` or by the file's suffix (see
:mod:`dmvpnprov.reporting.formats`).

``-o PATH`` writes exactly PATH (as ``report -o`` does); a folder gets the format's
default file name, so ``-o reports/`` writes ``reports/audit.json``.

Examples:
    >>> infer_format(Path("x/audit.xml")), infer_format(Path("a.md")), infer_format(Path("a"))
    ('junit', 'markdown', None)
    >>> str(output_path(Path("audit.json"), "json"))
    'audit.json'
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from dmvpnprov.audit.model import AuditReport
from dmvpnprov.audit.shardfacts import shard_json
from dmvpnprov.core.errors import UserError
from dmvpnprov.reporting.audit_html import render_html
from dmvpnprov.reporting.audit_junit import render_junit
from dmvpnprov.reporting.audit_markdown import render_markdown
from dmvpnprov.reporting.audit_table import print_table, render_table
from dmvpnprov.reporting.formats import by_suffix, choose, default_file, unknown_suffix

__all__ = ["emit", "infer_format", "output_path", "render"]

log = logging.getLogger(__name__)


def infer_format(path: Path) -> str | None:
    """The format a file name implies (``None`` when the suffix says nothing)."""
    return by_suffix("audit", path)


def output_path(path: Path, fmt: str) -> Path:
    """Where ``-o PATH`` writes: PATH itself; a folder gets a default file name."""
    if path.is_dir() or str(path).endswith(("/", "\\")):
        return path / default_file("audit", fmt)
    return path


def render(report: AuditReport, fmt: str, shard: Mapping[str, Any] | None = None) -> str:
    """The report in ``fmt`` (json, junit, markdown, html, table as plain text); a JSON
    shard report carries its ``shard`` block (facts for ``dmvpnprov merge``)."""
    if fmt == "json":
        return report.to_json() if shard is None else shard_json(report.to_json(), shard)
    renderers = {"junit": render_junit, "markdown": render_markdown, "html": render_html}
    if fmt in renderers:
        return renderers[fmt](report)
    return render_table(report)


def _targets(fmt: str | None, output: Path | Sequence[Path] | None) -> list[tuple[Path, str]]:
    paths = [output] if isinstance(output, Path) else list(output or [])
    out = []
    for path in paths:
        chosen = fmt if (fmt and len(paths) == 1) else infer_format(path) or fmt
        if chosen is None:
            raise unknown_suffix(path)
        out.append((output_path(path, chosen), chosen))
    return out


def emit(
    report: AuditReport,
    fmt: str | None,
    output: Path | Sequence[Path] | None,
    show_all: bool = False,
    shard: Mapping[str, Any] | None = None,
) -> None:
    """Write the report to each ``-o`` file, or to stdout (table on a terminal, else json).

    On a terminal a large fleet gets the summary view unless ``show_all``; files and
    other formats hold every router.
    """
    targets = _targets(fmt, output)
    if not targets:
        chosen = choose("audit", fmt, None, terminal=sys.stdout.isatty())
        if chosen == "table":
            print_table(report, show_all=show_all)
        else:
            sys.stdout.write(render(report, chosen, shard))
        return
    for path, chosen in targets:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if chosen == "json" and shard is None:  # host by host: never the whole text
                with path.open("w", encoding="utf-8") as handle:
                    handle.writelines(report.json_chunks())
            else:
                path.write_text(render(report, chosen, shard), encoding="utf-8")
        except OSError as exc:
            raise UserError(f"{path}: cannot write the report: {exc.strerror}") from None
        log.info("audit report (%s) written to %s", chosen, path)
    s = report.summary
    sys.stderr.write(
        f"audit: {s.compliant}/{s.hosts} routers compliant, {s.unreachable} unreachable; "
        f"report: {', '.join(str(p) for p, _ in targets)}\n"
    )
