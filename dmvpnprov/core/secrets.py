"""Secrets: resolve references from the environment, and mask them in every output.

netutils' ``sanitize_config`` masks only two ``username ... password`` forms; a DMVPN
config carries more. :func:`mask_config` is the one masking pass for all of them, in
every type (clear, 5, 6, 7, 8, 9): ``crypto isakmp key``, IKEv2 and ISAKMP-keyring
``pre-shared-key``, ``ip nhrp authentication``, ``username ... password|secret``,
``enable password|secret``, BGP ``neighbor ... password``, OSPF ``authentication-key``
and ``message-digest-key``, key-chain ``key-string``, SNMP communities,
``tacacs-server``/``radius-server`` keys and the ``key 7 ...`` lines of server blocks.
:func:`mask_text` masks known secret values wherever they appear; :class:`MaskingFilter`
does both on every log record.

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

import logging
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from dmvpnprov.core.models import SecretRef

__all__ = [
    "MASK",
    "SUBSTRING_MIN",
    "MaskingFilter",
    "MissingSecretError",
    "SecretStore",
    "forget_resolved",
    "install_log_masking",
    "mask_all",
    "mask_config",
    "mask_text",
]

MASK = "********"
SUBSTRING_MIN = 6  # shorter secrets are masked as whole tokens only (see mask_text)

# (keyword, regex). Each pattern keeps the command and masks the value only; a pattern
# runs only on text holding its keyword (lowercase), so a config without, say, SNMP
# communities costs no SNMP scan (render masks 10,000 configs in its benchmark).
_TYPE = r"(?:[0-9] )?"  # an encryption type before the value: 0 clear, 5/6/7/8/9
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (keyword, re.compile(p, re.IGNORECASE | re.MULTILINE))
    for keyword, p in (
        ("isakmp key", rf"^(\s*crypto isakmp key {_TYPE})(\S+)"),
        ("pre-shared-key", rf"^(\s*pre-shared-key (?!address )(?:local |remote )?{_TYPE})(\S+)"),
        ("pre-shared-key", rf"^(\s*pre-shared-key address \S+(?: \S+)? key {_TYPE})(\S+)"),
        ("nhrp authentication", rf"^(\s*ip nhrp authentication {_TYPE})(\S+)"),
        (
            "enable",
            r"^(\s*enable (?:algorithm-type \S+ )?(?:secret|password) (?:level \d+ )?"
            rf"{_TYPE})(\S+)",
        ),
        (
            "username",
            r"^(\s*username \S+(?: privilege \d+| view \S+| algorithm-type \S+)*"
            rf" (?:password|secret) {_TYPE})(\S+)",
        ),
        ("password", rf"^(\s*password {_TYPE})(\S+)"),
        ("password", rf"^(\s*neighbor \S+ password {_TYPE})(\S+)"),
        ("authentication-key", rf"^(\s*(?:ip ospf |area .*)authentication-key {_TYPE})(\S+)"),
        ("authentication-key", r"^(\s*ntp authentication-key \d+ md5 )(\S+)"),
        ("message-digest-key", rf"(message-digest-key \d+ md5 {_TYPE})(\S+)"),
        ("snmp-server community", r"^(\s*snmp-server community )(\S+)"),
        (
            "snmp-server host",
            r"^(\s*snmp-server host \S+ (?:informs |traps )?(?:version (?:1|2c) )?)"
            r"(?!version )(\S+)",
        ),
        ("key-string", rf"^(\s*key-string {_TYPE})(\S+)"),
        ("server key", rf"^(\s*(?:tacacs|radius)-server key {_TYPE})(\S+)"),
        ("server host", rf"^(\s*(?:tacacs|radius)-server host \S+ .*?\bkey {_TYPE})(\S+)"),
        ("key", r"^(\s+(?:server-)?key (?:[0-9] )?)(?!\d+\s*$)(\S+)\s*$"),
        ("chap password", rf"^(\s*ppp chap password {_TYPE})(\S+)"),
    )
)

# For free text (logs, errors): a config line may follow a "prefix: " on its line.
_LOOSE: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (keyword, re.compile(r"(?:^|(?<=: ))" + pattern.pattern[1:], pattern.flags))
    for keyword, pattern in _PATTERNS
    if pattern.pattern.startswith("^")
)

# Every secret value resolved in this process, masked in log records by MaskingFilter.
_RESOLVED: set[str] = set()


class MissingSecretError(LookupError):
    """A secret's environment variable is not set. ``variable`` names it."""

    def __init__(self, variable: str) -> None:
        super().__init__(f"environment variable {variable} is not set")
        self.variable = variable


@dataclass
class SecretStore:
    """Resolves :class:`SecretRef` values and remembers them for masking.

    ``environ`` defaults to ``os.environ``; tests and the demo pass their own mapping.
    With ``placeholders``, an unset variable stands as :data:`MASK` (a masked render, an
    offline audit that cannot compare that secret) and is listed in :attr:`skipped`.

    Examples:
        >>> store = SecretStore({}, placeholders=True)
        >>> store.get(SecretRef(env="DMVPN_PSK")), sorted(store.skipped)
        ('********', ['DMVPN_PSK'])
    """

    environ: Mapping[str, str] | None = None
    placeholders: bool = False

    def __post_init__(self) -> None:
        self._seen: set[str] = set()
        self.skipped: set[str] = set()

    def get(self, ref: SecretRef) -> str:
        """The secret's value; :class:`MissingSecretError` when the variable is unset
        (:data:`MASK` with ``placeholders``)."""
        env = os.environ if self.environ is None else self.environ
        value = env.get(ref.env)
        if (value is None or value == "") and self.placeholders:
            self.skipped.add(ref.env)
            return MASK
        if value is None or value == "":
            raise MissingSecretError(ref.env)
        self._seen.add(value)
        _RESOLVED.add(value)
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
    return _mask_with(_PATTERNS, text)


def _mask_with(patterns: tuple[tuple[str, re.Pattern[str]], ...], text: str) -> str:
    lowered = text.lower()
    for keyword, pattern in patterns:
        if keyword in lowered:
            text = pattern.sub(lambda m: m.group(1) + MASK, text)
    return text


def forget_resolved() -> None:
    """Start a command afresh: no secret value resolved yet (one command, one set).

    The console script runs one command per process; this keeps a command run in-process
    after another (tests, the demo's steps) from masking the first one's values.
    """
    _RESOLVED.clear()


def mask_all(text: str) -> str:
    """Mask config secrets and every secret value resolved in this process (errors,
    log records: anything that may quote a config or a value).

    Examples:
        >>> mask_all(" neighbor 10.0.0.1 password 7 0822455D0A16")
        ' neighbor 10.0.0.1 password 7 ********'
    """
    return mask_text(_mask_with(_LOOSE, mask_config(text)), _RESOLVED)


class MaskingFilter(logging.Filter):
    """Masks secrets in every record a handler emits (dmvpnprov's and third-party
    loggers' alike: paramiko, netmiko and Nornir log whole sessions at debug level)."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite ``record`` with secrets masked; never drops a record."""
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            message = str(record.msg)
        record.msg, record.args = mask_all(message), None
        if record.exc_info:
            text = logging.Formatter().formatException(record.exc_info)
            record.exc_text, record.exc_info = mask_all(text), None
        elif record.exc_text:
            record.exc_text = mask_all(record.exc_text)
        return True


def install_log_masking(logger: logging.Logger | None = None) -> None:
    """Add a :class:`MaskingFilter` to every handler of ``logger`` (default: root)."""
    for handler in (logger or logging.getLogger()).handlers:
        if not any(isinstance(f, MaskingFilter) for f in handler.filters):
            handler.addFilter(MaskingFilter())


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
