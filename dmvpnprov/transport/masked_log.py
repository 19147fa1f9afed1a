"""A log file for a push: Nornir, netmiko and dmvpnprov records, every secret masked.

Nornir's own logging writes ``./nornir.log`` and warns beside the CLI's handlers, so
dmvpnprov disables it and attaches this handler instead: a file readable by its owner
only, with a filter that masks IOS secret lines, every resolved secret value, and
tracebacks.
"""

from __future__ import annotations

import logging
from pathlib import Path

from dmvpnprov.transport.credentials import Credentials

__all__ = ["MaskingFilter", "attach_log", "detach_log"]


class MaskingFilter(logging.Filter):
    """A logging filter that masks secrets in the message and any traceback."""

    def __init__(self, credentials: Credentials) -> None:
        super().__init__()
        self.credentials = credentials

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite ``record`` with secrets masked; never drops a record."""
        record.msg = self.credentials.mask(record.getMessage())
        record.args = None
        if record.exc_info:
            text = logging.Formatter().formatException(record.exc_info)
            record.exc_text = self.credentials.mask(text)
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = self.credentials.mask(record.exc_text)
        return True


_LOGGERS = ("nornir", "dmvpnprov", "netmiko")


def attach_log(log_file: Path, creds: Credentials) -> logging.Handler:
    """Log Nornir, netmiko and dmvpnprov records to ``log_file`` (0600), secrets masked."""
    log_file.parent.mkdir(parents=True, exist_ok=True)
    log_file.touch(mode=0o600, exist_ok=True)
    handler = logging.FileHandler(log_file, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(MaskingFilter(creds))
    for name in _LOGGERS:
        logging.getLogger(name).addHandler(handler)
    return handler


def detach_log(handler: logging.Handler) -> None:
    """Undo :func:`attach_log`."""
    for name in _LOGGERS:
        logging.getLogger(name).removeHandler(handler)
    handler.close()
