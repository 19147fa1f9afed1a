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

import re
import time

from dmvpnprov.core.platforms import Platform
from dmvpnprov.lab.state.config import ConfigTree
from dmvpnprov.lab.state.router import RouterState

__all__ = ["apply_pipe", "config_body", "show_running", "show_startup", "show_version"]

_IMAGES: dict[Platform, tuple[str, str]] = {
    Platform.C1700: ("C1700-ADVSECURITYK9-M", "Cisco 1760 (MPC860P) processor (revision 0x500)"),
    Platform.C1710: ("C1710-K9O3SY-M", "Cisco 1710 (MPC860T) processor (revision 0x200)"),
    Platform.C1720: ("C1700-K9O3SY7-M", "Cisco 1720 (MPC860) processor (revision 0x601)"),
    Platform.C1721: ("C1700-ADVSECURITYK9-M", "Cisco 1721 (MPC860P) processor (revision 0x200)"),
    Platform.C1750: ("C1700-K9O3SY7-M", "Cisco 1750 (MPC860) processor (revision 0x601)"),
    Platform.C1751: ("C1700-ADVSECURITYK9-M", "Cisco 1751 (MPC860P) processor (revision 0x200)"),
    Platform.C1760: ("C1700-ADVSECURITYK9-M", "Cisco 1760 (MPC860P) processor (revision 0x500)"),
    Platform.C2600: ("C2600-IK9O3S3-M", "Cisco 2621 (MPC860) processor (revision 0x102)"),
    Platform.C2600XM: ("C2600-ADVSECURITYK9-M", "Cisco 2621XM (MPC860P) processor"),
    Platform.C3725: ("C3725-ADVENTERPRISEK9-M", "Cisco 3725 (R7000) processor (revision 0.1)"),
    Platform.C3745: ("C3745-ADVENTERPRISEK9-M", "Cisco 3745 (R7000) processor (revision 2.0)"),
    Platform.C7200: ("C7200-ADVENTERPRISEK9-M", "Cisco 7206VXR (NPE-G2) processor (revision A)"),
    Platform.ISR4000: ("X86_64_LINUX_IOSD-UNIVERSALK9-M", "cisco ISR4331/K9 (1RU) processor"),
}


def config_body(router: RouterState, tree: ConfigTree) -> str:
    """The configuration text from ``version`` to ``end``, as IOS prints it."""
    rel = router.release
    lines = ["!", f"version {rel.major}.{rel.minor}", *tree.lines(), "end"]
    return "\n".join(lines) + "\n"


def show_running(router: RouterState, args: list[str]) -> str:
    """``show running-config [interface X]``."""
    body = config_body(router, router.running)
    if args[:1] and "interface".startswith(args[0].lower()) and len(args) > 1:
        section = apply_pipe(body, f"section ^interface {re.escape(args[1])}$")
        body = "!\n" + section + ("\n" if section else "") + "end\n"
    return f"Building configuration...\n\nCurrent configuration : {len(body)} bytes\n{body}"


def show_startup(router: RouterState) -> str:
    """``show startup-config``."""
    if not router.startup.root.children:
        return "startup-config is not present\n"
    body = config_body(router, router.startup)
    return f"Using {len(body)} out of 245752 bytes\n{body}"


def _uptime(seconds: float) -> str:
    minutes = int(seconds // 60)
    days, rest = divmod(minutes, 1440)
    hours, mins = divmod(rest, 60)
    parts = [(days, "day"), (hours, "hour"), (mins, "minute")]
    text = ", ".join(f"{n} {u}{'s' if n != 1 else ''}" for n, u in parts if n)
    return text or "0 minutes"


def show_version(router: RouterState) -> str:
    """``show version``: banner, release, uptime, hardware."""
    spec, rel = router.spec, router.release
    image, cpu = _IMAGES[spec.platform]
    family = image.split("-")[0][1:] if not rel.is_xe else "ISR"
    if rel.is_xe:
        head = (
            f"Cisco IOS XE Software, Version {rel.text}\n"
            f"Cisco IOS Software, ISR Software ({image}), Version {rel.text}, RELEASE SOFTWARE"
        )
    elif rel.line < (12, 4):
        head = (
            "Cisco Internetwork Operating System Software \n"
            f"IOS (tm) {family} Software ({image}), Version {rel.text}, RELEASE SOFTWARE (fc1)"
        )
    else:
        head = (
            f"Cisco IOS Software, {family} Software ({image}), Version {rel.text}, "
            "RELEASE SOFTWARE (fc1)"
        )
    up = _uptime(time.time() - router.boot_time)
    return (
        f"{head}\nTechnical Support: http://www.cisco.com/techsupport\n"
        "Copyright (c) 1986-2012 by Cisco Systems, Inc.\n\n"
        f"ROM: ROMMON Emulation Microcode\n\n{router.hostname} uptime is {up}\n"
        "System returned to ROM by reload\n"
        f'System image file is "flash:{image.lower()}.{rel.text}.bin"\n\n'
        f"{cpu} with 491520K/32768K bytes of memory.\n"
        "509K bytes of NVRAM.\n\nConfiguration register is 0x2102\n"
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
