"""The per-cloud "works" verdict of an audit: the control-plane model on the running configs.

A cloud that does not work is one critical finding (rule ``dmvpn-works``) on each router
that causes it: the routers named by the cloud's problems (its data-path problems only
when nothing else explains them), with the causes as the model says them. No verdict is
given when a router of the fleet could not be read (its peers are not to blame).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from dmvpnprov.audit.model import Finding, Severity
from dmvpnprov.core.models import Fleet
from dmvpnprov.dmvpn.network import analyse
from dmvpnprov.dmvpn.state import Problem, Underlay
from dmvpnprov.dmvpn.underlay import fleet_releases, underlay_from_fleet

__all__ = ["RULE", "FleetFacts", "fleet_facts", "judge", "works_findings"]

RULE = "dmvpn-works"
_SHOWN = 3  # causes spelled out per finding


def works_findings(fleet: Fleet, running: Mapping[str, object]) -> dict[str, list[Finding]]:
    """One critical finding per router that keeps its cloud from working.

    ``running`` holds the config text of each router audited or read as context (an
    error object for one that could not be read).
    """
    texts: dict[str, str] = {}
    for member in fleet.routers:
        text = running.get(member.name)
        if isinstance(text, str):
            texts[member.name] = text
    if len(texts) < len(running):
        # A router that could not be read would look down to its peers: the model cannot
        # judge the cloud, and must not blame the routers that were read.
        return {}
    return judge(fleet_facts(fleet), texts)


@dataclass(frozen=True)
class FleetFacts:
    """What the verdict needs of the inventory: small, taken before a child process judges
    (so the child does not touch, and copy, the fleet's pages)."""

    clouds: dict[str, str]  # tunnel subnet -> cloud name
    underlay: Underlay
    releases: dict[str, str]


def fleet_facts(fleet: Fleet) -> FleetFacts:
    """The inventory's part of the verdict's input."""
    clouds = {str(c.tunnel_subnet): n for n, c in fleet.clouds.items()}
    return FleetFacts(clouds, underlay_from_fleet(fleet), fleet_releases(fleet))


def judge(facts: FleetFacts, texts: Mapping[str, str]) -> dict[str, list[Finding]]:
    """:func:`works_findings` when every router in ``texts`` was read (any mapping: the
    model reads each text once, in the mapping's order)."""
    if not texts:
        return {}
    names = facts.clouds
    problems = analyse(texts, facts.underlay, releases=facts.releases).problems
    causes = [p for p in problems if p.layer != "path"] or list(problems)
    per_router: dict[str, list[Problem]] = {}
    for p in causes:
        for router in (*p.routers, *p.others):
            per_router.setdefault(router, []).append(p)
    out: dict[str, list[Finding]] = {}
    for router, mine in per_router.items():
        cloud = next((names.get(p.cloud or "", p.cloud) for p in mine if p.cloud), None)
        where = f"cloud {cloud} does not work" if cloud else "the DMVPN does not work"
        text = "; ".join(f"[{p.layer}] {p.message}" for p in mine[:_SHOWN])
        more = f" (and {len(mine) - _SHOWN} more)" if len(mine) > _SHOWN else ""
        msg = f"{where}: {text}{more}"
        out[router] = [Finding(rule=RULE, severity=Severity.CRITICAL, message=msg)]
    return out
