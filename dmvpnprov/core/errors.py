"""Errors a user can cause, and how they are reported: never as a traceback.

A :class:`UserError` is bad input or bad usage: the CLI prints its message and exits 2.
:class:`InputProblems` carries every problem found at once, each with file, host and
field, so a user fixes the inventory in one pass.

Examples:
    >>> p = Problem("inventory/hosts.yaml", "spoke-a", "tunnels[0].address", "outside 10.0.0.0/24")
    >>> str(p)
    'inventory/hosts.yaml: host spoke-a: tunnels[0].address: outside 10.0.0.0/24'
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["InputProblems", "Problem", "UserError"]


class UserError(Exception):
    """Bad input or usage. The message is for the user; the CLI exits 2."""


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in the input: where (file, host, field) and why."""

    file: str
    host: str | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.host:
            where.append(f"host {self.host}")
        if self.field:
            where.append(self.field)
        return ": ".join([*where, self.message])


class InputProblems(UserError):
    """Every problem found in the input at once."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        count = len(self.problems)
        lines = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in the input:\n{lines}")
