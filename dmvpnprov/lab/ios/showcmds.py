"""``show`` commands of exec mode (the texts themselves are in :mod:`showtext`)."""

from __future__ import annotations

import time
from collections.abc import Callable

from dmvpnprov.lab.ios.console import Console
from dmvpnprov.lab.ios.show_live import run_live_show
from dmvpnprov.lab.ios.showtext import show_running, show_startup, show_version

__all__ = ["run_show"]


def _show_reload(session: Console) -> str:
    router = session.router
    if router.reload_at is None:
        return "No reload is scheduled.\n"
    when = time.strftime("%H:%M:%S UTC %a %b %d %Y", time.gmtime(router.reload_at))
    left = max(1, round((router.reload_at - time.time()) / router.faults.minute_seconds))
    return f"Reload scheduled for {when} (in {left} minutes) by {router.reload_by}\n"


def _show_archive(session: Console) -> str:
    archive = session.router.archive
    names = "".join(f" {i + 1}        {name}\n" for i, (name, _) in enumerate(archive))
    return (
        "The maximum archive configurations allowed is 10.\n"
        f"The next archive file will be named {{path}}-{len(archive) + 1}\n"
        " Archive #  Name\n"
        f"{names}"
    )


def _show_clock(session: Console) -> str:
    return time.strftime("*%H:%M:%S.000 UTC %a %b %d %Y\n", time.gmtime())


def _show_privilege(session: Console) -> str:
    return f"Current privilege level is {15 if session.priv else 1}\n"


def _show_startup(session: Console) -> str:
    return show_startup(session.router)


def _show_version(session: Console) -> str:
    return show_version(session.router)


def _show_ip_interface_brief(session: Console) -> str:
    rows = ["Interface                  IP-Address      OK? Method Status                Protocol"]
    for node in session.router.running.root.children:
        if not node.line.startswith("interface "):
            continue
        address = next(
            (c.line.split() for c in node.children if c.line.startswith("ip address")), []
        )
        ip = address[2] if len(address) > 3 else ("unassigned" if not address else address[2])
        method = "DHCP" if ip == "dhcp" else ("manual" if address else "unset")
        shut = any(c.line == "shutdown" for c in node.children)
        status = "administratively down" if shut else "up"
        protocol = "down" if shut else "up"
        name = node.line.split()[1]
        rows.append(f"{name:<27}{ip:<16}YES {method:<7}{status:<22}{protocol}")
    return "\n".join(rows) + "\n"


_SHOW: dict[str, Callable[[Console], str]] = {
    "startup-config": _show_startup,
    "version": _show_version,
    "clock": _show_clock,
    "privilege": _show_privilege,
    "reload": _show_reload,
    "archive": _show_archive,
}


async def run_show(session: Console, words: list[str]) -> str | None:
    """The output of ``show WORDS...`` (canonical words); empty for unsimulated ones."""
    if (live := run_live_show(session, words)) is not None:
        return live
    if words[1] == "running-config":
        return show_running(session.router, words[2:])
    if words[1] == "ip" and words[2:4] == ["interface", "brief"]:
        return _show_ip_interface_brief(session)
    show = _SHOW.get(words[1])
    return show(session) if show else ""
