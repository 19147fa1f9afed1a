"""The demo's live part: the DMVPN working on the lab routers, the deck's eight steps.

After the push, the hub's ``show dmvpn`` lists its registered spokes; then, as in the
source deck, a PC behind spoke A (192.168.1.25) reaches the web server behind spoke B
(192.168.2.37): the ping from spoke A's LAN, the route via 10.0.0.2, the NHRP
resolution through the hub, the IPsec SA straight to spoke B's public address and the
dynamic ``show dmvpn`` entry, which ages out after the cloud's holdtime (lab time runs
:data:`DEMO_TIME_SCALE` times faster).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from nornir.core import Nornir
from rich.console import Console

from dmvpnprov.core.models import Fleet
from dmvpnprov.transport.connections import LabTargetLike, build_nornir, close_nornir

__all__ = ["DEMO_TIME_SCALE", "LiveLab", "deck_steps"]

DEMO_TIME_SCALE = 100  # lab seconds per second: a 300 s holdtime lasts 3 s


class LiveLab:
    """Show commands and hand-typed config on the demo's lab routers (netmiko via Nornir)."""

    def __init__(self, inventory: Path, targets: Mapping[str, LabTargetLike]) -> None:
        self.nr: Nornir = build_nornir(inventory, targets=targets, workers=4, log_file=None)

    def _conn(self, host: str) -> Any:
        conn = self.nr.inventory.hosts[host].get_connection("netmiko", self.nr.config)
        if not conn.check_enable_mode():
            conn.enable()
        return conn

    def show(self, host: str, command: str) -> str:
        """``command``'s output on ``host``."""
        text: str = self._conn(host).send_command(command)
        return text

    def configure(self, host: str, lines: list[str]) -> None:
        """Type ``lines`` in configuration mode of ``host`` (a change by hand, unsaved)."""
        self._conn(host).send_config_set(lines)

    def wait_for(self, host: str, command: str, ok: Callable[[str], bool], within: float) -> str:
        """Poll ``command`` on ``host`` until ``ok(output)`` or ``within`` seconds pass."""
        deadline = time.monotonic() + within
        text = self.show(host, command)
        while not ok(text) and time.monotonic() < deadline:
            time.sleep(0.3)
            text = self.show(host, command)
        return text

    def close(self) -> None:
        """Close every session."""
        close_nornir(self.nr)


def _shown(console: Console, host: str, command: str, text: str) -> None:
    console.print(f"[bold cyan]{host}#[/][bold]{command}[/]")
    console.print(text.rstrip("\n"), markup=False, highlight=False)


def deck_steps(console: Console, live: LiveLab, fleet: Fleet) -> bool:
    """The hub's spokes, then the deck's eight steps live; True when the entry came and went."""
    hub = fleet.hubs[0].name
    text = live.wait_for(hub, "show dmvpn", lambda t: t.count(" UP ") >= len(fleet.spokes), 10)
    _shown(console, hub, "show dmvpn", text)
    a, b = "spoke-a", "spoke-b"  # the deck's spokes A and B
    lan = next(lan.interface for lan in fleet.router(a).lans)
    console.print(
        "\n[bold]1.[/] A PC on spoke A's LAN (192.168.1.25) sends to the web server behind "
        "spoke B (192.168.2.37); the ping from spoke A's LAN stands in for it:"
    )
    command = f"ping 192.168.2.37 source {lan}"
    _shown(console, a, command, live.show(a, command))
    console.print("[bold]2.[/] Spoke A's route to 192.168.2.0: next hop 10.0.0.2 via Tunnel0.")
    _shown(console, a, "show ip route 192.168.2.0", live.show(a, "show ip route 192.168.2.0"))
    console.print(
        "[bold]3-4.[/] No NHRP entry for 10.0.0.2: spoke A asks the NHS (the hub), which "
        "resolves it to spoke B's public address 158.200.2.181."
    )
    nhrp = live.wait_for(a, "show ip nhrp", lambda t: "10.0.0.2/32" in t, 10)
    _shown(console, a, "show ip nhrp", nhrp)
    console.print("[bold]5.[/] The answer triggers IPsec straight to 158.200.2.181:")
    _shown(console, a, "show crypto isakmp sa", live.show(a, "show crypto isakmp sa"))
    console.print(
        "[bold]6-8.[/] Spoke B learns spoke A the same way; the traffic now flows spoke to "
        "spoke (the dynamic entry, D):"
    )
    _shown(console, a, "show dmvpn", live.show(a, "show dmvpn"))
    holdtime = 300
    console.print(
        f"\nWithout traffic the entry ages out after the holdtime ({holdtime} s; lab time runs "
        f"{DEMO_TIME_SCALE}x):"
    )
    gone = live.wait_for(a, "show dmvpn", lambda t: "10.0.0.2 " not in t, 20)
    _shown(console, a, "show dmvpn", gone)
    del b
    return "10.0.0.2/32" in nhrp and "10.0.0.2 " not in gone
