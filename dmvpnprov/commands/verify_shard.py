"""``verify --shard K/N`` and the merge of its reports: the verdict of one unsharded run.

The model judges a DMVPN as a whole: a spoke's registration depends on its hub, a
duplicate tunnel address is seen only across routers, a LAN pair's path crosses clouds.
A shard therefore never judges part of the fleet. Each shard runs the model on the whole
fleet (as the audit's "works" verdict does) and reports the problems that name one of its
routers (those of ``--limit`` that are in the shard, with ``--limit``); a problem that
names no router of the fleet goes to shard 1. The clouds, adjacencies and reachability
are the whole fleet's in every shard. A shard's JSON adds a ``"shard"`` block: the shard,
the inventory's order of routers, and the place of each problem kept in the whole list.
:func:`merge_verdicts` takes each problem once, in that place: the verdict an unsharded
run gives.

Sharding ``verify`` spreads its reports, not its work: the model's cost is the whole
fleet's in each shard (it simulates two spokes per class, so 10,000 spokes cost about a
hundred simulated routers; reading the configs is most of it).

Examples:
    >>> from dmvpnprov.inventory.shards import Shard
    >>> v = {"problems": [{"routers": ["a"]}, {"routers": ["b"]}, {"routers": []}],
    ...      "summary": {"works": False, "problems": 3}}
    >>> mine = shard_verdict(v, ["a", "b"], Shard(2, 2))
    >>> mine["problems"], mine["shard"]["kept"]
    ([{'routers': ['b']}], [1])
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

from dmvpnprov.core.errors import UserError
from dmvpnprov.inventory.shards import Shard

__all__ = ["KIND", "is_verify_shard", "merge_verdicts", "shard_verdict"]

KIND = "verify"
_WHOLE = ("clouds", "adjacencies", "reachability")  # the whole fleet's in every shard


def _keeps(
    problem: Mapping[str, Any],
    order: Collection[str],
    mine: Collection[str],
    first: bool,
    limited: bool,
) -> bool:
    named = set(problem["routers"])
    if named & set(mine):
        return True
    return first and not limited and not named & set(order)


def shard_verdict(
    result: Mapping[str, Any],
    order: Sequence[str],
    shard: Shard,
    chosen: Collection[str] | None = None,
) -> dict[str, Any]:
    """The whole fleet's verdict ``result`` cut to the problems of ``shard``'s routers
    (of ``chosen``, the ``--limit`` routers, when given), with its ``"shard"`` block."""
    names = shard.pick(list(order))
    mine = set(names) if chosen is None else set(names) & set(chosen)
    fleet = set(order)
    kept = [
        i
        for i, p in enumerate(result["problems"])
        if _keeps(p, fleet, mine, shard.index == 1, chosen is not None)
    ]
    problems = [result["problems"][i] for i in kept]
    out = {k: v for k, v in result.items() if k != "problems"}
    out["problems"] = problems
    out["summary"] = {**result["summary"], "problems": len(problems), "works": not problems}
    out["shard"] = {"kind": KIND, "shard": str(shard), "order": list(order), "kept": kept}
    return {k: out[k] for k in (*result.keys(), "shard")}


def is_verify_shard(doc: Mapping[str, Any]) -> bool:
    """True for the JSON of ``verify --shard``."""
    block = doc.get("shard")
    return isinstance(block, dict) and block.get("kind") == KIND


def merge_verdicts(docs: Sequence[Mapping[str, Any]], names: Sequence[str]) -> dict[str, Any]:
    """The verdict one unsharded run gives, from every shard's JSON (parsed)."""
    got: dict[int, str] = {}
    count = None
    first = docs[0]
    for doc, name in zip(docs, names, strict=True):
        if not is_verify_shard(doc):
            raise UserError(f"{name}: not a verify shard report (verify --shard K/N --format json)")
        index, _, total = str(doc["shard"]["shard"]).partition("/")
        if count is not None and int(total) != count:
            raise UserError(f"{name}: shard {doc['shard']['shard']} is not of {count} shards")
        count = int(total)
        if int(index) in got:
            raise UserError(f"{name}: shard {doc['shard']['shard']} also in {got[int(index)]}")
        got[int(index)] = name
        same = all(doc[k] == first[k] for k in _WHOLE)
        if doc["shard"]["order"] != first["shard"]["order"] or not same:
            raise UserError(f"{name}: another inventory or other configs than {names[0]}")
    assert count is not None
    missing = [f"{k}/{count}" for k in range(1, count + 1) if k not in got]
    if missing:
        raise UserError(f"missing shard report(s): {', '.join(missing)}")
    placed: dict[int, Any] = {}
    for doc in docs:
        for place, problem in zip(doc["shard"]["kept"], doc["problems"], strict=True):
            placed[int(place)] = problem
    problems = [placed[i] for i in sorted(placed)]
    out = {k: v for k, v in first.items() if k != "shard"}
    out["problems"] = problems
    out["summary"] = {**first["summary"], "problems": len(problems), "works": not problems}
    return out
