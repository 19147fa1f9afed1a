"""Exec-mode commands: show, terminal, enable, configure, write/copy, reload, archive."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

from dmvpnprov.lab.ios.console import Console, SessionClosed
from dmvpnprov.lab.ios.filecmds import file_text, run_delete, run_dir, run_more, run_verify
from dmvpnprov.lab.ios.showcmds import run_show
from dmvpnprov.lab.ios.showtext import apply_pipe, show_running
from dmvpnprov.lab.state.config import ConfigTree

__all__ = ["run_exec", "save_config"]

BANNER = "Enter configuration commands, one per line.  End with CNTL/Z.\n"
ABORTED = "\n\n***\n*** --- SHUTDOWN ABORTED ---\n***\n"
SAVE_QUESTION = "System configuration has been modified. Save? [yes/no]: "
NVRAM_ERROR = "%Error writing nvram:startup-config (I/O error)\n"

Handler = Callable[["Console", list[str]], Awaitable[str | None]]


async def save_config(session: Console) -> None:
    """``write memory``: Building configuration... (slow on old boxes) then [OK]."""
    router = session.router
    session.send("Building configuration...\n")
    if router.faults.write_delay:
        await asyncio.sleep(router.faults.write_delay)
    if router.faults.write_fails:
        session.send(NVRAM_ERROR)
        return
    router.startup = router.running.copy()
    router.archive_on_write()
    session.send("[OK]\n")


async def _enable(session: Console, words: list[str]) -> str | None:
    if session.priv:
        return None
    tries = [0]

    async def answer(secret: str) -> None:
        if session.router.check_enable(secret):
            session.priv = True
            return
        tries[0] += 1
        if tries[0] >= 3:
            session.send("% Bad secrets\n\n")
            return
        session.ask("Password: ", answer, echo=False)

    session.ask("Password: ", answer, echo=False)
    return None


async def _configure(session: Console, words: list[str]) -> str | None:  # noqa: PLR0911
    router = session.router
    if words[1:2] == ["revert"]:
        return await _revert(session, words)
    if words[1:2] == ["confirm"]:
        return None if router.confirm_revert() else "% No Rollback Confirmed Change pending\n"
    if words[1:2] == ["replace"]:
        return await _replace(session, words)
    if words[1:2] == ["memory"]:
        return "[OK]\n"
    if len(words) == 1:

        async def answer(text: str) -> None:
            if text.strip() in ("", "terminal", "t", "term"):
                session.send(BANNER)
                session.stack = [router.running.root]
            else:
                session.send('?Must be "terminal", "memory" or "network"\n')

        session.ask("Configuring from terminal, memory, or network [terminal]? ", answer)
        return None
    if "revert" in words:
        if router.running.get("archive") is None:
            return "Rollback Confirmed Change: archive is not configured\n"
        router.arm_revert(int(words[-1]), session.username)
    session.stack = [router.running.root]
    return BANNER


def _prompt_quiet(session: Console) -> bool:
    """``file prompt quiet``: copy and delete ask nothing."""
    return session.router.running.get("file prompt") is not None and any(
        n.line == "file prompt quiet" for n in session.router.running.root.children
    )


async def _source_tree(session: Console, path: str) -> ConfigTree | None:
    router = session.router
    if path in ("nvram:startup-config", "startup-config"):
        return router.startup
    if path in router.files:
        return router.files[path]
    text = file_text(router, path)
    return None if text is None else await session.load_config(text)


async def _replace(session: Console, words: list[str]) -> str | None:
    router = session.router
    target = await _source_tree(session, words[2])
    if target is None:
        return f"%Error opening {words[2]} (No such file or directory)\n"
    minutes = int(words[-1]) if "timer" in words else None

    async def replace(_answer: str = "Y") -> None:
        if _answer.strip().upper() not in ("Y", "YES"):
            return
        if minutes is not None:
            if router.running.get("archive") is None:
                session.send(
                    "%Please turn config archive on before using Rollback Confirmed Change\n"
                )
                return
            router.arm_revert(minutes, session.username)
        router.running = target.copy()
        router.last_change = (time.time(), session.username)
        session.send("Total number of passes: 1\nRollback Done\n\n")

    if "force" in words:
        await replace()
        return None
    session.ask(
        "This will apply all necessary additions and deletions\n"
        "to replace the current running configuration with the\n"
        "contents of the specified configuration file, which is\n"
        "assumed to be a complete configuration, not a partial\n"
        "configuration. Enter Y if you are sure you want to proceed. ? [no]: ",
        replace,
    )
    return None


async def _revert(session: Console, words: list[str]) -> str | None:
    """``configure revert now | timer N``."""
    router = session.router
    if router.revert is None:
        return "%No Rollback Confirmed Change pending\n"
    if words[2] == "now":
        router.revert_now()
        return "Rollback Done\n\n"
    router.arm_revert(int(words[3]), router.revert_user)
    return None


async def _write(session: Console, words: list[str]) -> str | None:
    if words[1:2] == ["terminal"]:
        return show_running(session.router, [])
    if words[1:2] == ["erase"]:
        session.router.startup.root.children.clear()
        return "[OK]\nErase of nvram: complete\n"
    await save_config(session)
    return None


async def _copy(session: Console, words: list[str]) -> str | None:
    router = session.router
    src, dst = words[1], words[2]

    async def answer(text: str) -> None:
        target = text.strip() or dst
        if dst == "startup-config":
            await save_config(session)
            return
        if dst == "running-config":
            if src == "startup-config":
                router.running = router.startup.copy()
                size = len(file_text(router, "nvram:startup-config") or "")
                session.send(f"{size} bytes copied in 0.100 secs\n")
                return
            text_in = file_text(router, src)
            if text_in is None:
                session.send(f"%Error opening {src} (No such file or directory)\n")
                return
            errors = await session.merge_config(text_in)
            session.send(errors + f"{len(text_in)} bytes copied in 0.100 secs\n")
            return
        data = b"" if src == "null:" else (file_text(router, src) or "").encode("latin-1")
        if src != "null:" and file_text(router, src) is None:
            session.send(f"%Error opening {src} (No such file or directory)\n")
        elif router.flash.owns(target) and ":" in target:
            router.flash.write(target, data)
            if src == "running-config":
                router.files[target] = router.running.copy()
            session.send(f"{len(data)} bytes copied in 0.100 secs ({len(data) * 10} bytes/sec)\n")
        else:
            session.send(f"%Error opening {target} (Invalid argument)\n")

    if _prompt_quiet(session) or (dst in ("running-config",) and src != "startup-config"):
        await answer("")
        return None
    default = dst.split(":")[-1].lstrip("/")
    session.ask(f"Destination filename [{default}]? ", answer)
    return None


async def _reload(session: Console, words: list[str]) -> str | None:
    router = session.router
    if words[1:2] == ["cancel"]:
        return ABORTED if router.cancel_reload() else "%No reload is scheduled.\n"
    minutes = int(words[2]) if words[1:2] == ["in"] else 0
    by = f"{session.username} on vty{session.vty} ({session.peer})"

    async def confirm(text: str) -> None:
        if text.strip().lower() not in ("", "y", "yes"):
            return
        if minutes:
            router.schedule_reload(minutes, by)
        else:
            router.reload()

    def proceed() -> None:
        if minutes:
            session.send(f"Reload scheduled in {minutes} minutes by {by}\n")
        session.ask("Proceed with reload? [confirm]", confirm)

    if _differs(session):
        session.ask(SAVE_QUESTION, _save_answer(session, proceed))
    else:
        proceed()
    return None


def _save_answer(session: Console, proceed: Callable[[], None]) -> Callable[[str], Awaitable[None]]:
    async def saved(text: str) -> None:
        answer = text.strip().lower()
        if answer.startswith("y"):
            await save_config(session)
        elif not answer.startswith("n"):
            session.send("% Please answer 'yes' or 'no'.\n")
            session.ask(SAVE_QUESTION, saved)
            return
        proceed()

    return saved


def _differs(session: Console) -> bool:
    router = session.router
    return list(router.running.lines()) != list(router.startup.lines())


async def _archive(session: Console, words: list[str]) -> str | None:
    if session.router.archive_config() is None:
        return "%Archive path not specified. Please configure path.\n"
    return None


async def _quiet(session: Console, words: list[str]) -> str | None:
    if words[0] == "disable":
        session.priv = False
    elif words[:2] == ["terminal", "length"]:
        session.length = int(words[2])
    return None


async def _ping(session: Console, words: list[str]) -> str | None:
    return (
        f"Type escape sequence to abort.\nSending 5, 100-byte ICMP Echos to {words[1]}, "
        "timeout is 2 seconds:\n!!!!!\n"
        "Success rate is 100 percent (5/5), round-trip min/avg/max = 1/1/4 ms\n"
    )


async def _tclsh(session: Console, words: list[str]) -> str | None:
    session.enter_tcl()
    return None


async def _remote(session: Console, words: list[str]) -> str | None:
    """telnet / ssh / traceroute / test: the lab reaches no other host."""
    target = words[1] if len(words) > 1 else ""
    return f"Trying {target} ...\n% Connection timed out; remote host not responding\n"


_HANDLERS: dict[str, Handler] = {
    "dir": run_dir,
    "more": run_more,
    "verify": run_verify,
    "delete": run_delete,
    "tclsh": _tclsh,
    "telnet": _remote,
    "ssh": _remote,
    "traceroute": _remote,
    "test": _remote,
    "enable": _enable,
    "configure": _configure,
    "write": _write,
    "copy": _copy,
    "reload": _reload,
    "show": run_show,
    "archive": _archive,
    "ping": _ping,
}


async def run_exec(session: Console, words: list[str], pipe: str) -> None:
    """Run the exec command ``words`` (canonical); ``pipe`` filters show output."""
    if words[0] in ("exit", "logout", "quit"):
        raise SessionClosed(words[0])
    handler = _HANDLERS.get(words[0], _quiet)
    text = await handler(session, words)
    if text:
        session.page(apply_pipe(text, pipe) + "\n" if pipe else text)
