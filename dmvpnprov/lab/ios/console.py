"""What IOS commands see of the session that typed them: a :class:`Console` protocol.

The session (:mod:`dmvpnprov.lab.ios.session`) runs commands; the commands
(:mod:`~dmvpnprov.lab.ios.execcmds`, :mod:`~dmvpnprov.lab.ios.showcmds`,
:mod:`~dmvpnprov.lab.ios.apply`) only need this much of it, so they import this module,
never the session: the dependency points one way.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol

from dmvpnprov.lab.state.config import ConfigTree, Node
from dmvpnprov.lab.state.router import RouterState

__all__ = ["Console", "Pending", "SessionClosed"]


class SessionClosed(Exception):
    """The session ends (``exit``, a fault, a reload)."""


@dataclass
class Pending:
    """A question the router asked; the next line answers it."""

    prompt: str
    answer: Callable[[str], Awaitable[None]]
    echo: bool = True


class Console(Protocol):
    """One logged-in user's line, as a command sees it."""

    router: RouterState
    username: str
    priv: bool
    peer: str
    vty: int
    length: int
    stack: list[Node]

    def send(self, text: str) -> None:
        """Write ``text`` to the user."""

    def page(self, text: str) -> None:
        """Write ``text`` through the pager (``--More--`` after a screen)."""

    def ask(self, prompt: str, answer: Callable[[str], Awaitable[None]], echo: bool = True) -> None:
        """Ask ``prompt``; ``answer`` receives the next line typed."""

    async def load_config(self, text: str) -> ConfigTree:
        """A config file's text as the tree it configures (nothing applied)."""
        raise NotImplementedError

    async def merge_config(self, text: str) -> str:
        """Type a config file's text into the running config; the error messages."""
        raise NotImplementedError

    def enter_tcl(self) -> None:
        """Start ``tclsh``."""
