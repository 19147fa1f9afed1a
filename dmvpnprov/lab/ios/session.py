"""The IOS command-line state machine of one session: modes, prompts, errors.

The transport (SSH or telnet) feeds complete lines and Ctrl-Z; the session writes
every byte of output, prompt included, through ``send``. Exec commands live in
:mod:`dmvpnprov.lab.ios.execcmds`.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import replace

from dmvpnprov.core.platforms import missing_features
from dmvpnprov.core.secrets import MASK, mask_config
from dmvpnprov.lab.ios.apply import apply_config
from dmvpnprov.lab.ios.console import Pending, SessionClosed
from dmvpnprov.lab.ios.execcmds import run_exec
from dmvpnprov.lab.ios.grammar import PROMPTS
from dmvpnprov.lab.ios.help import help_words
from dmvpnprov.lab.ios.parser import Parsed, ParseError, parse_line
from dmvpnprov.lab.ios.tcl import TclShell
from dmvpnprov.lab.state.config import ConfigTree, Node
from dmvpnprov.lab.state.faults import Faults
from dmvpnprov.lab.state.router import RouterState

__all__ = ["Pending", "Session", "SessionClosed", "error_text"]

log = logging.getLogger(__name__)

INVALID = "% Invalid input detected at '^' marker."
MORE = " --More-- "


_NOT_CONFIG = ("Building configuration", "Current configuration", "!", "end")


def _not_config(line: str) -> bool:
    """Lines of a saved config file that are framing, not commands."""
    text = line.strip()
    return not text or text.startswith(_NOT_CONFIG[:3]) or text == "end"


def error_text(err: ParseError, prompt: str, typed: str) -> str:
    """The text IOS prints for a line that did not parse."""
    if err.kind == "ambiguous":
        return f'% Ambiguous command:  "{typed.strip()}"\n'
    if err.kind == "incomplete":
        return "% Incomplete command.\n\n"
    return " " * (len(prompt) + err.column) + f"^\n{INVALID}\n\n"


class Session:
    """One logged-in user on a vty line."""

    def __init__(
        self,
        router: RouterState,
        send: Callable[[str], None],
        username: str,
        privilege: int,
        peer: str = "127.0.0.1",
    ) -> None:
        self.router = router
        self._send = send
        self.username = username
        self.priv = privilege >= 15
        self.peer = peer
        self.vty = router.vty_next % 5  # line vty 0 4
        router.vty_next += 1
        self.stack: list[Node] = []  # configuration path; empty in exec mode
        self.pending: Pending | None = None
        self.config_lines = 0
        self.length = 24  # terminal length: IOS pages long output until `terminal length 0`
        self.more: list[str] = []  # lines held back behind --More--
        self.tcl = TclShell(router)
        self.changed = False  # a configuration line was applied in this config session

    # --- output -------------------------------------------------------------------

    def send(self, text: str) -> None:
        """Write ``text`` to the user, with IOS's CR LF line ends."""
        self._send(text.replace("\r\n", "\n").replace("\n", "\r\n"))

    @property
    def echo(self) -> bool:
        """False while a password is being typed."""
        return self.pending.echo if self.pending else True

    def prompt(self) -> str:
        """The prompt of the current mode: ``R1>``, ``R1#``, ``R1(config-if)#``."""
        host = self.router.hostname
        if self.tcl.active:
            return f"{host}(tcl)#"
        if self.stack:  # IOS abbreviates the hostname to 20 characters in config modes
            return f"{host[:20]}({PROMPTS[self.stack[-1].mode or 'config']})#"
        return f"{host}{'#' if self.priv else '>'}"

    def show_prompt(self) -> None:
        """Print the prompt (or the pending question)."""
        self.send(self.pending.prompt if self.pending else self.prompt())

    def page(self, text: str) -> None:
        """Print command output, pausing at `` --More-- `` every ``length - 1`` lines."""
        lines = text.split("\n")
        if self.length == 0 or len(lines) <= self.length:
            self.send(text)
            return
        self.more = lines[self.length - 1 :]
        self.send("\n".join(lines[: self.length - 1]) + "\n" + MORE)

    def more_key(self, key: str) -> bool:
        """A key typed at `` --More-- ``: space a page, Enter a line, anything else stops.

        Returns False when no output is held back (the key is ordinary input).
        """
        if not self.more:
            return False
        self.send("\b" * len(MORE) + " " * len(MORE) + "\b" * len(MORE))
        count = {" ": self.length - 1, "\r": 1, "\n": 1}.get(key, 0)
        shown, self.more = self.more[:count], self.more[count:] if count else []
        if shown:
            self.send("\n".join(shown) + ("\n" + MORE if self.more else ""))
        if not self.more:
            if shown and shown[-1]:
                self.send("\n")
            self.show_prompt()
        return True

    def ask(self, prompt: str, answer: Callable[[str], Awaitable[None]], echo: bool = True) -> None:
        """Ask a question; the next line goes to ``answer``."""
        self.pending = Pending(prompt, answer, echo)

    # --- input --------------------------------------------------------------------

    async def feed_line(self, line: str) -> None:
        """Handle one line the user typed (already echoed), then print the prompt."""
        prompt = self.prompt()
        hidden = self.pending is not None and not self.pending.echo
        self.router.received.append(MASK if hidden else mask_config(line))  # no secret kept
        pending, self.pending = self.pending, None
        if pending is not None:
            await pending.answer(line)
        elif self.tcl.active:
            answer = self.tcl.feed(line)
            if answer is None:
                await self.run_exec(line, prompt)
            else:
                self.send(answer)
        elif line.strip():
            if self.router.faults.command_delay:
                await asyncio.sleep(self.router.faults.command_delay)
            if self.stack:
                await self._config(line, prompt)
            else:
                await self.run_exec(line, prompt)
        if not self.more:
            self.show_prompt()

    def ctrl_z(self, key: str = "\x1a") -> None:
        """Ctrl-Z (``^Z``) or Ctrl-C (``^C``): leave configuration mode from any sub-mode."""
        if self.stack:
            self.send("^Z\n" if key == "\x1a" else "^C\n")
            self.end_config()
        else:
            self.send("\n" if key == "\x1a" else "^C\n")
        self.show_prompt()

    def help(self, typed: str) -> None:
        """``?``: the keywords valid at this point, then the prompt and the line again."""
        mode = (self.stack[-1].mode or "config") if self.stack else "exec"
        words = help_words(mode, typed, self.router.context, priv=self.priv or bool(self.stack))
        if not words:
            self.send("?\n% Unrecognized command\n")
        elif typed.endswith(" ") or not typed:
            width = max(len(w) for w in words) + 2
            self.send("?\n" + "".join(f"  {w:<{width}}\n" for w in words) + "\n")
        else:
            self.send("?\n" + "  ".join(words) + "\n\n")
        self.send(self.prompt() + typed)

    def enter_tcl(self) -> None:
        """Start ``tclsh`` (the prompt becomes ``R1(tcl)#``)."""
        self.tcl.active = True

    async def load_config(self, text: str) -> ConfigTree:
        """``text`` (a config file) typed into an empty configuration, as a tree."""
        scratch = RouterState(replace(self.router.spec, faults=Faults(), config=()))
        sub = Session(scratch, lambda _text: None, "lab", 15, "lab")
        for line in text.splitlines():
            if _not_config(line):
                continue
            sub.stack = sub.stack or [scratch.running.root]
            await sub.feed_line(line)
        return scratch.running

    async def merge_config(self, text: str) -> str:
        """``copy FILE running-config``: type ``text`` into the running config; the errors."""
        out: list[str] = []
        sub = Session(self.router, out.append, self.username, 15, self.peer)
        errors = []
        for line in text.splitlines():
            if _not_config(line):
                continue
            sub.stack = sub.stack or [self.router.running.root]
            out.clear()
            await sub.feed_line(line)
            if "% " in "".join(out):
                errors.append("".join(out).split(sub.prompt())[0])
        if sub.changed:
            self._note_change()
        return "".join(errors)

    def _note_change(self) -> None:
        self.router.last_change = (time.time(), self.username)
        self.router.syslog(
            f"%SYS-5-CONFIG_I: Configured from console by {self.username} on vty{self.vty}"
            f" ({self.peer})"
        )

    async def run_exec(self, line: str, prompt: str, offset: int = 0) -> None:
        """An exec command (also ``do ...`` from configuration mode)."""

        command, _, pipe = line.partition("|")
        parsed = parse_line("exec", command, self.router.context, priv=self.priv)
        if isinstance(parsed, ParseError):
            if parsed.kind == "invalid" and parsed.column == 0 and len(line.split()) == 1:
                self.send(
                    "% Unknown command or computer name, or unable to find computer address\n"
                )
                return
            self.send(error_text(parsed, " " * offset + prompt, line))
            return
        await run_exec(self, parsed.words, pipe.strip())

    def end_config(self) -> None:
        """Back to privileged exec."""
        self.stack = []
        if self.changed and self.username != "lab":
            self._note_change()
        self.changed = False
        log.debug("lab router %s: %s left configuration mode", self.router.spec.name, self.username)

    # --- configuration mode ---------------------------------------------------------

    async def _config(self, line: str, prompt: str) -> None:
        if line.lstrip().startswith("!"):
            return
        if self.stack[0] is not self.router.running.root:  # reverted or reloaded
            self.stack = [self.router.running.root]
        self.config_lines += 1
        limit = self.router.faults.disconnect_after_config_lines
        if limit is not None and self.config_lines > limit:
            raise SessionClosed("fault: disconnect after configuration lines")
        if self.router.faults.rejects(line, self.config_lines):
            column = len(line) - len(line.lstrip())
            self.send(error_text(ParseError("invalid", column), prompt, line))
            return
        best: ParseError | None = None
        for level in range(len(self.stack) - 1, -1, -1):
            found = self._parse_config(self.stack[level].mode or "config", line)
            if isinstance(found, Parsed) and self._lacks_feature(found, level):
                found = ParseError("invalid", line.rstrip().rfind(" ") + 1)
            if isinstance(found, Parsed):
                del self.stack[level + 1 :]
                await self._apply(found, line, prompt)
                return
            if best is None or (found.kind == "invalid" and found.column > best.column):
                best = found
        assert best is not None
        self.send(error_text(best, prompt, line))

    def _lacks_feature(self, parsed: Parsed, level: int) -> bool:
        """Safety net: the capability table says this release lacks the line's feature."""
        if parsed.words[0] == "no":
            return False
        header = self.stack[level].line or None
        return bool(missing_features(self.router.context.release, parsed.line, header))

    def _parse_config(self, mode: str, line: str) -> Parsed | ParseError:
        ctx = self.router.context
        parsed = parse_line(mode, line, ctx)
        if isinstance(parsed, ParseError) or parsed.words[0] != "no" or len(parsed.words) == 1:
            return parsed
        head = re.match(r"\s*\S+\s+", line)
        rest_at = head.end() if head else 0
        rest = parse_line(mode, line[rest_at:], ctx, prefix=True)
        if isinstance(rest, ParseError):
            return ParseError(rest.kind, rest.column + rest_at if rest.kind == "invalid" else 0)
        if rest.words[0] in ("no", "do", "end", "exit"):
            return ParseError("invalid", rest_at)
        return Parsed(rest.cmd, ["no", *rest.words], rest.complete)

    async def _apply(self, parsed: Parsed, line: str, prompt: str) -> None:

        words = parsed.words
        if words[0] == "end" and len(words) == 1:
            self.end_config()
        elif words[0] == "exit" and len(words) == 1:
            self.stack.pop()
            if not self.stack:
                self.end_config()
        elif words[0] == "do":
            rest = line.lstrip()[2:]
            await self.run_exec(rest.strip(), prompt, offset=len(line) - len(rest.lstrip()))
        else:
            message = apply_config(self, parsed)
            self.changed = True
            if message:
                self.send(message)
