"""inventory.load with the fleet-wide rules in a forked child (large fleets): the same
problems, in the same order, as in one process, and every secret still masked here."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from dmvpnprov.core.errors import Problem
from dmvpnprov.core.secrets import forget_resolved, mask_all
from dmvpnprov.inventory import load as load_module
from tests.support.inventories import ENV, Tree, make_inventory


def _broken(hosts: Tree, groups: Tree, defaults: Tree) -> None:
    hosts["spoke-b"]["data"]["tunnels"][0]["address"] = "10.0.0.10"  # spoke-a's: a rule
    hosts["spoke-b"]["data"]["lans"][0]["address"] = "192.168.1.1/24"  # overlaps: a site rule
    hosts["spoke-a"]["data"]["tunnels"][0]["nhs"] = ["spoke-b"]  # not a hub: a rule
    defaults["data"]["clouds"]["dmvpn1"]["holdtime"] = 0  # a value pydantic refuses
    defaults["port"] = 70000  # a transport problem


def _problems(
    folder: Path, threshold: int, monkeypatch: pytest.MonkeyPatch
) -> tuple[list[str], int]:
    """The problems of loading ``folder``, and the process that ran the rules."""
    monkeypatch.setattr(load_module, "PARALLEL_MIN_ROUTERS", threshold)
    checks, ran = load_module._checks, folder.parent / f"ran-{threshold}"

    def spy(*args: Any) -> list[Problem]:
        ran.write_text(str(os.getpid()))
        return checks(*args)

    monkeypatch.setattr(load_module, "_checks", spy)
    got = load_module.load(folder, environ=ENV)
    assert got.fleet is None
    return [str(p) for p in got.problems], int(ran.read_text())


def test_forked_rules_report_what_one_process_reports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = make_inventory(tmp_path / "inv", _broken)
    here, pid_here = _problems(folder, 10**9, monkeypatch)
    forked, pid_forked = _problems(folder, 0, monkeypatch)
    assert (pid_here, pid_forked != os.getpid()) == (os.getpid(), True)
    assert forked == here
    text = "\n".join(here)
    reasons = ("already used in cloud dmvpn1 by spoke-a", "not a hub of cloud", "overlap")
    for why in (*reasons, "holdtime", "not a TCP port"):
        assert why in text


def test_secrets_the_rules_read_are_masked_in_this_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = make_inventory(tmp_path / "inv")
    forget_resolved()
    monkeypatch.setattr(load_module, "PARALLEL_MIN_ROUTERS", 0)
    parent = os.getpid()
    assert load_module.load(folder, environ=ENV).fleet is not None
    assert os.getpid() == parent
    nhrp = ENV["DMVPN_NHRP_AUTH"]
    assert nhrp not in mask_all(f"ip nhrp key {nhrp} was read")
