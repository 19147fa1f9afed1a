"""A push run against the in-process lab, as the push tests read it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from netmiko import ConnectHandler

from dmvpnprov.core.configtree import strip_show_run
from dmvpnprov.inventory.load import load_fleet
from dmvpnprov.lab.network.server import LabRouter
from dmvpnprov.push.plan import HostPlan, delta
from dmvpnprov.push.results import HostResult
from dmvpnprov.transport.connections import BASE_EXTRAS
from tests.support.paths import EXAMPLE_INVENTORY


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


def lab_connector(router: LabRouter) -> Any:
    """A netmiko connector (push's ``connect(fresh)``) to a lab router."""

    def connect(fresh: bool) -> Any:
        return ConnectHandler(
            host="127.0.0.1",
            port=router.port,
            device_type="cisco_ios",
            username="admin",
            password="lab-password",
            secret="lab-enable",
            **BASE_EXTRAS,
        )

    return connect


def hub_plan(router: LabRouter, intended: str) -> HostPlan:
    """The example hub's plan from ``router``'s running config to ``intended``, fresh."""

    model = load_fleet(EXAMPLE_INVENTORY).router("hub1")
    running = router.running_config()
    plan = HostPlan(model, intended, (), running=running)
    plan.lines = delta(running, intended, ())
    plan.read_at = 1e18  # fresh: no re-check
    return plan
