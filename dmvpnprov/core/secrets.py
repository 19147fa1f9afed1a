"""Secrets: resolve references from the environment, and mask them in every output.

netutils' ``sanitize_config`` masks only two ``username ... password`` forms; a DMVPN
config carries more: ``crypto isakmp key``, ``pre-shared-key`` in IKEv2 keyrings,
``ip nhrp authentication``, ``enable secret``, SNMP communities. :func:`mask_config`
covers those by pattern and, on top, any known secret value wherever it appears.

Examples:
    >>> print(mask_config("crypto isakmp key cisco47 address 0.0.0.0"))
    crypto isakmp key ******** address 0.0.0.0
    >>> print(mask_config(" pre-shared-key address 0.0.0.0 0.0.0.0 key cisco47"))
     pre-shared-key address 0.0.0.0 0.0.0.0 key ********
    >>> print(mask_config(" ip nhrp authentication donttell"))
     ip nhrp authentication ********
    >>> print(mask_text("login failed for s3cr3t!", ["s3cr3t!"]))
    login failed for ********
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from dmvpnprov.core.models import SecretRef

__all__ = ["MASK", "SUBSTRING_MIN", "MissingSecretError", "SecretStore", "mask_config", "mask_text"]

MASK = "********"
SUBSTRING_MIN = 6  # shorter secrets are masked as whole tokens only (see mask_text)

# (keyword, regex). Each pattern keeps the command and masks the value only; a pattern
# runs only on text holding its keyword (lowercase), so a config without, say, SNMP
# communities costs no SNMP scan (render masks 10,000 configs in its benchmark).
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (keyword, re.compile(p, re.IGNORECASE | re.MULTILINE))
    for keyword, p in (
        ("isakmp key", r"^(\s*crypto isakmp key (?:[067] )?)(\S+)"),
        (
            "pre-shared-key",
            r"^(\s*pre-shared-key (?!address\b)(?:local |remote )?(?:[067] )?)(\S+)",
        ),
        # IKEv1 keyrings (front-door VRF): pre-shared-key address A [M] key K
        ("pre-shared-key", r"^(\s*pre-shared-key address \S+(?: \S+)? key (?:[067] )?)(\S+)"),
        ("nhrp authentication", r"^(\s*ip nhrp authentication )(\S+)"),
        ("enable", r"^(\s*enable (?:secret|password) (?:level \d+ )?(?:[0-9] )?)(\S+)"),
        (
            "username",
            r"^(\s*username \S+(?: privilege \d+)? (?:password|secret) (?:[0-9] )?)(\S+)",
        ),
        ("password", r"^(\s*password (?:[0-9] )?)(\S+)"),
        ("snmp-server community", r"^(\s*snmp-server community )(\S+)"),
        ("key-string", r"^(\s*key-string (?:[0-9] )?)(\S+)"),
        ("tacacs-server key", r"^(\s*tacacs-server key (?:[0-9] )?)(\S+)"),
        ("chap password", r"^(\s*ppp chap password (?:[0-9] )?)(\S+)"),
    )
)


class MissingSecretError(LookupError):
    """A secret's environment variable is not set. ``variable`` names it."""

    def __init__(self, variable: str) -> None:
        super().__init__(f"environment variable {variable} is not set")
        self.variable = variable


@dataclass
class SecretStore:
    """Resolves :class:`SecretRef` values and remembers them for masking.

    ``environ`` defaults to ``os.environ``; tests and the demo pass their own mapping.
    """

    environ: Mapping[str, str] | None = None

    def __post_init__(self) -> None:
        self._seen: set[str] = set()

    def get(self, ref: SecretRef) -> str:
        """The secret's value; :class:`MissingSecretError` when the variable is unset."""
        env = os.environ if self.environ is None else self.environ
        value = env.get(ref.env)
        if value is None or value == "":
            raise MissingSecretError(ref.env)
        self._seen.add(value)
        return value

    def is_set(self, ref: SecretRef) -> bool:
        """True when the referenced variable is set and not empty."""
        env = os.environ if self.environ is None else self.environ
        return bool(env.get(ref.env))

    @property
    def values(self) -> frozenset[str]:
        """Every secret value resolved so far (to mask in free text)."""
        return frozenset(self._seen)

    def mask(self, text: str) -> str:
        """Mask config secrets and every value resolved so far in ``text``."""
        return mask_text(mask_config(text), self._seen)


def mask_config(text: str) -> str:
    """Replace the secret part of known IOS secret-bearing lines with :data:`MASK`."""
    lowered = text.lower()
    for keyword, pattern in _PATTERNS:
        if keyword in lowered:
            text = pattern.sub(lambda m: m.group(1) + MASK, text)
    return text


def mask_text(text: str, secrets: Iterable[str]) -> str:
    """Replace each occurrence of any of ``secrets`` in ``text`` (longest first).

    A secret of :data:`SUBSTRING_MIN` characters or more is masked wherever it appears;
    a shorter one only where it stands as a token of its own (not inside a longer word),
    so that a short key such as ``cisc`` cannot turn ``crypto`` into ``********`` soup.
    The config lines that carry secrets are masked by :func:`mask_config` in any case.

    Examples:
        >>> mask_text("key k in the kernel", ["k"])
        'key ******** in the kernel'
        >>> mask_text("pw=s3cr3tlong,", ["s3cr3tlong"])
        'pw=********,'
    """
    for value in sorted({s for s in secrets if s}, key=len, reverse=True):
        if len(value) >= SUBSTRING_MIN:
            text = text.replace(value, MASK)
        elif value in text:
            text = _token_pattern(value).sub(MASK, text)
    return text


@lru_cache(maxsize=64)
def _token_pattern(value: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![A-Za-z0-9]){re.escape(value)}(?![A-Za-z0-9])")
