"""The terminal's logging for every command: ``-v`` levels, secrets masked, one line each.

Without ``-v`` only warnings and errors of dmvpnprov itself reach stderr; ``-v`` adds
its progress (a line per router step); ``-vv`` adds DEBUG and the records (and
tracebacks) of Nornir, netmiko and paramiko. Every record is masked first
(:mod:`dmvpnprov.transport.masked_log`).
"""

from __future__ import annotations

import logging

from dmvpnprov.transport.masked_log import stderr_filter

__all__ = ["configure_logging"]


def configure_logging(verbose: int) -> None:
    """Send log records to stderr at the level ``-v`` x ``verbose`` asks for."""
    level = logging.WARNING - 10 * min(verbose, 2)
    handler = logging.StreamHandler()
    handler.setLevel(level)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    handler.addFilter(stderr_filter(verbose))
    logging.basicConfig(level=level, handlers=[handler])
