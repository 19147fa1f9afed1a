"""ntc-templates parsing without re-reading the index: the template found once per command.

``ntc_templates.parse.parse_output`` looks the command up in the ~1,000-row index and
re-reads the template file on every call, and TextFSM's ``CliTable`` deep-copies the
parsed table; push's live check parses a few show commands per poll on hundreds of
routers, where that lookup was several times the parse itself. :func:`parse` looks the
template up once per (platform, command) through the same ``CliTable`` index, keeps its
text, and runs a fresh ``TextFSM`` on it: the same rows, keys lowercased, as
``parse_output`` gives (a test compares the two on the lab's output).

Examples:
    >>> text = '''Interface              IP-Address      OK? Method Status                Protocol
    ... Tunnel0                10.0.0.10       YES manual up                    up'''
    >>> [(r["interface"], r["status"]) for r in parse("cisco_ios", "show ip interface brief", text)]
    [('Tunnel0', 'up')]
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path
from typing import Any

__all__ = ["parse"]


@lru_cache(maxsize=256)
def _template(platform: str, command: str) -> tuple[str, ...]:
    """The texts of the templates the ntc-templates index gives ``command``."""
    from ntc_templates.parse import _get_template_dir  # noqa: PLC0415 - first use only
    from textfsm import clitable  # noqa: PLC0415

    folder = _get_template_dir()
    table = clitable.CliTable("index", folder)
    row = table.index.GetRowMatch({"Command": command, "Platform": platform})
    if not row:
        raise clitable.CliTableError(f"no template for {platform} {command!r}")
    names = table.index.index[row]["Template"].split(":")
    return tuple((Path(folder) / name).read_text(encoding="utf-8") for name in names)


def parse(platform: str, command: str, text: str) -> list[dict[str, Any]]:
    """``text`` (the output of ``command``) as the template's rows, lowercase keys.

    Raises what TextFSM raises for an output the template rejects, and
    ``CliTableError`` when ntc-templates has no template for the command.
    """
    import textfsm  # noqa: PLC0415

    templates = _template(platform, command)
    if len(templates) > 1:  # merged tables: ntc-templates' own path
        from ntc_templates.parse import parse_output  # noqa: PLC0415

        rows: list[dict[str, Any]] = parse_output(platform=platform, command=command, data=text)
        return rows
    fsm = textfsm.TextFSM(io.StringIO(templates[0]))
    header = [h.lower() for h in fsm.header]
    return [dict(zip(header, record, strict=True)) for record in fsm.ParseText(text)]
