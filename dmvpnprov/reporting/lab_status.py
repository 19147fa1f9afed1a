"""The table ``dmvpnprov lab up|status`` prints: routers, ports, transport, answering."""

from __future__ import annotations

from collections.abc import Mapping

from rich.console import Console
from rich.table import Table

__all__ = ["print_status"]


def print_status(
    targets: Mapping[str, tuple[str, int, str]],
    answering: Mapping[str, bool],
    title: str,
    console: Console | None = None,
) -> None:
    """Print ``title`` and a table of ``targets`` with whether each one answers."""
    console = console or Console()
    console.print(title)
    if not targets:
        return
    table = Table("router", "address", "port", "transport", "answers")
    for name, (host, port, device_type) in sorted(targets.items()):
        transport = "telnet" if device_type.endswith("_telnet") else "ssh"
        table.add_row(name, host, str(port), transport, "yes" if answering[name] else "NO")
    console.print(table)
