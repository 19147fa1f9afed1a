"""``dmvpnprov merge REPORT.json...``: shard reports of one audit (or verify) as one report.

Each CI runner audits one shard (``audit --shard K/N --format json -o shardK.json``);
this command joins them and re-runs the cloud-wide rules on the facts of every router,
so the result is the report one unsharded run writes, in any format. Exit codes as
``audit``: 0 compliant, 1 not, 2 bad input or a router that could not be read.
Shards of ``verify --shard K/N --format json`` merge into the unsharded verdict
(:mod:`dmvpnprov.commands.verify_shard`); exit codes as ``verify``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from itertools import chain
from pathlib import Path
from typing import Any

from dmvpnprov.audit.shardfacts import merge
from dmvpnprov.commands.audit import exit_code
from dmvpnprov.commands.exitcodes import ExitCode
from dmvpnprov.commands.verify_shard import is_verify_shard, merge_verdicts
from dmvpnprov.core.errors import UserError
from dmvpnprov.core.gcpause import gc_paused

__all__ = ["merge_command", "read_shard"]


def read_shard(path: Path) -> dict[str, Any]:
    """A shard report's JSON document; :class:`UserError` when unreadable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UserError(f"{path}: cannot read: {exc.strerror}") from None
    except ValueError as exc:
        raise UserError(f"{path}: not a JSON report: {exc}") from None
    if not isinstance(data, dict) or "summary" not in data:
        raise UserError(f"{path}: not an audit report")
    if "hosts" not in data and not is_verify_shard(data):
        raise UserError(f"{path}: not an audit report")
    return data


def merge_command(
    reports: Sequence[Path],
    *,
    output_format: str | None = None,
    output: Path | Sequence[Path] | None = None,
    show_all: bool = False,
) -> int:
    """Merge shard reports and write the result as ``audit`` would; the exit code."""
    from dmvpnprov.reporting.audit_output import emit  # noqa: PLC0415

    if not reports:
        raise UserError("no shard reports given")
    with gc_paused():
        first = read_shard(reports[0])
        if is_verify_shard(first):
            docs = [first, *(read_shard(p) for p in reports[1:])]
            return _merge_verify(docs, reports, output_format, output)
        # audit shards are read one at a time: one 25,000-router report in memory at once
        rest = (_audit_shard(p, reports[0]) for p in reports[1:])
        try:
            report = merge(chain([first], rest), [str(p) for p in reports])
        except (KeyError, TypeError, ValueError) as exc:
            raise UserError(f"a shard report is malformed ({exc})") from None
        emit(report, output_format, output, show_all)
    return exit_code(report)


def _audit_shard(path: Path, first: Path) -> dict[str, Any]:
    doc = read_shard(path)
    if is_verify_shard(doc):
        msg = f"{first} is not a verify shard report, {path} is: merge one command's shards"
        raise UserError(msg)
    return doc


def _merge_verify(
    docs: Sequence[dict[str, Any]],
    reports: Sequence[Path],
    output_format: str | None,
    output: Path | Sequence[Path] | None,
) -> int:
    from dmvpnprov.reporting.verify import emit  # noqa: PLC0415

    try:
        result = merge_verdicts(docs, [str(p) for p in reports])
    except (KeyError, TypeError, ValueError) as exc:
        raise UserError(f"a verify shard report is malformed ({exc})") from None
    outputs: list[Path | None] = [output] if isinstance(output, Path) else list(output or [])
    for path in outputs or [None]:
        emit(result, output_format, path)
    return ExitCode.OK if result["summary"]["works"] else ExitCode.FAIL
