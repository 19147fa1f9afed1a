"""``dmvpnprov verify --lab`` / ``--live``: the model's verdict on the routers' running
configs, plus what the routers themselves show.

Read-only, through Nornir: each router's ``show running-config`` feeds the control-plane
model (same report and exit codes as the offline ``verify``); then each router's show
commands (``show dmvpn``, ``show ip nhrp nhs``, ``show crypto isakmp sa``, neighbours,
routes: :func:`dmvpnprov.push.verify_live.observe`) are compared with what the model
expects from those configs. Each difference is one line (``spoke-b: not registered with
10.0.0.1: IKE phase 1 to 130.25.13.1 fails``); any difference, or a router that could
not be read, makes the verdict "does NOT work" (exit 1).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from nornir.core.task import Result, Task

from dmvpnprov.commands.exitcodes import ExitCode
from dmvpnprov.commands.labtargets import lab_targets
from dmvpnprov.commands.model import cloud_names, run_model
from dmvpnprov.core.configtree import strip_show_run
from dmvpnprov.dmvpn.network import compute
from dmvpnprov.dmvpn.underlay import fleet_releases, underlay_from_fleet
from dmvpnprov.dmvpn.verdict import verdict
from dmvpnprov.inventory.load import load_fleet, select_routers
from dmvpnprov.push.results import describe_error
from dmvpnprov.push.verify_live import Expectation, expectations, missing, observe
from dmvpnprov.transport.connections import (
    LabTargetLike,
    build_nornir,
    close_nornir,
    fetch_running,
)
from dmvpnprov.transport.credentials import Credentials
from dmvpnprov.transport.hostkeys import known_hosts_file

__all__ = ["verify_live_command", "verify_live_fleet"]

log = logging.getLogger(__name__)


def _observe(task: Task, expected: Mapping[str, Expectation]) -> Result:
    """One router's show commands, parsed, and the first thing not as expected."""
    conn = task.host.get_connection("netmiko", task.nornir.config)
    if not conn.check_enable_mode():
        conn.enable()
    wanted = expected.get(task.host.name)
    if wanted is None:
        return Result(host=task.host, result=None)
    seen = observe(conn, wanted)
    return Result(host=task.host, result={"seen": seen, "missing": missing(wanted, seen)})


def verify_live_fleet(
    inventory: Path,
    *,
    targets: Mapping[str, LabTargetLike] | None,
    limit: str | None = None,
    environ: Mapping[str, str] | None = None,
    known_hosts: Path | None = None,
    accept_new_host_keys: bool = False,
) -> dict[str, Any]:
    """The verdict on the running configs, with ``live`` evidence and ``differences``.

    Real routers' SSH keys are checked against ``known_hosts`` (default: ``known_hosts``
    beside the inventory), as push does: the login password is sent.
    """
    fleet = load_fleet(inventory, environ)
    chosen = {r.name for r in select_routers(fleet, limit)}
    creds = Credentials(environ=environ)
    nr = build_nornir(
        inventory, targets=targets, log_file=None, environ=environ, credentials=creds,
        known_hosts=known_hosts_file(inventory, known_hosts, lab=targets is not None),
        accept_new_host_keys=accept_new_host_keys,
    )  # fmt: skip
    try:
        texts = fetch_running(nr)
        configs = {n: strip_show_run(t) for n, t in texts.items() if isinstance(t, str)}
        differences = [
            f"{n}: not read: {creds.mask(describe_error(t))}"
            for n, t in sorted(texts.items())
            if isinstance(t, Exception)
        ]
        result = verdict(run_model(fleet, configs=configs), cloud_names(fleet))
        network = compute(configs, underlay_from_fleet(fleet), releases=fleet_releases(fleet))
        expected = expectations(network)
        observed = nr.filter(filter_func=lambda h: h.name in configs).run(
            task=_observe, expected=expected, on_failed=True
        )
    finally:
        close_nornir(nr)
    live: dict[str, Any] = {}
    for name, multi in sorted(observed.items()):
        if multi.failed:
            exc = multi[0].exception or RuntimeError(str(multi[0].result))
            differences.append(f"{name}: show commands failed: {describe_error(exc)}")
            continue
        live[name] = multi[0].result
        if multi[0].result and multi[0].result["missing"]:
            differences.append(f"{name}: {multi[0].result['missing']}")
    if limit:
        result["problems"] = [p for p in result["problems"] if chosen & set(p["routers"])]
        differences = [d for d in differences if d.split(":")[0] in chosen]
    result["live"] = live
    result["differences"] = differences
    result["summary"]["problems"] = len(result["problems"])
    result["summary"]["differences"] = len(differences)
    result["summary"]["works"] = not result["problems"] and not differences
    log.info(
        "verify --live %s: %d problems, %d differences",
        inventory,
        len(result["problems"]),
        len(differences),
    )
    return result


def verify_live_command(
    inventory: Path,
    *,
    lab: bool,
    lab_dir: Path | None = None,
    limit: str | None = None,
    output_format: str | None = None,
    output: Path | None = None,
    targets: Mapping[str, LabTargetLike] | None = None,
    environ: Mapping[str, str] | None = None,
    known_hosts: Path | None = None,
    accept_new_host_keys: bool = False,
) -> int:
    """``verify --lab`` / ``--live``: exit 0 works, 1 not (or routers differ), 2 bad input."""
    from dmvpnprov.reporting.verify import emit  # noqa: PLC0415

    chosen = targets if targets is not None else lab_targets(lab, lab_dir)
    result = verify_live_fleet(
        inventory, targets=chosen, limit=limit, environ=environ, known_hosts=known_hosts,
        accept_new_host_keys=accept_new_host_keys,
    )  # fmt: skip
    emit(result, output_format, output)
    if output is None and (output_format or "table") == "table":
        if result["differences"]:
            sys.stdout.write("\nWhat the routers show, against what the model expects:\n")
            sys.stdout.writelines(f"  {d}\n" for d in result["differences"])
        else:
            sys.stdout.write(f"\nThe {len(result['live'])} routers show what the model expects.\n")
    return ExitCode.OK if result["summary"]["works"] else ExitCode.FAIL
