"""Underlay faults of a running lab: a router stopped and restarted, a path blocked, a NAT,
a change made by hand.

These act on a :class:`~dmvpnprov.lab.network.server.LabServer`'s live control plane
(and, for a stopped router, on its management port, which then answers nothing):

* :func:`stop_router` / :func:`start_router`: power off (its peers lose it at once; its
  port accepts connections and stays silent) and power on (the startup config becomes
  the running config, the adjacencies form again in lab time);
* :func:`block_path`: the two routers' public addresses no longer reach each other;
* :func:`put_behind_nat`: the router's packets leave with another source address;
* :func:`change_by_hand`: config lines typed on the router, outside any push (a PSK
  changed by hand, a drift).

Examples:
    >>> from dmvpnprov.lab.state.router import RouterSpec
    >>> with LabServer() as lab:
    ...     r = lab.add(RouterSpec(name="r1", hostname="R1", config=("hostname R1",)))
    ...     stop_router(lab, "r1")
    ...     lab.plane.stopped
    {'r1'}
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from ipaddress import IPv4Address

from dmvpnprov.lab.network.server import LabServer
from dmvpnprov.lab.state.faults import Faults

__all__ = ["block_path", "change_by_hand", "put_behind_nat", "start_router", "stop_router"]

log = logging.getLogger(__name__)


async def _text(fn: Callable[[], str]) -> str:
    """Run ``fn`` on the lab's loop (router state is only touched there)."""
    return fn()


def stop_router(lab: LabServer, name: str) -> None:
    """Power ``name`` off: it reaches nobody, its sessions drop, its port stays silent."""
    router = lab.routers[name]
    log.info("lab router %s: stopped", name)

    def _stop() -> str:
        router.state.faults = Faults(**{**vars(router.state.faults), "silent": True})
        for close in list(router.state.sessions):
            close()
        return ""

    lab.call(_text(_stop))
    lab.plane.set_stopped(name, True)


def start_router(lab: LabServer, name: str) -> None:
    """Power ``name`` on again: it boots its startup config; adjacencies form anew."""
    router = lab.routers[name]
    log.info("lab router %s: started", name)

    def _start() -> str:
        router.state.faults = Faults(**{**vars(router.state.faults), "silent": False})
        router.state.reload()
        return ""

    lab.call(_text(_start))
    lab.plane.set_stopped(name, False)


def block_path(lab: LabServer, a: str, b: str, blocked: bool = True) -> None:
    """Block (``blocked=False``: unblock) the underlay path between ``a`` and ``b``."""
    log.info("lab underlay: path %s <-> %s %s", a, b, "blocked" if blocked else "open")
    lab.plane.block(a, b, blocked)


def put_behind_nat(lab: LabServer, name: str, public: IPv4Address | None) -> None:
    """Put ``name`` behind a NAT with address ``public`` (None: take the NAT away)."""
    log.info("lab underlay: %s behind NAT %s", name, public)
    lab.plane.nat(name, public)


def change_by_hand(lab: LabServer, name: str, lines: Iterable[str]) -> None:
    """Type ``lines`` in configuration mode of ``name`` (not saved), as an engineer would."""
    lab.routers[name].configure(lines)
