"""Logs without secrets: the push log file, and what reaches the terminal.

Nornir's own logging writes ``./nornir.log`` and warns beside the CLI's handlers, so
dmvpnprov disables it and attaches this handler instead: a file readable by its owner
only, with a filter that masks IOS secret lines, every resolved secret value, and
tracebacks. It records dmvpnprov's steps per router at INFO, and Nornir, netmiko and
paramiko records (their tracebacks included) at WARNING, or DEBUG with ``-vv``.

The terminal (:func:`stderr_filter`) gets dmvpnprov's own records, one line each,
masked the same way; third-party records and tracebacks only with ``-vv`` (netmiko's
DEBUG output holds every line typed, the PSK included: masked, like everything else).
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from dmvpnprov.core.secrets import MASK, mask_config
from dmvpnprov.transport.credentials import Credentials

__all__ = ["MaskingFilter", "TerminalFilter", "attach_log", "detach_log", "stderr_filter"]


# The credentials of every run in progress: the terminal's filter masks with all of them.
_ACTIVE: list[Credentials] = []


# In a log, config lines also appear inside reprs (netmiko logs `'...password 0 x\\r\\n'`),
# never at a line start: any value after a secret-bearing keyword is masked there.
_LOGGED_SECRET = re.compile(
    r"(?i)((?:username \S+(?: privilege \d+)? (?:password|secret)|enable (?:secret|password)"
    r"(?: level \d+)?|isakmp key|pre-shared-key(?: local| remote)?|nhrp authentication"
    r"|snmp-server community|key-string|server key|chap password"
    r"|(?:^|\n|\\n|\\r|') *password)"
    r"( +(?:[0-9] +)?))([^\s\\'\"]+)"
)


def _mask(text: str, credentials: Credentials | None) -> str:
    text = _LOGGED_SECRET.sub(lambda m: m[1] + MASK, mask_config(text))
    for creds in [credentials] if credentials is not None else list(_ACTIVE):
        text = creds.mask(text)
    return text


class MaskingFilter(logging.Filter):
    """A logging filter that masks secrets in the message and any traceback.

    ``credentials`` ``None`` masks with those of every run in progress.
    """

    def __init__(self, credentials: Credentials | None = None) -> None:
        super().__init__()
        self.credentials = credentials

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite ``record`` with secrets masked; never drops a record."""
        record.msg = _mask(record.getMessage(), self.credentials)
        record.args = None
        if record.exc_info:
            text = logging.Formatter().formatException(record.exc_info)
            record.exc_text = _mask(text, self.credentials)
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = _mask(record.exc_text, self.credentials)
        return True


class TerminalFilter(MaskingFilter):
    """The terminal's filter: dmvpnprov's records only (all with ``-vv``), one line each."""

    def __init__(self, verbose: int) -> None:
        super().__init__(None)
        self.verbose = verbose

    def filter(self, record: logging.LogRecord) -> bool:
        """Drop third-party records and tracebacks below ``-vv``; mask the rest."""
        if self.verbose < 2:
            if not record.name.startswith("dmvpnprov"):
                return False
            record.exc_info = None
            record.exc_text = None
        return super().filter(record)


_LOGGERS = ("nornir", "dmvpnprov", "netmiko", "paramiko")


def stderr_filter(verbose: int) -> logging.Filter:
    """The filter of the terminal's log handler for ``-v`` given ``verbose`` times."""
    return TerminalFilter(verbose)


def attach_log(log_file: Path, creds: Credentials) -> logging.Handler:
    """Log dmvpnprov (INFO), Nornir, netmiko and paramiko records to ``log_file`` (0600).

    Secrets are masked; ``creds`` also masks what the terminal shows while attached.
    """
    log_file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    log_file.touch(mode=0o600, exist_ok=True)
    handler = logging.FileHandler(log_file, encoding="utf-8")
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s")
    )
    handler.setLevel(logging.INFO if logging.getLogger().level > logging.DEBUG else logging.DEBUG)
    handler.addFilter(MaskingFilter(creds))
    for name in _LOGGERS:
        logging.getLogger(name).addHandler(handler)
    mine = logging.getLogger("dmvpnprov")
    handler.previous = (mine.level, mine.propagate)  # type: ignore[attr-defined]
    if mine.getEffectiveLevel() > logging.INFO:
        # The log file records every router's steps at INFO; the terminal (the root's
        # handlers) still gets only what the root's level lets through.
        mine.setLevel(logging.INFO)
        mine.propagate = False
        mine.addHandler(_TO_ROOT)
    _ACTIVE.append(creds)
    return handler


class _ToRoot(logging.Handler):
    """Passes dmvpnprov's records to the root's handlers at the root's level only."""

    def emit(self, record: logging.LogRecord) -> None:
        root = logging.getLogger()
        if record.levelno < root.getEffectiveLevel():
            return
        for handler in root.handlers:
            if record.levelno >= handler.level:
                handler.handle(record)


_TO_ROOT = _ToRoot()


def detach_log(handler: logging.Handler) -> None:
    """Undo :func:`attach_log`."""
    for name in _LOGGERS:
        logging.getLogger(name).removeHandler(handler)
    for creds in [f.credentials for f in handler.filters if isinstance(f, MaskingFilter)]:
        if creds in _ACTIVE:
            _ACTIVE.remove(creds)
    mine = logging.getLogger("dmvpnprov")
    level, propagate = getattr(handler, "previous", (mine.level, mine.propagate))
    if not any(isinstance(h, logging.FileHandler) for h in mine.handlers if h is not handler):
        mine.setLevel(level)
        mine.propagate = propagate
        mine.removeHandler(_TO_ROOT)
    handler.close()
