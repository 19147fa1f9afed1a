"""The exit codes of every ``dmvpnprov`` command, in one place.

Examples:
    >>> int(ExitCode.FAIL), ExitCode(2).name
    (1, 'INPUT')
"""

from __future__ import annotations

from enum import IntEnum

__all__ = ["ExitCode"]


class ExitCode(IntEnum):
    """0 success / compliant / works; 1 drift, findings, failed hosts, does not work; 2 bad
    input, bad usage or nothing could be done; 130 interrupted (as shells report SIGINT)."""

    OK = 0
    FAIL = 1
    INPUT = 2
    INTERRUPTED = 130
