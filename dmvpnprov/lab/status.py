"""The table ``dmvpnprov lab up|status`` prints: routers, ports, transport, answering."""

from __future__ import annotations

from collections.abc import Mapping

from rich.console import Console
from rich.table import Table

__all__ = ["print_status"]


def print_status(targets: Mapping[str, tuple[str, int, str]], title: str, code: int = 0) -> int:
    """Print ``title`` and a table of ``targets``; 1 when a router does not answer."""
    from dmvpnprov.lab.control import answers  # noqa: PLC0415 - avoids an import cycle

    console = Console()
    console.print(title)
    if not targets:
        return code
    table = Table("router", "address", "port", "transport", "answers")
    silent = 0
    for name, (host, port, device_type) in sorted(targets.items()):
        ok = answers(host, port)
        silent += not ok
        transport = "telnet" if device_type.endswith("_telnet") else "ssh"
        table.add_row(name, host, str(port), transport, "yes" if ok else "NO")
    console.print(table)
    return 1 if silent else code
