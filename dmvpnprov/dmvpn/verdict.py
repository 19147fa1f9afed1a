"""The verdict ``verify`` reports: clouds, problems, adjacencies, reachability, summary.

A plain JSON-ready dict built from an :class:`~dmvpnprov.dmvpn.network.Analysis`; its keys
are the CLI contract (docs/verify.md). Counts are for the whole fleet: a simulated
spoke stands for its whole equivalence class.

Examples:
    >>> sorted(VERDICT_KEYS)
    ['adjacencies', 'clouds', 'problems', 'reachability', 'summary']
"""

from __future__ import annotations

from collections.abc import Mapping
from ipaddress import IPv4Network
from typing import Any

from dmvpnprov.dmvpn.network import Analysis

__all__ = ["VERDICT_KEYS", "verdict"]

VERDICT_KEYS = ("clouds", "problems", "adjacencies", "reachability", "summary")


def verdict(a: Analysis, names: Mapping[IPv4Network, str] | None = None) -> dict[str, Any]:
    """The JSON-ready verdict; ``names`` maps cloud subnets to inventory cloud names."""
    names = names or {}
    size = dict.fromkeys(a.members, 1)
    for g in a.groups:
        size[g[0]] = (len(g) + 1) // 2 if len(g) > 1 else 1
        if len(g) > 1:
            size[g[1]] = len(g) // 2
    problems = a.problems
    by_cloud: dict[str, list[str]] = {}
    for p in problems:
        by_cloud.setdefault(p.cloud or "", []).append(p.message)
    clouds = []
    for c in a.topo.clouds:
        label = names.get(c, str(c))
        servers = [e[0] for e in a.topo.servers(c)]
        clients = sum(size.get(e[0], 1) for e in a.topo.clients(c) if e[0] in size)
        bad = bool(by_cloud.get(str(c))) or bool(by_cloud.get(label))
        clouds.append(
            {"cloud": label, "subnet": str(c), "hubs": servers, "spokes": clients, "works": not bad}
        )
    adjacencies = [
        {
            "protocol": "nhrp",
            "routers": [x.client[0], x.server[0] if x.server else None],
            "up": x.ok,
            "weight": size.get(x.client[0], 1),
            **({"reason": x.reason} if x.reason else {}),
        }
        for x in a.links
    ] + [
        {
            "protocol": j.protocol,
            "routers": [j.a[0], j.b[0]],
            "up": j.up,
            "weight": size.get(j.a[0], 1),
            **({"reason": j.reason} if j.reason else {}),
        }
        for j in a.adjacencies.items
    ]
    counts = {"direct": 0, "shortcut": 0, "via hub": 0, "unreachable": 0}
    failing = []
    for path in a.paths:
        w = size.get(path.source, 1) * size.get(path.target, 1)
        counts[path.mode] = counts.get(path.mode, 0) + w
        if not path.ok:
            failing.append(
                {
                    "from": path.source,
                    "to": path.target,
                    "prefix": str(path.prefix),
                    "reason": path.reason,
                }
            )
    return {
        "clouds": clouds,
        "problems": [
            {
                "layer": p.layer,
                "routers": list(p.routers),
                "message": p.message,
                "cloud": p.cloud,
                "others": len(p.others),
            }
            for p in problems
        ],
        "adjacencies": adjacencies,
        "reachability": {"lan_pairs": sum(counts.values()), **counts, "failing": failing},
        "summary": {
            "works": not problems,
            "routers": sum(len(g) for g in a.groups)
            + (len(a.members) - sum(len(g[:2]) for g in a.groups)),
            "classes": len(a.groups),
            "simulated": len(a.members),
            "problems": len(problems),
        },
    }
