"""A push run against the in-process lab, as the push tests read it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from dmvpnprov.core.configtree import strip_show_run
from dmvpnprov.push.results import HostResult


@dataclass
class PushRun:
    """The outcome of one push: results by host, and whether it applied."""

    results: dict[str, HostResult]
    applied: bool


Pusher = Callable[..., PushRun]


def body(config: str) -> str:
    """A config without the show framing (running and startup print different headers)."""
    lines = strip_show_run(config).splitlines()
    return "\n".join(line for line in lines if not line.startswith("Using "))
