"""Deterministic shards of a fleet: ``--shard K/N`` splits the routers over N runners.

The routers selected (after ``--limit``) are dealt out round-robin in inventory order,
so every shard gets the same number of routers (give or take one) and the same
inventory always gives the same shards. ``push`` keeps its hubs out of the spoke shards:
``--shard 0/N`` is the hubs-only first stage, to run before any spoke shard.

Examples:
    >>> s = parse_shard("2/4")
    >>> s, s.pick(list("abcdefghij"))
    (Shard(index=2, count=4), ['b', 'f', 'j'])
    >>> parse_shard("5/4")
    Traceback (most recent call last):
    ...
    dmvpnprov.core.errors.UserError: --shard 5/4: K must be 1..N (0/N: push's hubs stage)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from dmvpnprov.core.errors import UserError
from dmvpnprov.core.models import Router

__all__ = ["Shard", "parse_shard", "push_shard", "shard_routers"]

T = TypeVar("T")
_SPEC = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")


@dataclass(frozen=True)
class Shard:
    """Shard ``index`` of ``count`` (1-based; 0 is push's hubs stage)."""

    index: int
    count: int

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"

    def pick(self, items: Sequence[T]) -> list[T]:
        """This shard's items: every ``count``-th from position ``index - 1``."""
        return list(items[self.index - 1 :: self.count])


def parse_shard(spec: str, *, hubs_stage: bool = False) -> Shard:
    """``K/N`` as a :class:`Shard`; :class:`UserError` when it is not one.

    ``hubs_stage`` allows ``0/N`` (push: the hubs before any spoke shard).
    """
    m = _SPEC.match(spec)
    if m is None:
        raise UserError(f"--shard {spec}: expected K/N, e.g. 1/4")
    index, count = int(m[1]), int(m[2])
    if count < 1:
        raise UserError(f"--shard {spec}: N must be at least 1")
    low = 0 if hubs_stage else 1
    if not low <= index <= count:
        hint = "0..N (0/N: the hubs)" if hubs_stage else "1..N (0/N: push's hubs stage)"
        raise UserError(f"--shard {spec}: K must be {hint}")
    return Shard(index, count)


def shard_routers(routers: Sequence[Router], shard: Shard | None) -> tuple[Router, ...]:
    """The routers of ``shard`` (all of them when ``shard`` is ``None``)."""
    return tuple(routers) if shard is None else tuple(shard.pick(routers))


def push_shard(routers: Sequence[Router], shard: Shard | None) -> tuple[Router, ...]:
    """Push's stages: ``0/N`` the hubs, ``K/N`` a share of the spokes (never a hub)."""
    if shard is None:
        return tuple(routers)
    if shard.index == 0:
        return tuple(r for r in routers if r.is_hub)
    return tuple(shard.pick([r for r in routers if not r.is_hub]))
