"""inventory.load with the fleet-wide rules in a forked child (large fleets): the same
problems, in the same order, as in one process, and every secret still masked here.

Forking needs a process running one thread (the test session runs the lab's threads
once a lab test has run): the loads run in a fresh interpreter."""

from __future__ import annotations

import json
from pathlib import Path

from tests.support.inventories import Tree, make_inventory
from tests.support.processes import python_output

_LOAD = """
import json, os, sys
from pathlib import Path
from dmvpnprov.core.errors import Problem
from dmvpnprov.core.secrets import forget_resolved, mask_all
from dmvpnprov.inventory import load as load_module
from tests.support.inventories import ENV

folder, threshold = Path(sys.argv[1]), int(sys.argv[2])
load_module.PARALLEL_MIN_ROUTERS = threshold
checks, parent = load_module._checks, os.getpid()
MARK = Problem("(spy)", None, None, "the rules ran in a child process")

def spy(*args):  # what the child does comes back only as problems: so does this mark
    return checks(*args) + ([] if os.getpid() == parent else [MARK])

load_module._checks = spy
forget_resolved()
got = load_module.load(folder, environ=ENV)
problems = [str(p) for p in got.problems if p != MARK]
nhrp = ENV["DMVPN_NHRP_AUTH"]
print(json.dumps({
    "problems": problems,
    "forked": MARK in got.problems,
    "masked": nhrp not in mask_all(f"ip nhrp authentication {nhrp}"),
}))
"""


def _load(folder: Path, threshold: int) -> dict[str, object]:
    out: dict[str, object] = json.loads(
        python_output(_LOAD, str(folder), str(threshold), hashseed="1")
    )
    return out


def _broken(hosts: Tree, groups: Tree, defaults: Tree) -> None:
    hosts["spoke-b"]["data"]["tunnels"][0]["address"] = "10.0.0.10"  # spoke-a's: a rule
    hosts["spoke-b"]["data"]["lans"][0]["address"] = "192.168.1.1/24"  # overlaps: a site rule
    hosts["spoke-a"]["data"]["tunnels"][0]["nhs"] = ["spoke-b"]  # not a hub: a rule
    defaults["data"]["clouds"]["dmvpn1"]["holdtime"] = 0  # a value pydantic refuses
    defaults["port"] = 70000  # a transport problem


def test_forked_rules_report_what_one_process_reports(tmp_path: Path) -> None:
    folder = make_inventory(tmp_path / "inv", _broken)
    here, forked = _load(folder, 10**9), _load(folder, 0)
    assert (here["forked"], forked["forked"]) == (False, True)
    assert forked["problems"] == here["problems"]
    text = "\n".join(map(str, here["problems"]))  # type: ignore[call-overload]
    reasons = ("already used in cloud dmvpn1 by spoke-a", "not a hub of cloud", "overlap")
    for why in (*reasons, "holdtime", "not a TCP port"):
        assert why in text


def test_secrets_the_rules_read_are_masked_in_this_process(tmp_path: Path) -> None:
    got = _load(make_inventory(tmp_path / "inv"), 0)
    assert got == {"problems": [], "forked": True, "masked": True}
