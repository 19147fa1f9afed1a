"""Every network fault gets a specific one-line reason (never an empty one)."""

from __future__ import annotations

import socket

import pytest

from dmvpnprov.lab.state.faults import Faults
from tests.support.lab import ExampleLab
from tests.support.push import Pusher

pytestmark = pytest.mark.lab


def test_refused_silent_and_bad_password_each_say_what_happened(
    example_lab: ExampleLab, push: Pusher
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    targets = dict(example_lab.targets)
    old = targets["spoke-a"]
    targets["spoke-a"] = type(old)("127.0.0.1", closed, old.device_type)
    example_lab.routers["spoke-b"].faults = Faults(silent=True)
    example_lab.routers["hub1"].faults = Faults(auth_failure=True)
    run = push(targets, example_lab.environ, max_fail=9, limit="hub1,spoke-a,spoke-b",
               connect_retries=0)  # fmt: skip
    errors = {name: run.results[name].error or "" for name in ("hub1", "spoke-a", "spoke-b")}
    assert errors["spoke-a"] == "unreachable: connection refused", errors
    assert errors["spoke-b"].startswith("unreachable: timed out"), errors
    assert errors["hub1"].startswith("authentication failed"), errors
    assert all("\n" not in e for e in errors.values())
