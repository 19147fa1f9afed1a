"""What ``show`` commands print: running/startup config framing, version, pipes.

Examples:
    >>> print(apply_pipe("a\\nb foo\\nc", "include foo"))
    b foo
    >>> text = "x\\ninterface Tunnel0\\n ip mtu 1400\\ninterface F0\\n"
    >>> print(apply_pipe(text, "section Tunnel0"))
    interface Tunnel0
     ip mtu 1400
"""

from __future__ import annotations

import importlib
import re
import time
from collections.abc import Callable
from functools import cache

from dmvpnprov.core.hardware import HARDWARE, software_line
from dmvpnprov.lab.ios.params import match_iface
from dmvpnprov.lab.state.config import ConfigTree, Display, Implied
from dmvpnprov.lab.state.router import RouterState

__all__ = ["apply_pipe", "config_body", "show_running", "show_startup", "show_version"]

# When each release line was built (``Compiled ...`` and the copyright's last year):
# the last rebuilds of each line, from public show version captures (docs/lab.md).
_BUILT: dict[tuple[int, int], tuple[str, str]] = {
    (12, 2): ("Fri 15-Nov-02 04:11", "2002"),
    (12, 3): ("Wed 24-Sep-08 04:45", "2008"),
    (12, 4): ("Tue 17-Aug-10 12:08", "2010"),
    (15, 0): ("Fri 16-Sep-11 16:59", "2011"),
    (15, 1): ("Thu 15-Mar-12 04:28", "2012"),
    (15, 2): ("Thu 20-Sep-12 21:47", "2012"),
    (16, 9): ("Thu 22-Aug-19 18:09", "2019"),
    (17, 3): ("Tue 20-Jul-21 06:21", "2021"),
}


def _stamp(when: float) -> str:
    return time.strftime("%H:%M:%S UTC %a %b %d %Y", time.gmtime(when))


@cache
def _display_rules(release: str) -> Display | None:
    """The capability table's display rules for ``release`` (``core.display``), if present.

    The audit compares configs as the router prints them; the lab prints through the
    same rules (``encr aes 256``, defaults hidden per release) when the table has them.
    """
    try:
        module = importlib.import_module("dmvpnprov.core.display")
    except ImportError:
        return None
    displayed: Callable[[str, str, str], str | None] = module.displayed
    return lambda parent, line: displayed(parent, line, release)


@cache
def _implied_rules(release: str) -> Implied | None:
    """The defaults ``release`` prints untyped (``core.display``), if the table has them."""
    try:
        module = importlib.import_module("dmvpnprov.core.display")
    except ImportError:
        return None
    implied: Callable[[str, tuple[str, ...], str], tuple[str, ...]] = module.implied_lines
    return lambda parent, lines: implied(parent, lines, release)


def config_body(router: RouterState, tree: ConfigTree, *, running: bool = False) -> str:
    """The configuration text from ``version`` to ``end``, as IOS prints it."""
    rel = router.release
    head = ["!"]
    if running and router.last_change is not None:
        when, who = router.last_change
        head += [f"! Last configuration change at {_stamp(when)} by {who}", "!"]
    version = f"{rel.major}.{rel.minor}"
    body = tree.lines(display=_display_rules(rel.text), implied=_implied_rules(rel.text))
    lines = [*head, f"version {version}", *body, "end"]
    return "\n".join(lines) + "\n"


def _interface_arg(router: RouterState, words: list[str]) -> str | None:
    got = match_iface(words, 0, frozenset()) if words else None
    return got[1][0] if got else None


def show_running(router: RouterState, args: list[str]) -> str:
    """``show running-config [interface X]`` (``sh run int fa0/1``: abbreviations too)."""
    body = config_body(router, router.running, running=True)
    if args[:1] and "interface".startswith(args[0].lower()) and len(args) > 1:
        name = _interface_arg(router, args[1:]) or args[1]
        section = apply_pipe(body, f"section ^interface {re.escape(name)}$")
        if not section:
            return "% Invalid input detected at '^' marker.\n"
        body = "!\n" + section + "\nend\n"
    return f"Building configuration...\n\nCurrent configuration : {len(body)} bytes\n{body}"


def show_startup(router: RouterState) -> str:
    """``show startup-config``."""
    if not router.startup.root.children:
        return "startup-config is not present\n"
    body = config_body(router, router.startup)
    nvram = HARDWARE[router.spec.platform].nvram_kb * 1024 - 8
    return f"Using {len(body)} out of {nvram} bytes\n{body}"


def _uptime(seconds: float) -> str:
    minutes = int(seconds // 60)
    days, rest = divmod(minutes, 1440)
    hours, mins = divmod(rest, 60)
    parts = [(days, "day"), (hours, "hour"), (mins, "minute")]
    text = ", ".join(f"{n} {u}{'s' if n != 1 else ''}" for n, u in parts if n)
    return text or "0 minutes"


def _interface_counts(router: RouterState) -> str:
    kinds: dict[str, int] = {}
    for name in router.physical:
        kind = re.sub(r"[\d/.]+$", "", name)
        kinds[kind] = kinds.get(kind, 0) + 1
    words = {"GigabitEthernet": "Gigabit Ethernet interface", "Serial": "Serial interface"}
    rows = []
    for kind, n in kinds.items():
        label = words.get(kind, f"{kind} interface")
        rows.append(f"{n} {label}{'s' if n != 1 else ''}\n")
    return "".join(rows)


def show_version(router: RouterState) -> str:
    """``show version`` as the platform and release print it (docs/lab.md cites captures)."""
    spec, rel = router.spec, router.release
    hw = HARDWARE[spec.platform]
    built, year = _BUILT.get(rel.line, ("Tue 17-Aug-10 12:08", "2010"))
    up = _uptime(time.time() - router.boot_time)
    image = router.flash.image
    by = "mcpre" if rel.is_xe else "prod_rel_team"
    rom = (
        "IOS-XE ROMMON"
        if rel.is_xe
        else "System Bootstrap, Version 12.4(13r)T, RELEASE SOFTWARE (fc1)"
    )
    flash = (
        f"{hw.flash_kb}K bytes of flash memory at {hw.file_system}.\n"
        if rel.is_xe
        else f"{hw.flash_kb}K bytes of processor board System flash (Read/Write)\n"
    )
    nvram = (
        f"{hw.nvram_kb}K bytes of non-volatile configuration memory.\n"
        if rel.is_xe
        else f"{hw.nvram_kb}K bytes of NVRAM.\n"
    )
    memory = f"{hw.processor} with {hw.memory} bytes of memory.\n"
    xe_copyright = (
        f"Cisco IOS-XE software, Copyright (c) 2005-{year} by cisco Systems, Inc.\n"
        "All rights reserved.\n\n"
        if rel.is_xe
        else ""
    )
    xe_uptime = f"Uptime for this control processor is {up}\n" if rel.is_xe else ""
    return (
        f"{software_line(spec.platform, rel.text)}\n"
        "Technical Support: http://www.cisco.com/techsupport\n"
        f"Copyright (c) 1986-{year} by Cisco Systems, Inc.\n"
        f"Compiled {built} by {by}\n\n"
        f"{xe_copyright}"
        f"ROM: {rom}\n\n"
        f"{router.hostname} uptime is {up}\n"
        f"{xe_uptime}"
        "System returned to ROM by reload\n"
        f'System image file is "{hw.file_system}{image}"\n'
        + ("Last reload reason: Reload Command\n" if rel.is_xe else "")
        + "\n\n"
        + memory
        + f"Processor board ID {router.serial}\n"
        + _interface_counts(router)
        + nvram
        + ("8388608K bytes of physical memory.\n" if rel.is_xe else "")
        + flash
        + "\nConfiguration register is 0x2102\n"
    )


def apply_pipe(text: str, pipe: str) -> str:
    """Filter ``text`` through ``| include|exclude|begin|section REGEX``."""
    verb, _, regex = pipe.strip().partition(" ")
    verb = verb.lower()
    pattern = re.compile(regex.strip())
    lines = text.rstrip("\n").split("\n")
    if "include".startswith(verb):
        kept = [line for line in lines if pattern.search(line)]
    elif "exclude".startswith(verb):
        kept = [line for line in lines if not pattern.search(line)]
    elif "begin".startswith(verb):
        start = next((i for i, line in enumerate(lines) if pattern.search(line)), len(lines))
        kept = lines[start:]
    elif "section".startswith(verb):
        kept, inside = [], False
        for line in lines:
            if not line.startswith(" "):
                inside = bool(pattern.search(line))
            if inside:
                kept.append(line)
    else:
        return text
    return "\n".join(kept)
