"""The output formats, in one place: their names, file suffixes, and each command's own.

Every command that prints a result picks its format here, the same way: ``--format``
wins; then the suffix of the ``-o`` file; then the command's default, which may differ
on a terminal (for a person) and when piped (for a program or a CI log).

Adding a format: one :class:`Format` in :data:`FORMATS`, its name in the commands that
offer it (:data:`COMMANDS`), and the renderer of each of those commands' results.

Examples:
    >>> choose("audit", None, Path("out/audit.xml"), terminal=True)
    'junit'
    >>> choose("audit", None, None, terminal=False), choose("report", None, None, terminal=False)
    ('json', 'table')
    >>> choose("report", "json", Path("savings.md"), terminal=True)
    'json'
    >>> by_suffix("report", Path("savings.xml")) is None  # report has no junit
    True
    >>> default_file("audit", "junit")
    'audit-junit.xml'
    >>> names("push")
    ('table', 'json')
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dmvpnprov.core.errors import UserError

__all__ = [
    "COMMANDS",
    "FORMATS",
    "CommandFormats",
    "Format",
    "by_suffix",
    "choose",
    "default_file",
    "names",
    "unknown_suffix",
]


@dataclass(frozen=True)
class Format:
    """An output format: its ``--format`` name and the file suffixes that imply it."""

    name: str
    suffixes: tuple[str, ...]  # the first one names default files
    description: str
    file_tail: str = ""  # default file name after the command's name: "-junit.xml"

    @property
    def default_tail(self) -> str:
        """What follows the command's name in a default file name (``.json``)."""
        return self.file_tail or self.suffixes[0]


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("table", (".txt",), "tables for a person (rich on a terminal, plain in a file)"),
        Format("json", (".json",), "one JSON document, for programs"),
        Format(
            "junit", (".xml",), "JUnit XML, one test case per router and check (CI)", "-junit.xml"
        ),
        Format("markdown", (".md", ".markdown"), "GitHub-flavoured markdown (job summaries)"),
        Format("html", (".html", ".htm"), "one self-contained page"),
        Format("text", (".log",), "one item a line, never folded (CI logs, grep)"),
    )
}


@dataclass(frozen=True)
class CommandFormats:
    """The formats a command offers, and its defaults on a terminal and when piped."""

    names: tuple[str, ...]
    on_terminal: str
    piped: str


COMMANDS: dict[str, CommandFormats] = {
    "audit": CommandFormats(("table", "json", "junit", "markdown", "html"), "table", "json"),
    "report": CommandFormats(("table", "json", "markdown", "html"), "table", "table"),
    "push": CommandFormats(("table", "json"), "table", "table"),
    "validate": CommandFormats(("table", "text"), "table", "text"),
    "verify": CommandFormats(("table", "json", "junit", "markdown", "html"), "table", "table"),
}


def names(command: str) -> tuple[str, ...]:
    """The ``--format`` choices of ``command``."""
    return COMMANDS[command].names


def by_suffix(command: str, path: Path) -> str | None:
    """The format ``path``'s suffix implies among ``command``'s (``None``: says nothing)."""
    suffix = path.suffix.lower()
    for name in COMMANDS[command].names:
        if suffix in FORMATS[name].suffixes:
            return name
    return None


def choose(command: str, fmt: str | None, output: Path | None, *, terminal: bool) -> str:
    """``--format`` wins; then the suffix of ``output``; then the command's default."""
    if fmt:
        return fmt
    implied = by_suffix(command, output) if output is not None else None
    if implied:
        return implied
    formats = COMMANDS[command]
    return formats.on_terminal if terminal else formats.piped


def default_file(command: str, fmt: str) -> str:
    """The file a command writes in ``fmt`` when given only a folder (``audit.json``)."""
    return f"{command}{FORMATS[fmt].default_tail}"


def unknown_suffix(path: Path) -> UserError:
    """The error every command gives for ``-o`` with a name whose format it cannot tell."""
    return UserError(f"{path}: cannot tell the format from the name; add --format")
