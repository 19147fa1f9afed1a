"""Counts in words, as a person writes them: ``1 problem``, ``2 problems``.

Examples:
    >>> count(1, "problem"), count(3, "problem"), count(2, "LAN pair")
    ('1 problem', '3 problems', '2 LAN pairs')
    >>> count(1_000, "router")
    '1,000 routers'
"""

from __future__ import annotations

__all__ = ["count"]


def count(n: int, noun: str, plural: str | None = None) -> str:
    """``n`` and ``noun``, in the plural unless ``n`` is 1 (``plural`` when not just +s)."""
    word = noun if n == 1 else (plural or f"{noun}s")
    return f"{n:,} {word}"
