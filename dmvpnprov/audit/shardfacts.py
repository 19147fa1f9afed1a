"""Shard reports and their merge: one fleet audited by N runners, reported as one.

A shard's JSON report is the ordinary report plus a ``"shard"`` block: the shard
(``K/N``), every router's place in the inventory, the cloud membership of the routers
it read (cloud, tunnel interface, hub or spoke, NAT address, the cloud's subnet) and
their facts. :func:`merge` joins the shards' hosts, drops their cloud-rule findings,
runs the cloud rules again on the facts of the whole fleet, and so gives the report an
unsharded run gives.

Facts hold no secret. The NHRP authentication is kept as a keyed digest (HMAC-SHA-256
keyed with the fleet's secret values): shards run with the same secrets compare equal
values equal, and nobody without the secrets can test a guess against it.

Examples:
    >>> from dmvpnprov.audit.facts import TunnelFacts
    >>> t = TunnelFacts("Tunnel0", nhs=("10.0.0.1",), maps=(("10.0.0.1", "1.1.1.1"),))
    >>> _tunnel_from(_tunnel_json(t)) == t
    True
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from ipaddress import IPv4Interface, IPv4Network
from typing import Any, cast

from dmvpnprov.audit.engine import HostResult, cloud_findings
from dmvpnprov.audit.facts import HostFacts, RoutingNetwork, TunnelFacts, pooled
from dmvpnprov.audit.model import AuditReport, Finding, HostAudit, Severity
from dmvpnprov.audit.rules import RULES
from dmvpnprov.audit.run import host_audit, summarise
from dmvpnprov.core.errors import UserError
from dmvpnprov.core.models import Fleet

__all__ = ["merge", "shard_block", "shard_json"]

_CLOUD_RULES = frozenset(r.id for r in RULES.values() if r.cloud_check is not None)


def _key(secrets: Iterable[str]) -> bytes:
    return hashlib.sha256("\0".join(sorted(secrets)).encode()).digest()


def _tunnel_json(t: TunnelFacts) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in fields(t):
        value = getattr(t, f.name)
        if isinstance(value, frozenset):
            value = sorted(value)
        elif isinstance(value, tuple):
            value = [list(v) if isinstance(v, tuple) else v for v in value]
        out[f.name] = value
    return out


def _tunnel_from(data: Mapping[str, Any]) -> TunnelFacts:
    blank = TunnelFacts(str(data["interface"]))
    values: dict[str, Any] = {}
    for f in fields(blank):
        if f.name not in data:
            continue
        value, default = data[f.name], getattr(blank, f.name)
        if f.name == "address" and value is not None:
            value = str(IPv4Interface(value))
        elif isinstance(default, frozenset):
            value = frozenset(value)
        elif isinstance(default, tuple):
            value = tuple(tuple(v) if isinstance(v, list) else v for v in value)
        values[f.name] = value
    return TunnelFacts(**values)


def _facts_json(facts: HostFacts, key: bytes) -> dict[str, Any]:
    tunnels = {}
    for name, t in facts.tunnels.items():
        data = _tunnel_json(t)
        if t.auth_digest is not None:
            data["auth_digest"] = _keyed(t.auth_digest, key)
        tunnels[name] = data
    return {
        "tunnels": tunnels,
        "addresses": {k: str(v) for k, v in facts.addresses.items()},
        "networks": [[n.process, n.line, n.address, n.wildcard, n.area] for n in facts.networks],
    }


def _facts_from(data: Mapping[str, Any]) -> HostFacts:
    return HostFacts(
        tunnels={k: _tunnel_from(v) for k, v in data["tunnels"].items()},
        addresses={k: str(IPv4Interface(v)) for k, v in data["addresses"].items()},
        networks=tuple(RoutingNetwork(*n) for n in data["networks"]),
    )


def shard_block(
    fleet: Fleet,
    shard: str,
    results: Sequence[HostResult],
    secrets: Iterable[str],
    values: Mapping[str, Mapping[str, str]] | None = None,
) -> dict[str, Any]:
    """The ``"shard"`` block of a shard's JSON report (facts of every router read, and
    each cloud's intended values, the NHRP authentication keyed as in the facts)."""
    key = _key(secrets)
    by_name = {r.name: r for r in fleet.routers}
    members = {}
    for result in results:
        router = by_name[result.host]
        public = router.nbma.public_address
        members[result.host] = {
            "hub": router.is_hub,
            "public_address": str(public) if public else None,
            "tunnels": [[t.interface, t.cloud] for t in router.tunnels],
            "facts": _facts_json(result.facts, key),
        }
    return {
        "shard": shard,
        "order": [r.name for r in fleet.routers],
        "clouds": {name: str(c.tunnel_subnet) for name, c in fleet.clouds.items()},
        "values": {name: _keyed_values(v, key) for name, v in (values or {}).items()},
        "members": members,
    }


def _keyed_values(values: Mapping[str, str], key: bytes) -> dict[str, str]:
    out = dict(values)
    auth = out.get("ip nhrp authentication")
    if auth is not None:
        out["ip nhrp authentication"] = _keyed(auth, key)
    return out


def _keyed(digest: str, key: bytes) -> str:
    return hmac.new(key, digest.encode(), hashlib.sha256).hexdigest()[:32]


def shard_json(report_json: str, block: Mapping[str, Any]) -> str:
    """The report's JSON text with the shard block added as its last key."""
    body = json.dumps(block, separators=(",", ":"), sort_keys=True)
    return report_json.rstrip()[:-1].rstrip() + f',\n  "shard": {body}\n}}\n'


# Just what cloud_findings reads of a fleet, rebuilt from shard blocks.
@dataclass(frozen=True)
class _Cloud:
    tunnel_subnet: IPv4Network


@dataclass(frozen=True)
class _Tunnel:
    interface: str
    cloud: str


@dataclass(frozen=True)
class _Nbma:
    public_address: str | None


@dataclass(frozen=True)
class _Router:
    name: str
    is_hub: bool
    tunnels: tuple[_Tunnel, ...]
    nbma: _Nbma


@dataclass(frozen=True)
class _Fleet:
    clouds: dict[str, _Cloud]
    routers: tuple[_Router, ...]


def _kept(host: HostAudit, shared: dict[object, object]) -> tuple[Finding, ...]:
    """The findings of ``host`` that are not cloud rules', each equal one shared."""
    kept = (f for f in host.findings if f.rule not in _CLOUD_RULES)
    return tuple(cast(Finding, shared.setdefault(f, f)) for f in kept)


class _Shards:
    """The shard blocks seen so far: :class:`UserError` unless they are shards 1..N of
    one fleet (checked as each report is read, the missing ones at the end)."""

    def __init__(self) -> None:
        self.got: dict[int, str] = {}
        self.count: int | None = None
        self.order: list[str] | None = None
        self.first = ""

    def add(self, doc: Mapping[str, Any], name: str) -> Mapping[str, Any]:
        block = doc.get("shard")
        if not isinstance(block, dict):
            raise UserError(f"{name}: not a shard report (run audit --shard K/N --format json)")
        index, _, total = str(block["shard"]).partition("/")
        if self.count is not None and int(total) != self.count:
            raise UserError(f"{name}: shard {block['shard']} is not of {self.count} shards")
        self.count = int(total)
        if int(index) in self.got:
            raise UserError(f"{name}: shard {block['shard']} also in {self.got[int(index)]}")
        self.got[int(index)] = name
        if self.order is None:
            self.order, self.first = list(block["order"]), name
        elif block["order"] != self.order:
            raise UserError(f"{name}: another inventory than {self.first}")
        return block

    def finish(self) -> None:
        if self.count is None:
            raise UserError("no shard reports given")
        missing = [f"{k}/{self.count}" for k in range(1, self.count + 1) if k not in self.got]
        if missing:
            raise UserError(f"missing shard report(s): {', '.join(missing)}")


def merge(docs: Iterable[Mapping[str, Any]], names: Sequence[str]) -> AuditReport:
    """One report from every shard's JSON document (parsed), as one run would give.

    ``docs`` are used one at a time, in order: given as a generator that reads each
    report when asked, only one shard's JSON is in memory at once (with the facts and
    findings taken from those before it).
    """
    shards = _Shards()
    members: dict[str, tuple[bool, tuple[_Tunnel, ...], str | None]] = {}
    facts: dict[str, HostFacts] = {}
    # Per router only what the merged report needs: the findings that are not cloud
    # rules' (each equal finding one object: a fleet repeats them), or the whole audit
    # of a router that could not be read. Equal facts values are one object too.
    hosts: dict[str, tuple[Finding, ...] | HostAudit] = {}
    shared: dict[object, object] = {}
    summaries: list[Mapping[str, Any]] = []
    clouds: dict[str, _Cloud] = {}
    values: Mapping[str, Any] | None = None
    count = 0
    for doc in docs:  # not zip(): it keeps the last pair (and so a report) alive
        name, count = names[count], count + 1
        block = shards.add(doc, name)
        if not summaries:
            clouds = {k: _Cloud(IPv4Network(v)) for k, v in block["clouds"].items()}
            values = block.get("values") or None
        for member, m in block["members"].items():
            tunnels = tuple(_Tunnel(i, c) for i, c in m["tunnels"])
            members[member] = (bool(m["hub"]), tunnels, m["public_address"])
            facts[member] = pooled(_facts_from(m["facts"]), shared)
        for raw in doc["hosts"]:
            host = HostAudit.model_validate(raw)
            if host.host in hosts:
                raise UserError(f"{name}: router {host.host} is in two shard reports")
            hosts[host.host] = host if not host.reachable else _kept(host, shared)
        summaries.append(doc["summary"])
        del doc, block  # the next report is read only now
    if count != len(names):
        raise ValueError(f"{len(names)} report names for {count} reports")
    shards.finish()
    order = {name: i for i, name in enumerate(shards.order or ())}
    fail_on = Severity(summaries[0]["fail_on"])
    routers = tuple(
        _Router(name, hub, tunnels, _Nbma(public))
        for name, (hub, tunnels, public) in sorted(
            members.items(), key=lambda kv: order.get(kv[0], len(order))
        )
    )
    by_cloud = cloud_findings(cast(Fleet, _Fleet(clouds, routers)), facts, values=values)
    merged = []
    for name in sorted(hosts, key=lambda h: order.get(h, len(order))):
        kept = hosts.pop(name)
        if isinstance(kept, HostAudit):  # not read: as its shard reported it
            merged.append(kept)
            continue
        merged.append(host_audit(name, [*kept, *by_cloud.get(name, [])], fail_on))
    sources = list(dict.fromkeys(s.get("source", "") for s in summaries))
    return AuditReport(hosts=tuple(merged), summary=summarise(merged, fail_on, "; ".join(sources)))
