"""``show`` commands of exec mode (the texts themselves are in :mod:`showtext`)."""

from __future__ import annotations

import time
from collections.abc import Callable

from dmvpnprov.lab.ios.archivediff import contextual_diff, incremental_diff
from dmvpnprov.lab.ios.console import Console
from dmvpnprov.lab.ios.filecmds import file_text
from dmvpnprov.lab.ios.showiface import (
    show_arp,
    show_interfaces,
    show_ip_interface,
    show_ip_interface_brief,
)
from dmvpnprov.lab.ios.showsys import (
    show_archive,
    show_boot,
    show_file_systems,
    show_hosts,
    show_inventory,
    show_line,
    show_logging,
    show_processes_cpu,
    show_ssh,
    show_users,
)
from dmvpnprov.lab.ios.showtext import show_running, show_startup, show_version

__all__ = ["run_show"]


def _show_reload(session: Console) -> str:
    router = session.router
    if router.reload_at is None:
        return "No reload is scheduled.\n"
    when = time.strftime("%H:%M:%S UTC %a %b %d %Y", time.gmtime(router.reload_at))
    left = max(1, round((router.reload_at - time.time()) / router.faults.minute_seconds))
    return f"Reload scheduled for {when} (in {left} minutes) by {router.reload_by}\n"


def _show_clock(session: Console) -> str:
    return time.strftime("*%H:%M:%S.000 UTC %a %b %d %Y\n", time.gmtime())


def _show_privilege(session: Console) -> str:
    return f"Current privilege level is {15 if session.priv else 1}\n"


def _show_startup(session: Console) -> str:
    return show_startup(session.router)


def _show_version(session: Console) -> str:
    return show_version(session.router)


async def _show_archive_config(session: Console, words: list[str]) -> str:
    """``show archive config differences|incremental-diffs|rollback timer``."""
    router = session.router
    if words[3] == "rollback":
        if router.revert is None:
            return "No Rollback Confirmed Change pending\n"
        when, minutes = router.revert_armed
        stamp = time.strftime("%H:%M:%S UTC %a %b %d %Y", time.gmtime(when))
        return (
            f"Time configured       : {stamp}\nTimer type: idle\nTimer value: {minutes} min\n"
            f"User: {router.revert_user}\n"
        )
    paths = [w for w in words[4:] if w != "ignorecase"]
    texts = [file_text(router, p) for p in paths]
    missing = [p for p, t in zip(paths, texts, strict=True) if t is None]
    if missing:
        return f"%Error opening {missing[0]} (No such file or directory)\n"
    trees = [await session.load_config(t or "") for t in texts]
    if words[3] == "incremental-diffs":
        return incremental_diff(router.running, trees[0])
    old, new = (router.running, trees[0]) if len(trees) == 1 else (trees[0], trees[1])
    if paths[0].startswith("system:running"):
        old = router.running
    return contextual_diff(old, new)


def _iface(words: list[str], at: int) -> str | None:
    return words[at] if len(words) > at else None


_SHOW: dict[str, Callable[[Console], str]] = {
    "startup-config": _show_startup,
    "version": _show_version,
    "clock": _show_clock,
    "privilege": _show_privilege,
    "reload": _show_reload,
    "archive": lambda s: show_archive(s.router),
    "arp": lambda s: show_arp(s.router),
    "ip arp": lambda s: show_arp(s.router),
    "hosts": lambda s: show_hosts(s.router),
    "inventory": lambda s: show_inventory(s.router),
    "flash:": lambda s: s.router.flash.listing(),
    "file": lambda s: show_file_systems(s.router),
    "logging": lambda s: show_logging(s.router),
    "users": show_users,
    "line": lambda s: show_line(s.router),
    "ssh": lambda s: show_ssh(s.router),
    "processes": lambda s: show_processes_cpu(s.router),
    "boot": lambda s: show_boot(s.router),
    "ipv6": lambda s: "",
    "ip ssh": lambda s: (
        "SSH Enabled - version 2.0\nAuthentication timeout: 120 secs; Authentication retries: 3\n"
    ),
    "terminal": lambda s: f'Line {s.vty + 2}, Location: "", Type: ""\nLength: {s.length} lines\n',
}


async def run_show(session: Console, words: list[str]) -> str | None:
    """The output of ``show WORDS...`` (canonical words); empty for unsimulated ones."""
    router = session.router
    if words[1] == "running-config":
        return show_running(router, words[2:])
    if words[1:3] == ["archive", "config"]:
        return await _show_archive_config(session, words)
    if words[1] == "interfaces":
        return show_interfaces(router, _iface(words, 2))
    if words[1:3] == ["ip", "interface"]:
        if words[3:4] == ["brief"]:
            return show_ip_interface_brief(router)
        return show_ip_interface(router, _iface(words, 3))
    key = " ".join(words[1:3]) if words[1:3] in (["ip", "ssh"], ["ip", "arp"]) else words[1]
    show = _SHOW.get(key)
    return show(session) if show else ""
