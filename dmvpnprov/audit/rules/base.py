"""What a policy rule is: data (id, severity, rationale, reference) plus a check.

A host rule reads one router's parsed running config; a cloud rule reads the facts of
every member of one DMVPN cloud (consistency, NHS, phase pairing). Checks return
messages only: the audit turns them into findings. A message never carries a secret.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from ipaddress import IPv4Network

from dmvpnprov.audit.facts import HostFacts, TunnelFacts
from dmvpnprov.audit.model import Severity
from dmvpnprov.core.linetree import ConfigLine, ConfigTree

_IKE_SECTIONS = re.compile(r"^crypto (isakmp policy|ikev2 proposal) \S+$")
_IKE_PREFIXES = ("crypto isakmp policy ", "crypto ikev2 proposal ")

__all__ = ["CloudCheck", "CloudContext", "HostCheck", "HostContext", "Member", "Rule"]


@dataclass(frozen=True)
class HostContext:
    """One router: its parsed running config (a plain line tree or hier_config's) and
    what the inventory says about it."""

    host: str
    tree: ConfigTree
    release: str
    is_hub: bool
    behind_nat: bool = False  # the inventory gives the NBMA a public (NAT) address

    @cached_property
    def tops(self) -> tuple[ConfigLine, ...]:
        """The top-level lines (sections), read once for every rule."""
        return tuple(self.tree.children)

    @cached_property
    def top_text(self) -> str:
        """The top-level lines, one a line, each after a newline (``"\\nrouter eigrp 1"
        in ctx.top_text`` tests for a line start in C)."""
        return "".join(f"\n{c.text}" for c in self.tops)

    @cached_property
    def dmvpn_tunnels(self) -> tuple[ConfigLine, ...]:
        """Tunnel interfaces with ``ip nhrp network-id`` (DMVPN tunnels)."""
        return tuple(
            c
            for c in self.tops
            if c.text.startswith("interface Tunnel")
            and any(x.text.startswith("ip nhrp network-id ") for x in c.children)
        )

    @cached_property
    def ike_sections(self) -> tuple[tuple[str, tuple[list[str], ...]], ...]:
        """ISAKMP policies and IKEv2 proposals: (section line, each child's words), read
        once for the rules that look at their values."""
        return tuple(
            (c.text, tuple(x.text.split() for x in c.children))
            for c in self.tops
            if c.text.startswith(_IKE_PREFIXES) and _IKE_SECTIONS.match(c.text)
        )

    @cached_property
    def every_line(self) -> tuple[ConfigLine, ...]:
        """Every line at every depth, read once for every rule."""
        return tuple(self.tree.all_children())


@dataclass(frozen=True)
class Member:
    """One router's tunnel in a cloud: inventory role plus facts from its running config."""

    host: str
    is_hub: bool
    facts: HostFacts
    tunnel: TunnelFacts
    public_address: str | None = None  # the inventory's NAT address, if any

    @property
    def nbma(self) -> str | None:
        """The address peers must use: NAT public address, else the tunnel source's."""
        return self.public_address or self.facts.nbma_address(self.tunnel.interface)


@dataclass(frozen=True)
class CloudContext:
    """Every member of one cloud whose running config was read."""

    cloud: str
    subnet: IPv4Network
    members: tuple[Member, ...] = field(default=())
    # The inventory's values ("ip nhrp network-id" -> "99"; the NHRP authentication as
    # a digest): consistency is judged against these, so only deviating members are named.
    intended: Mapping[str, str] = field(default_factory=dict)

    @cached_property
    def hubs(self) -> tuple[Member, ...]:
        """Hub members."""
        return tuple(m for m in self.members if m.is_hub)

    @cached_property
    def spokes(self) -> tuple[Member, ...]:
        """Spoke members."""
        return tuple(m for m in self.members if not m.is_hub)

    @cached_property
    def phase(self) -> int:
        """The phase the configs implement: 3 with redirect/shortcut, 1 without mGRE spokes."""
        if any(m.tunnel.redirect or m.tunnel.shortcut for m in self.members):
            return 3
        if self.spokes and all(m.tunnel.mode != "gre multipoint" for m in self.spokes):
            return 1
        return 2


HostCheck = Callable[[HostContext], Iterable[str]]
CloudCheck = Callable[[CloudContext], Iterable[tuple[str, str]]]


@dataclass(frozen=True)
class Rule:
    """A policy rule. Exactly one of ``host_check`` / ``cloud_check`` is set."""

    id: str
    severity: Severity
    title: str
    rationale: str
    reference: str
    host_check: HostCheck | None = None
    cloud_check: CloudCheck | None = None
