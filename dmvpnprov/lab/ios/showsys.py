"""System ``show`` commands: inventory, hosts, file systems, logging, users, lines,
SSH, CPU, boot, archive. Formats: public captures cited in ``docs/lab.md``.
"""

from __future__ import annotations

import time

from dmvpnprov.core.hardware import HARDWARE
from dmvpnprov.lab.ios.console import Console
from dmvpnprov.lab.state.router import RouterState

__all__ = [
    "show_archive",
    "show_boot",
    "show_file_systems",
    "show_hosts",
    "show_inventory",
    "show_line",
    "show_logging",
    "show_processes_cpu",
    "show_ssh",
    "show_users",
]


def _config_value(router: RouterState, *prefixes: str) -> str | None:
    for node in router.running.root.children:
        for prefix in prefixes:
            if node.line.startswith(prefix + " "):
                return node.line[len(prefix) + 1 :]
    return None


def show_inventory(router: RouterState) -> str:
    """``show inventory``: the chassis with its PID and serial number."""
    hw = HARDWARE[router.spec.platform]
    return (
        f'NAME: "Chassis", DESCR: "Cisco {hw.model} chassis"\n'
        f"PID: {hw.pid:<18}, VID: V01 , SN: {router.serial}\n\n"
    )


def show_hosts(router: RouterState) -> str:
    """``show hosts``: the default domain and the (empty) host cache."""
    domain = _config_value(router, "ip domain name", "ip domain-name")
    lookup = (
        "static mappings"
        if router.running.get("no ip domain lookup") or router.running.get("no ip domain-lookup")
        else "domain service"
    )
    head = f"Default domain is {domain}\n" if domain else "Default domain is not set\n"
    return (
        head
        + f"Name/address lookup uses {lookup}\n\n"
        + "Codes: UN - unknown, EX - expired, OK - OK, ?? - revalidate\n"
        + "       temp - temporary, perm - permanent\n"
        + "       NA - Not Applicable None - Not defined\n\n"
        + "Host                      Port  Flags      Age Type   Address(es)\n"
    )


def show_file_systems(router: RouterState) -> str:
    """``show file systems``."""
    fs = router.flash
    nvram = HARDWARE[router.spec.platform].nvram_kb * 1024
    rows = [
        "File Systems:\n\n",
        "     Size(b)     Free(b)      Type  Flags  Prefixes\n",
        f"*{fs.total_kb * 1024:>12}{fs.free():>12}     flash     rw   {fs.name}\n",
        f"  {nvram:>11}{nvram - 2048:>12}     nvram     rw   nvram:\n",
        "            -           -    opaque     rw   system:\n",
        "            -           -    opaque     rw   archive:\n",
        "            -           -   network     rw   tftp:\n",
        "            -           -   network     rw   scp:\n",
    ]
    return "".join(rows)


def show_logging(router: RouterState) -> str:
    """``show logging``: the logging setup and the buffer's configuration messages."""
    buffered = _config_value(router, "logging buffered") or "4096 debugging"
    size = buffered.split()[0]
    events = "".join(f"{line}\n" for line in router.log_buffer)
    return (
        "Syslog logging: enabled (0 messages dropped, 0 messages rate-limited,\n"
        "                0 flushes, 0 overruns, xml disabled, filtering disabled)\n\n"
        "    Console logging: level debugging, 0 messages logged, xml disabled,\n"
        "                     filtering disabled\n"
        "    Monitor logging: level debugging, 0 messages logged, xml disabled,\n"
        "                     filtering disabled\n"
        f"    Buffer logging:  level debugging, {len(router.log_buffer)} messages logged, "
        "xml disabled,\n                    filtering disabled\n"
        "    Logging Exception size (4096 bytes)\n"
        "    Trap logging: level informational, 0 message lines logged\n\n"
        f"Log Buffer ({size} bytes):\n\n{events}"
    )


def show_users(session: Console) -> str:
    """``show users``: the console and every vty with a user on it."""
    rows = ["    Line       User       Host(s)              Idle       Location"]
    for vty, (user, peer, _since) in sorted(session.router.users.items()):
        mark = "*" if vty == session.vty else " "
        rows.append(f"{mark}{vty + 2:>3} vty {vty}     {user:<10} idle {'':<15}00:00:00 {peer}")
    return (
        "\n".join(rows)
        + "\n\n  Interface    User               Mode         Idle     Peer Address\n\n"
    )


def show_line(router: RouterState) -> str:
    """``show line``: console, aux and the five vtys."""
    rows = ["   Tty Typ     Tx/Rx    A Modem  Roty AccO AccI   Uses   Noise  Overruns   Int"]
    rows.append("*     0 CTY              -    -      -    -    -      0       0     0/0       -")
    rows.append("      1 AUX   9600/9600  -    -      -    -    -      0       0     0/0       -")
    for vty in range(5):
        mark = "*" if vty in router.users else " "
        cells = "VTY              -    -      -    -    -      0       0     0/0       -"
        rows.append(f"{mark}{vty + 2:>6} {cells}")
    return "\n".join(rows) + "\n"


def show_ssh(router: RouterState) -> str:
    """``show ssh``: the SSH sessions (version 2, the profile's first algorithms)."""
    rows = ["Connection Version Mode Encryption  Hmac         State                 Username"]
    for vty, (user, _peer, _since) in sorted(router.users.items()):
        for mode in ("IN ", "OUT"):
            rows.append(
                f"{vty:<11}2.0     {mode}  aes128-cbc  hmac-sha1    Session started       {user}"
            )
    return "\n".join(rows) + "\n%No SSHv1 server connections running.\n"


def show_processes_cpu(router: RouterState) -> str:
    """``show processes cpu``: a quiet box."""
    return (
        "CPU utilization for five seconds: 1%/0%; one minute: 1%; five minutes: 1%\n"
        " PID Runtime(ms)     Invoked      uSecs   5Sec   1Min   5Min TTY Process \n"
        "   1           4          40        100  0.00%  0.00%  0.00%   0 Chunk Manager    \n"
        "   2        1200        3000        400  0.08%  0.02%  0.00%   0 Load Meter       \n"
        "  44         120         600        200  0.00%  0.00%  0.00%   0 SSH Process      \n"
    )


def show_boot(router: RouterState) -> str:
    """``show boot``: where the image and configs come from."""
    fs = router.flash
    return (
        f"BOOT path-list      : {fs.name}{fs.image}\n"
        "Config file         : nvram:startup-config\n"
        "Private Config file : nvram:private-config\n"
        "Enable Break        : no\nManual Boot         : no\n"
    )


def show_archive(router: RouterState) -> str:
    """``show archive``: the archive path and the configs kept so far."""
    section = router.running.get("archive")
    path = None
    if section is not None:
        path = next(
            (c.line.split()[1] for c in section.children if c.line.startswith("path ")), None
        )
    if path is None:
        return "Archive feature not enabled\n"
    name = path.replace("$h", router.hostname)
    rows = "".join(f" {i + 1:<9} {n}\n" for i, (n, _) in enumerate(router.archive))
    marker = " <- Most Recent" if router.archive else ""
    return (
        "The maximum archive configurations allowed is 10.\n"
        f"The next archive file will be named {name}-{len(router.archive) + 1}\n"
        f" Archive #  Name\n{rows.rstrip()}{marker}\n"
    )


def uptime_stamp(when: float) -> str:
    """A log time stamp as ``service timestamps log datetime msec`` prints it."""
    return time.strftime("*%b %d %H:%M:%S.000", time.gmtime(when))
