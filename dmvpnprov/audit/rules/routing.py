"""Routing statements that do not fit their process, and lines the release lacks.

Examples:
    >>> from dmvpnprov.core.configtree import parse
    >>> tree = parse("router eigrp 1\\n network 10.0.0.0 0.0.0.255 area 0\\n")
    >>> list(eigrp_area(HostContext("hub1", tree, "12.4(15)T", True)))
    ["router eigrp 1: 'network 10.0.0.0 0.0.0.255 area 0' has an OSPF area (EIGRP rejects it)"]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from dmvpnprov.audit.facts import wildcard_network
from dmvpnprov.audit.rules.base import HostContext
from dmvpnprov.core.linetree import parent_text
from dmvpnprov.core.platforms import IosRelease, missing_features
from dmvpnprov.core.secrets import mask_config

__all__ = ["eigrp_area", "missing_capability", "ospf_no_area", "wildcard_mask"]

_NETWORK = re.compile(r"^network (\d+\.\d+\.\d+\.\d+)(?: (\d+\.\d+\.\d+\.\d+))?(?: area (\S+))?$")


def _networks(ctx: HostContext, protocol: str) -> Iterator[tuple[str, str, re.Match[str] | None]]:
    for proc in ctx.tops:
        if proc.text.startswith(f"router {protocol} "):
            for child in proc.children:
                if child.text.startswith("network "):
                    yield proc.text, child.text, _NETWORK.match(child.text)


def eigrp_area(ctx: HostContext) -> Iterator[str]:
    """``network ... area N`` under ``router eigrp`` (an OSPF statement)."""
    for proc, line, _ in _networks(ctx, "eigrp"):
        if " area " in line:
            yield f"{proc}: '{line}' has an OSPF area (EIGRP rejects it)"


def wildcard_mask(ctx: HostContext) -> Iterator[str]:
    """A subnet mask where IOS expects a wildcard (EIGRP and OSPF ``network``)."""
    for protocol in ("eigrp", "ospf"):
        for proc, line, m in _networks(ctx, protocol):
            if m and m[2] and wildcard_network(m[1], m[2]) is None:
                yield f"{proc}: '{line}': {m[2]} is not a wildcard (a subnet mask?)"


def ospf_no_area(ctx: HostContext) -> Iterator[str]:
    """``network`` under ``router ospf`` without its wildcard and ``area``."""
    for proc, line, m in _networks(ctx, "ospf"):
        if m is None or m[2] is None or m[3] is None:
            yield f"{proc}: '{line}' lacks a wildcard and area (network A W area N)"


@lru_cache(maxsize=65536)
def _lacks(release: str, text: str, parent: str | None) -> tuple[str, ...]:
    """Messages for the features ``text`` needs that ``release`` lacks (memoised: a fleet
    repeats the same lines on every router of a release)."""
    try:
        rel = IosRelease.parse(release)
    except ValueError:
        return ()
    where = f"{parent}: " if parent else ""
    return tuple(
        f"{where}'{mask_config(text)}' needs {f.description} (since {', '.join(f.since)}); "
        f"this router runs {release}"
        for f in missing_features(rel, text, parent)
    )


def missing_capability(ctx: HostContext) -> Iterator[str]:
    """Lines that need a feature the router's IOS release lacks (capability table)."""
    for child in ctx.every_line:
        parent = parent_text(child)
        yield from _lacks(ctx.release, child.text, parent)
