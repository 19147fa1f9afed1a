"""Secrets by identity: which secret a key comes from, never its value.

A key or NHRP string is kept as a digest; two compare equal when they come from the same
secret. IOS's type 7 encoding is public and reversible: it is decoded first. A type 6
string (AES under the router's own master key) cannot be compared and matches any key.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

__all__ = ["Secret"]

_XLAT = "dsfd;kfoA,.iyewrkldJKDHSUBsgvca69834ncxv9873254k;fg87"


def _type7(text: str) -> str | None:
    """The clear text of an IOS type 7 string (a public, reversible encoding)."""
    try:
        seed = int(text[:2])
        pairs = [int(text[i : i + 2], 16) for i in range(2, len(text), 2)]
    except ValueError:
        return None
    return "".join(chr(b ^ ord(_XLAT[(seed + j) % len(_XLAT)])) for j, b in enumerate(pairs))


@dataclass(frozen=True)
class Secret:
    """A secret by identity: a digest of its value (or of its substitution token).

    A type 6 (AES, router-specific master key) secret cannot be compared: it is
    ``opaque`` and matches any key. Type 7 is decoded first, then compared.

    Examples:
        >>> Secret.of("cisco", "7") == Secret.of("cisco")  # not type 7 text: kept as is
        True
        >>> Secret.of("094F471A1A0A", "7") == Secret.of("cisco")
        True
    """

    digest: str
    opaque: bool = False

    @classmethod
    def of(cls, value: str, kind: str | None = None) -> Secret:
        """The identity of ``value`` stored as type ``kind`` (0, 6, 7 or none)."""
        if kind == "6":
            return cls("", True)
        if kind == "7":
            value = _type7(value) or value
        return cls(hashlib.sha256(value.encode()).hexdigest()[:20])

    def same(self, other: Secret | None) -> bool:
        """True when both come from the same secret (or either cannot be read)."""
        if other is None:
            return False
        return self.opaque or other.opaque or self.digest == other.digest

    def __repr__(self) -> str:
        return "Secret(********)"

    __str__ = __repr__
