"""A terminal line discipline as IOS runs it on a vty: echo, Enter, Backspace, Ctrl-Z/C, ?.

Both front ends (SSH and telnet) feed raw characters here; complete lines go to the
session one at a time, so type-ahead is echoed only when IOS reads it, after the
previous command's output, as on a real router.

Examples:
    >>> import asyncio
    >>> out, lines = [], []
    >>> async def on_line(line: str) -> None:
    ...     lines.append(line)
    >>> term = Terminal(out.append, on_line, lambda key: None, lambda: True)
    >>> asyncio.run(term.feed("sh ver\\r\\nx\\x08y\\n"))
    >>> lines, "".join(out)
    (['sh ver', 'y'], 'sh ver\\r\\nx\\x08 \\x08y\\r\\n')
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

__all__ = ["Terminal"]

CTRL_C, CTRL_Z, BACKSPACES = "\x03", "\x1a", ("\x08", "\x7f")


class Terminal:
    """Turns keystrokes into lines, echoing them when ``echo()`` says so."""

    def __init__(  # noqa: PLR0917 - the line's callbacks, positional since the start
        self,
        write: Callable[[str], None],
        on_line: Callable[[str], Awaitable[None]],
        on_ctrl_z: Callable[[str], None],
        echo: Callable[[], bool],
        intercept: Callable[[str], bool] = lambda key: False,
        on_help: Callable[[str], None] | None = None,
    ) -> None:
        self._write = write
        self._on_line = on_line
        self._on_ctrl_z = on_ctrl_z
        self._echo = echo
        self._intercept = intercept  # e.g. keys typed at --More--
        self._on_help = on_help  # `?`: IOS answers at once, then retypes the line
        self._buf: list[str] = []
        self._after_cr = False

    async def feed(self, data: str) -> None:
        """Process the characters ``data``."""
        for ch in data:
            after_cr, self._after_cr = self._after_cr, False
            if ch == "\n" and after_cr:
                continue
            if self._intercept(ch):
                self._after_cr = ch == "\r"
                continue
            if ch in ("\r", "\n"):
                self._after_cr = ch == "\r"
                line, self._buf = "".join(self._buf), []
                self._write("\r\n")
                await self._on_line(line)
            else:
                self._key(ch)

    def _key(self, ch: str) -> None:
        if ch in (CTRL_Z, CTRL_C):
            self._buf = []
            self._on_ctrl_z(ch)
        elif ch == "?" and self._on_help is not None and self._echo():
            self._on_help("".join(self._buf))
        elif ch in BACKSPACES:
            if self._buf:
                self._buf.pop()
                if self._echo():
                    self._write("\x08 \x08")
        elif ch >= " " or ch == "\t":
            self._buf.append(ch)
            if self._echo():
                self._write(ch)
