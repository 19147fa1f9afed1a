"""The base of every fleet model: frozen, and unknown keys are an error.

Examples:
    >>> class Point(Frozen):
    ...     x: int
    >>> Point(x=1).x
    1
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

__all__ = ["Frozen"]


class Frozen(BaseModel):
    """A frozen pydantic model that forbids unknown keys (a typo is an error)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
