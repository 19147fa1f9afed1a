"""``dmvpnprov verify`` and ``dmvpnprov trace``: the model's verdict, one packet's steps."""

from __future__ import annotations

import logging
from ipaddress import AddressValueError, IPv4Address
from pathlib import Path
from typing import Any

from dmvpnprov.commands.exitcodes import ExitCode
from dmvpnprov.commands.model import cloud_names, run_model
from dmvpnprov.commands.verify_shard import shard_verdict
from dmvpnprov.core.errors import UserError
from dmvpnprov.dmvpn.trace import TraceError, trace
from dmvpnprov.dmvpn.verdict import verdict
from dmvpnprov.inventory.load import load_fleet, select_routers
from dmvpnprov.inventory.shards import parse_shard

__all__ = ["trace_command", "verify_command", "verify_fleet"]

log = logging.getLogger(__name__)


def verify_fleet(
    inventory: Path,
    *,
    running: Path | None = None,
    limit: str | None = None,
    shard: str | None = None,
) -> dict[str, Any]:
    """The verdict of ``inventory`` (problems about the ``limit`` routers only; with
    ``shard`` K/N, about that shard's routers, the whole fleet judged: see
    :mod:`dmvpnprov.commands.verify_shard`)."""
    part = parse_shard(shard) if shard is not None else None
    fleet = load_fleet(inventory)
    chosen = {r.name for r in select_routers(fleet, limit)}
    result = verdict(run_model(fleet, running=running), cloud_names(fleet))
    if part is not None:
        order = [r.name for r in fleet.routers]
        result = shard_verdict(result, order, part, chosen if limit else None)
        log.info("verify %s shard %s: %d problems", inventory, part, len(result["problems"]))
        return result
    if limit:
        result["problems"] = [p for p in result["problems"] if chosen & set(p["routers"])]
        result["summary"]["problems"] = len(result["problems"])
        result["summary"]["works"] = not result["problems"]
    log.info("verify %s: %d problems", inventory, len(result["problems"]))
    return result


def verify_command(
    inventory: Path,
    *,
    running: Path | None = None,
    limit: str | None = None,
    shard: str | None = None,
    output_format: str | None = None,
    output: Path | None = None,
) -> int:
    """``dmvpnprov verify``: exit 0 when the DMVPN works, 1 when not, 2 on bad input
    (with ``shard``: when that shard's routers have no problem)."""
    from dmvpnprov.reporting.verify import emit  # noqa: PLC0415

    result = verify_fleet(inventory, running=running, limit=limit, shard=shard)
    emit(result, output_format, output)
    return ExitCode.OK if result["summary"]["works"] else ExitCode.FAIL


def trace_command(
    inventory: Path, source: str, destination: str, *, running: Path | None = None
) -> int:
    """``dmvpnprov trace``: the deck's steps for one packet (exit 1 when it does not arrive)."""
    from dmvpnprov.reporting.verify import show_trace  # noqa: PLC0415

    try:
        dst = IPv4Address(destination)
    except AddressValueError:
        raise UserError(f"{destination}: not an IPv4 address") from None
    fleet = load_fleet(inventory)
    if source not in {r.name for r in fleet.routers}:
        raise UserError(f"{source}: no such host in {inventory}")
    target = next(
        (r.name for r in fleet.routers for lan in r.lans if dst in lan.address.network), None
    )
    analysis = run_model(fleet, running=running, include=[source, *([target] if target else [])])
    try:
        result = trace(analysis, source, dst)
    except TraceError as exc:
        raise UserError(str(exc)) from None
    show_trace(list(result.steps))
    return ExitCode.OK if result.arrives else ExitCode.FAIL
