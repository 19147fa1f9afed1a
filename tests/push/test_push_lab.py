"""push against the in-process lab with real netmiko: fresh, idempotent, drift, failures.

Pushes limited to spokes of a fresh lab (whose hub has no DMVPN yet) run without the
live DMVPN check (``verify=False``): what they test is the config path.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from dmvpnprov.lab.state.faults import Faults
from dmvpnprov.push.plan import delta, rollback_delta
from tests.support.lab import ExampleLab
from tests.support.push import Pusher, body

pytestmark = pytest.mark.lab

Intended = Callable[..., dict[str, str]]


def _configs(lab: ExampleLab) -> dict[str, str]:
    return {name: r.running_config() for name, r in lab.routers.items()}


def test_fresh_routers_get_the_intended_sections_saved_then_nothing_more(
    example_lab: ExampleLab, push: Pusher, intended: Intended, owned: Any
) -> None:
    transports = {(r.spec.transport, r.spec.ssh_profile) for r in example_lab.routers.values()}
    assert any(t == "telnet" for t, _ in transports)
    assert any(t == "ssh" and p == "legacy" for t, p in transports)  # IOS 12.x SSH
    want = intended(example_lab.environ)

    first = push(example_lab.targets, example_lab.environ)
    assert first.applied
    for name, router in example_lab.routers.items():
        result = first.results[name]
        assert result.ok, result.error
        assert result.changed_lines > 0 and result.saved and result.verified
        running = router.running_config()
        assert delta(running, want[name], owned(name), release=router.spec.ios_release) == []
        assert body(router.startup_config()) == body(running)
        assert result.backup is not None and Path(result.backup).is_file()

    # An unmanaged, unsaved change: a second push must neither touch nor save it.
    example_lab.routers["spoke-a"].configure(["snmp-server location moved"])
    second = push(example_lab.targets, example_lab.environ)
    assert not second.applied
    for name, result in second.results.items():
        assert result.ok and result.changed_lines == 0 and not result.saved, name
    spoke_a = example_lab.routers["spoke-a"]
    assert "snmp-server location moved" in spoke_a.running_config()
    assert "snmp-server location moved" not in spoke_a.startup_config()


def test_drift_gets_exactly_the_drifted_lines_fixed(
    example_lab: ExampleLab, push: Pusher, intended: Intended, owned: Any
) -> None:
    push(example_lab.targets, example_lab.environ, limit="spoke-a", verify=False)
    spoke = example_lab.routers["spoke-a"]
    spoke.configure(
        [
            "interface Tunnel0",
            " ip nhrp network-id 98",
            " ip nhrp map 10.0.0.99 198.51.100.9",
            "snmp-server location drifted",
        ]
    )
    run = push(example_lab.targets, example_lab.environ, limit="spoke-a", verify=False)
    result = run.results["spoke-a"]
    assert result.ok, result.error
    assert sorted(line.strip() for line in result.lines) == [
        "interface Tunnel0",
        "ip nhrp network-id 99",
        "no ip nhrp map 10.0.0.99 198.51.100.9",
    ]
    running = spoke.running_config()
    assert delta(running, intended(example_lab.environ)["spoke-a"], owned("spoke-a")) == []
    assert "snmp-server location drifted" in running  # unmanaged: untouched
    assert body(spoke.startup_config()) == body(running)


def _unchanged_since_backup(lab: ExampleLab, name: str, backup: str | None, want: str) -> None:
    assert backup is not None
    saved = Path(backup).read_text(encoding="utf-8")
    router = lab.routers[name]
    assert rollback_delta(router.running_config(), saved, want, ()) == []
    assert body(router.startup_config()) == body(saved)  # nothing saved


def test_rejected_line_rolls_back_that_router_only(
    example_lab: ExampleLab, push: Pusher, intended: Intended
) -> None:
    # spoke-b's release "lacks" a line in the middle of the delta: earlier lines landed.
    example_lab.routers["spoke-b"].faults = Faults(reject_command="tunnel key 100000")
    run = push(
        example_lab.targets,
        example_lab.environ,
        max_fail=5,
        limit="hub1,spoke-a,spoke-b",
        verify=False,
    )
    bad = run.results["spoke-b"]
    assert not bad.ok and bad.rolled_back and not bad.saved and not bad.verified
    assert bad.error is not None
    assert "tunnel key 100000" in bad.error and "% Invalid input" in bad.error
    _unchanged_since_backup(
        example_lab, "spoke-b", bad.backup, intended(example_lab.environ)["spoke-b"]
    )
    for name in ("hub1", "spoke-a"):
        assert run.results[name].ok and run.results[name].saved, run.results[name].error


def test_a_failed_hub_stops_the_spokes_before_they_are_touched(
    example_lab: ExampleLab, push: Pusher
) -> None:
    before = _configs(example_lab)
    example_lab.routers["hub1"].faults = Faults(reject_line_number=3)
    run = push(example_lab.targets, example_lab.environ)  # --max-fail 1 (default)
    assert run.results["hub1"].rolled_back and not run.results["hub1"].saved
    for name in ("spoke-a", "spoke-b", "spoke-c"):
        assert run.results[name].skipped and not run.results[name].ok
        assert body(example_lab.routers[name].running_config()) == body(before[name])


def test_disconnect_mid_push_is_rolled_back_over_a_new_session(
    example_lab: ExampleLab, push: Pusher, intended: Intended
) -> None:
    example_lab.routers["spoke-a"].faults = Faults(disconnect_after_config_lines=6)
    # The router drops the session silently: netmiko notices only when a line times out.
    run = push(
        example_lab.targets, example_lab.environ, limit="spoke-a", config_timeout=3, verify=False
    )
    result = run.results["spoke-a"]
    assert result.error is not None and result.error.startswith("disconnected")
    assert result.rolled_back and not result.saved
    _unchanged_since_backup(
        example_lab, "spoke-a", result.backup, intended(example_lab.environ)["spoke-a"]
    )


def test_failing_write_memory_is_reported_rolled_back_and_not_saved(
    example_lab: ExampleLab, push: Pusher, intended: Intended
) -> None:
    example_lab.routers["spoke-b"].faults = Faults(write_fails=True)
    run = push(example_lab.targets, example_lab.environ, limit="spoke-b", verify=False)
    result = run.results["spoke-b"]
    assert result.error is not None and result.error.startswith("write memory failed")
    assert result.rolled_back and not result.saved
    _unchanged_since_backup(
        example_lab, "spoke-b", result.backup, intended(example_lab.environ)["spoke-b"]
    )


def test_slow_write_memory_is_waited_for(example_lab: ExampleLab, push: Pusher) -> None:
    example_lab.routers["spoke-b"].faults = Faults(write_delay=2.5)
    run = push(example_lab.targets, example_lab.environ, limit="spoke-b", verify=False)
    assert run.results["spoke-b"].ok and run.results["spoke-b"].saved


def test_authentication_failure_touches_nothing(example_lab: ExampleLab, push: Pusher) -> None:
    example_lab.routers["spoke-a"].faults = Faults(auth_failure=True)
    run = push(
        example_lab.targets, example_lab.environ, max_fail=5, limit="spoke-a,spoke-b", verify=False
    )
    result = run.results["spoke-a"]
    assert result.error is not None and result.error.startswith("authentication failed")
    assert result.backup is None and not result.saved and not result.rolled_back
    assert run.results["spoke-b"].ok  # the others go on


def test_unreachable_port_is_reported_and_counts_as_a_failure(
    example_lab: ExampleLab, push: Pusher
) -> None:
    import socket  # noqa: PLC0415

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    targets = dict(example_lab.targets)
    old = targets["spoke-a"]
    targets["spoke-a"] = type(old)("127.0.0.1", closed, old.device_type)
    before = example_lab.routers["spoke-b"].running_config()
    run = push(targets, example_lab.environ, limit="spoke-a,spoke-b", verify=False)  # --max-fail 1
    result = run.results["spoke-a"]
    assert result.error is not None and result.error.startswith("unreachable")
    assert result.backup is None
    assert run.results["spoke-b"].skipped  # the threshold was reached before it started
    assert body(example_lab.routers["spoke-b"].running_config()) == body(before)


def test_confirm_timer_is_armed_and_cancelled(example_lab: ExampleLab, push: Pusher) -> None:
    hub = example_lab.routers["hub1"]  # 15.2(4)M3 with an archive: revert timer
    hub.configure(["archive", " path flash:dmvpn-"])
    # unsaved: `reload in` asks "Save? [yes/no]" and push answers no
    example_lab.routers["spoke-a"].configure(["snmp-server location unsaved"])
    run = push(example_lab.targets, example_lab.environ, confirm_timer=5, max_fail=5)
    for name, result in run.results.items():
        assert result.ok and result.saved, (name, result.error)
    for router in example_lab.routers.values():
        assert router.state.reload_at is None and router.state.revert is None


def test_a_rejected_secret_line_is_reported_masked(example_lab: ExampleLab, push: Pusher) -> None:
    psk = example_lab.environ["DMVPN_PSK"]
    line = f"crypto isakmp key {psk} address 0.0.0.0"
    example_lab.routers["spoke-a"].faults = Faults(reject_command=line)
    run = push(example_lab.targets, example_lab.environ, limit="spoke-a", verify=False)
    result = run.results["spoke-a"]
    assert result.error is not None and "crypto isakmp key ******** address" in result.error
    assert psk not in result.error and psk not in " ".join(result.lines)
    assert result.rolled_back
