"""What ``dmvpnprov validate`` prints: a fleet summary, or every problem with its place.

Rich tables on the terminal; problems one a line when piped (CI logs, grep). Problems
are sorted by file so a user fixes one file at a time; secret values never appear
(only variable names).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table

from dmvpnprov.core.errors import Problem
from dmvpnprov.core.models import Fleet
from dmvpnprov.core.routing import protocol_of
from dmvpnprov.reporting.formats import choose
from dmvpnprov.reporting.words import count

if TYPE_CHECKING:
    from dmvpnprov.inventory.load import Loaded

__all__ = ["show"]

MAX_ROWS = 40  # a 10,000-spoke fleet is summarised, not listed


def _order(problem: Problem) -> tuple[str, str, str]:
    return (problem.file, problem.host or "", problem.field or "")


def _problems_table(problems: list[Problem]) -> Table:
    table = Table(title=count(len(problems), "problem"), title_justify="left", expand=False)
    for column in ("file", "host", "field", "problem"):
        table.add_column(column, overflow="fold")
    for p in sorted(problems, key=_order):
        table.add_row(p.file, p.host or "-", p.field or "-", p.message)
    return table


def _clouds_table(fleet: Fleet) -> Table:
    table = Table(title="clouds", title_justify="left")
    for column in ("cloud", "subnet", "phase", "routing", "crypto", "hubs", "spokes"):
        table.add_column(column)
    members = Counter((t.cloud, r.is_hub) for r in fleet.routers for t in r.tunnels)
    for name, cloud in sorted(fleet.clouds.items()):
        r = cloud.routing
        routing = protocol_of(r).label(r)
        table.add_row(
            name,
            str(cloud.tunnel_subnet),
            str(cloud.phase),
            routing,
            cloud.crypto_profile,
            str(members[(name, True)]),
            str(members[(name, False)]),
        )
    return table


def _routers_table(fleet: Fleet, transports: dict[str, str]) -> Table:
    table = Table(title=f"{len(fleet.routers)} routers", title_justify="left")
    for column in ("host", "role", "platform", "IOS", "tunnels", "NBMA", "LANs", "via"):
        table.add_column(column)
    for router in (*fleet.hubs, *fleet.spokes)[:MAX_ROWS]:
        table.add_row(
            router.name,
            router.role.value,
            router.platform.value,
            router.ios_release,
            ", ".join(f"{t.interface} {t.address} ({t.cloud})" for t in router.tunnels),
            str(router.nbma.address),
            ", ".join(str(lan.address.network) for lan in router.lans) or "-",
            transports.get(router.name, "?"),
        )
    if len(fleet.routers) > MAX_ROWS:
        table.caption = f"... and {len(fleet.routers) - MAX_ROWS} more"
    return table


def show(loaded: Loaded, inventory: Path, console: Console | None = None) -> None:
    """Print the result of validating ``inventory``: every problem, or the fleet."""
    console = console or Console(highlight=False, soft_wrap=False)
    if not console.is_terminal:
        console.width = max(console.width, 160)  # CI logs: no truncated cells
    if loaded.problems:
        if choose("validate", None, None, terminal=console.is_terminal) == "table":
            console.print(_problems_table(loaded.problems))
        else:  # CI logs and grep: one problem a line, never folded
            for problem in sorted(loaded.problems, key=_order):
                console.print(str(problem), markup=False, soft_wrap=True)
        console.print(
            f"[bold red]{inventory}: not valid[/] ({count(len(loaded.problems), 'problem')})"
        )
        return
    fleet = loaded.fleet
    assert fleet is not None  # no problems means a fleet was built
    transports = {
        h.name: f"{'telnet' if h.platform == 'cisco_ios_telnet' else 'ssh'}:{h.port or '-'}"
        for h in loaded.files.inventory.hosts.values()
    }
    console.print(_clouds_table(fleet))
    console.print(_routers_table(fleet, transports))
    hubs, spokes = len(fleet.hubs), len(fleet.spokes)
    console.print(
        f"[bold green]{inventory}: valid[/] ({hubs} hub{'s' * (hubs != 1)}, "
        f"{spokes} spoke{'s' * (spokes != 1)})"
    )
