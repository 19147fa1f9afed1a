"""The plan of a push: per router, the backup of its running config and the delta.

The delta is :func:`dmvpnprov.core.configtree.remediation_lines` from the running config to
the intended one, limited to the managed scope (configtree defines it). The networks
dmvpnprov owns on a router are its clouds' tunnel subnets and its LANs: routing
statements for them are managed, a user's statements for other networks are not.
Given the router's release, both sides are compared as that release prints them
(:mod:`dmvpnprov.core.display`, the rules the audit and the lab use): a push never
sends a line the router would show differently, so a second push has nothing to do.

Examples:
    >>> running = "interface Tunnel0\\n ip nhrp network-id 98\\n!\\nsnmp-server location lab\\n"
    >>> intended = "interface Tunnel0\\n ip nhrp network-id 99\\n"
    >>> delta(running, intended, ())
    ['interface Tunnel0', ' ip nhrp network-id 99']
    >>> shown = "crypto isakmp policy 10\\n encr aes 256\\n"
    >>> delta(shown, "crypto isakmp policy 10\\n encryption aes 256\\n", (), release="15.2(4)M3")
    []
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from ipaddress import IPv4Network
from pathlib import Path

from hier_config import HConfig

from dmvpnprov.core.configtree import parse, remediation_lines
from dmvpnprov.core.display import normalise
from dmvpnprov.core.models import Fleet, Router
from dmvpnprov.push.backup import write_backup
from dmvpnprov.push.results import HostResult

__all__ = [
    "HostPlan",
    "base_result",
    "changed_tops",
    "delta",
    "make_plans",
    "owned_networks",
    "rollback_delta",
    "widen",
]


def owned_networks(fleet: Fleet, router: Router) -> tuple[IPv4Network, ...]:
    """The networks whose routing statements dmvpnprov owns on ``router``."""
    nets = [fleet.clouds[t.cloud].tunnel_subnet for t in router.tunnels if t.cloud in fleet.clouds]
    nets.extend(lan.address.network for lan in router.lans)
    return tuple(dict.fromkeys(nets))


def _indented(lines: list[str]) -> list[str]:
    # hier_config indents two spaces per level; IOS shows (and we print) one.
    out = []
    for line in lines:
        body = line.lstrip(" ")
        if body.strip():
            out.append(" " * ((len(line) - len(body)) // 2) + body.rstrip())
    return out


def delta(
    running: str,
    intended: str,
    owned: Iterable[IPv4Network],
    scope: str | None = None,
    *,
    release: str | None = None,
) -> list[str]:
    """The config-mode lines that take the managed part of ``running`` to ``intended``.

    ``scope`` (default: ``intended``) is the config whose sections are managed.
    ``release``: compare as that IOS release displays lines (spellings, defaults shown
    or hidden, equivalent forms); ``None`` compares the text as it is.
    """
    if release is None:
        return _indented(remediation_lines(running, intended, tuple(owned), scope=scope))
    have: HConfig = normalise(parse(running), release)
    want: HConfig = normalise(parse(intended), release)
    where = None if scope is None else normalise(parse(scope), release)
    return _indented(remediation_lines(have, want, tuple(owned), scope=where))


def widen(scope: str, tops: Iterable[str]) -> str:
    """``scope`` plus the top-level lines ``tops`` it does not hold (bare, so managed whole)."""
    have = {child.text for child in parse(scope).children}
    extra = [t for t in tops if t not in have and not t.startswith("interface ")]
    return scope if not extra else scope.rstrip("\n") + "\n" + "\n".join(extra) + "\n"


# Lines IOS writes by itself (and the framing of `show startup-config`): never a
# difference a rollback can (or must) undo.
_VOLATILE = ("ntp clock-period ", "Using ", "Building configuration", "Current configuration")


def changed_tops(current: str, backup: str) -> list[str]:
    """Top-level lines of either config whose text (or section) the other lacks.

    These are what changed since the backup, *as IOS displays them*: a line typed as
    ``enable secret 0 x`` is shown as ``enable secret 5 <hash>``, so a rollback that
    only looks for the typed text would leave it in place.

    Examples:
        >>> changed_tops("enable secret 5 $1$new\\nhostname R1\\n", "enable secret 5 $1$old\\n"
        ...     "hostname R1\\n")
        ['enable secret 5 $1$new', 'enable secret 5 $1$old']
    """
    trees = parse(current), parse(backup)
    shown = [
        {c.text: [x.cisco_style_text() for x in c.all_children()] for c in tree.children}
        for tree in trees
    ]
    out: list[str] = []
    for mine, other in ((shown[0], shown[1]), (shown[1], shown[0])):
        for text, kids in mine.items():
            if other.get(text) != kids and text not in out and not text.startswith(_VOLATILE):
                out.append(text)
    return out


def rollback_delta(
    current: str, backup: str, intended: str, owned: Iterable[IPv4Network]
) -> list[str]:
    """The lines that take ``current`` back to ``backup``.

    The scope is what ``intended`` manages plus every top-level line that changed since
    the backup (:func:`changed_tops`), so what a push added is undone whatever form IOS
    stored it in. An empty result is a verified rollback of that scope.
    """
    scope = widen(intended, changed_tops(current, backup))
    return _indented(remediation_lines(current, backup, tuple(owned), scope=scope))


@dataclass
class HostPlan:
    """One router's plan: what it runs now, where that is saved, what to send."""

    router: Router
    intended: str
    owned: tuple[IPv4Network, ...]
    running: str | None = None
    backup: Path | None = None
    lines: list[str] = field(default_factory=list)
    error: BaseException | None = None
    read_at: float = 0.0
    scope: str | None = None  # the managed scope when it is not ``intended`` (rollback)

    def remaining(self, config: str) -> list[str]:
        """The lines ``config`` still needs to be as intended (empty: it is), compared
        as the router's release prints them (a rollback's scope compares text as is)."""
        release = self.router.ios_release if self.scope is None else None
        return delta(config, self.intended, self.owned, self.scope, release=release)

    def undo(self, config: str) -> list[str]:
        """The lines that take ``config`` back to the backup (empty: it is)."""
        return rollback_delta(config, self.running or "", self.scope or self.intended, self.owned)

    @property
    def name(self) -> str:
        """The router's inventory name."""
        return self.router.name

    @property
    def has_changes(self) -> bool:
        """True when there is a delta to send."""
        return bool(self.lines)


def make_plans(
    fleet: Fleet,
    routers: Iterable[Router],
    intended: Mapping[str, str],
    running: Mapping[str, str | Exception],
    backups: Path | None,
    *,
    on_planned: Callable[[HostPlan], None] | None = None,
) -> dict[str, HostPlan]:
    """Back up every router's running config and compute its delta.

    A router whose running config could not be read gets a plan with ``error`` set and
    no backup; nothing is ever sent to it. ``backups`` ``None`` (a dry run) writes none.
    """
    plans: dict[str, HostPlan] = {}
    for router in routers:
        plan = HostPlan(router, intended[router.name], owned_networks(fleet, router))
        got = running.get(router.name, LookupError("not read"))
        if isinstance(got, Exception):
            plan.error = got
        else:
            plan.running = got
            plan.read_at = time.monotonic()
            plan.backup = None if backups is None else write_backup(backups, router.name, got)
            plan.lines = plan.remaining(got)
        plans[router.name] = plan
        if on_planned is not None:
            on_planned(plan)
    return plans


def base_result(plan: HostPlan, mask: Callable[[str], str]) -> HostResult:
    """A router's result as planned: its masked delta and backup, nothing applied yet."""
    return HostResult(
        plan.name,
        plan.router.role.value,
        changed_lines=len(plan.lines),
        lines=[mask(line) for line in plan.lines],
        backup=str(plan.backup) if plan.backup else None,
    )
