"""File commands of exec mode: ``dir``, ``more``, ``verify /md5``, ``delete``.

They act on the router's flash (:mod:`dmvpnprov.lab.state.flash`); ``nvram:``
and ``system:`` name the startup and running configs, as on IOS.

Examples:
    >>> split_path("flash:/a.txt"), split_path("nvram:startup-config")
    (('flash:', 'a.txt'), ('nvram:', 'startup-config'))
"""

from __future__ import annotations

from dmvpnprov.lab.ios.console import Console
from dmvpnprov.lab.ios.showtext import config_body
from dmvpnprov.lab.state.flash import Flash
from dmvpnprov.lab.state.router import RouterState

__all__ = ["file_text", "run_delete", "run_dir", "run_more", "run_verify", "split_path"]

split_path = Flash.split


def file_text(router: RouterState, path: str) -> str | None:
    """The text of ``path`` (flash file, ``nvram:startup-config``, ``system:running-config``)."""
    prefix, name = split_path(path)
    if (prefix, name) in (("nvram:", "startup-config"), ("", "startup-config")):
        return config_body(router, router.startup)
    if (prefix, name) in (("system:", "running-config"), ("", "running-config")):
        return config_body(router, router.running)
    if not router.flash.owns(path):
        return None
    data = router.flash.read(path)
    return None if data is None else data.decode("latin-1")


def _error(path: str) -> str:
    return f"%Error opening {path} (No such file or directory)\n"


async def run_dir(session: Console, words: list[str]) -> str:
    """``dir [FS:[name]]``."""
    fs = session.router.flash
    target = words[1] if len(words) > 1 else fs.name
    prefix, name = split_path(target)
    if prefix and prefix != fs.name:
        return (
            f"%Error opening {target} (Invalid argument)\n"
            if prefix != "nvram:"
            else (
                "Directory of nvram:/\n\n  255  -rw-        1024                    <no date>  "
                "startup-config\n\n245752 bytes total (244728 bytes free)\n"
            )
        )
    return fs.listing(name or None)


async def run_more(session: Console, words: list[str]) -> str:
    """``more FILE``."""
    text = file_text(session.router, words[1])
    return _error(words[1]) if text is None else text


async def run_verify(session: Console, words: list[str]) -> str:
    """``verify /md5 FILE``."""
    path = words[-1]
    digest = session.router.flash.md5(path) if session.router.flash.owns(path) else None
    if digest is None:
        return _error(path)
    dots = "." * 10
    return f"{dots}Done!\nverify /md5 ({path}) = {digest}\n\n"


async def run_delete(session: Console, words: list[str]) -> str:
    """``delete [/force] FILE`` (the confirmation is skipped: ``file prompt quiet`` style)."""
    path = words[-1]
    return "" if session.router.flash.delete(path) else _error(path)
