"""``tclsh`` as far as clients use it: writing a file to flash with ``puts [open ...]``.

netmiko's ``InLineTransfer`` (NAPALM's ``inline_transfer``) types
``puts [open "flash:name" w+] {`` followed by the file's lines and ``}``; IOS writes
the text (and ``puts``'s own newline) when the brace closes. ``tclquit`` or ``exit``
leaves the shell; any other line is an IOS exec command, which IOS's tclsh runs
(:meth:`TclShell.feed` returns None for those).

Examples:
    >>> from dmvpnprov.lab.state.router import RouterSpec, RouterState
    >>> router = RouterState(RouterSpec(name="r1", hostname="R1"))
    >>> tcl = TclShell(router)
    >>> tcl.active = True
    >>> [tcl.feed(x) for x in ['puts [open "disk0:c.txt" w+] {hostname R1', "", "}"]]
    ['', '', '']
    >>> router.flash.read("disk0:c.txt")
    b'hostname R1\\n\\n\\n'
"""

from __future__ import annotations

import re

from dmvpnprov.lab.state.router import RouterState

__all__ = ["TclShell"]

_OPEN = re.compile(r'^\s*puts\s+\[open\s+"?([^"\]\s]+)"?\s+w\+?\]\s+\{(.*)$')


class TclShell:
    """The state of one session's ``tclsh``."""

    def __init__(self, router: RouterState) -> None:
        self.router = router
        self.active = False
        self._path: str | None = None
        self._lines: list[str] = []

    def feed(self, line: str) -> str | None:
        """One line typed in the shell; the text to print, None for an exec command."""
        if self._path is not None:
            if line.endswith("}"):
                self._lines.append(line[:-1])
                text = "\n".join(self._lines) + "\n"
                self.router.flash.write(self._path, text.encode("latin-1", "replace"))
                self._path, self._lines = None, []
            else:
                self._lines.append(line)
            return ""
        word = line.strip()
        if word in ("tclquit", "exit"):
            self.active = False
            return ""
        opened = _OPEN.match(line)
        if opened is not None:
            if not self.router.flash.owns(opened[1]):
                return f'couldn\'t open "{opened[1]}": no such file or directory\n'
            self._path, self._lines = opened[1], []
            return self.feed(opened[2]) if opened[2].endswith("}") else self._start(opened[2])
        return None if word else ""

    def _start(self, first: str) -> str:
        self._lines.append(first)
        return ""
