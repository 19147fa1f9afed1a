"""One output-format registry: names, suffixes and defaults, the same for every command."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from dmvpnprov import cli
from dmvpnprov.reporting.formats import COMMANDS, FORMATS, by_suffix, choose, default_file, names


def test_every_command_format_is_registered_and_suffixes_are_unique() -> None:
    for command, formats in COMMANDS.items():
        assert set(formats.names) <= set(FORMATS), command
        assert {formats.on_terminal, formats.piped} <= set(formats.names), command
    suffixes = [s for f in FORMATS.values() for s in f.suffixes]
    assert len(suffixes) == len(set(suffixes))
    assert all(s.startswith(".") and s == s.lower() for s in suffixes)


@pytest.mark.parametrize("command", ["audit", "report", "push"])
def test_the_cli_offers_exactly_the_registered_formats(command: str) -> None:
    parser = cli._build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    option = next(a for a in sub.choices[command]._actions if "--format" in a.option_strings)
    assert tuple(option.choices or ()) == names(command)
    assert option.default is None  # the registry's default applies, not argparse's


@pytest.mark.parametrize(
    ("command", "fmt", "output", "terminal", "chosen"),
    [
        ("audit", "markdown", Path("a.json"), True, "markdown"),  # --format wins
        ("audit", None, Path("a.XML"), True, "junit"),  # then the suffix
        ("audit", None, Path("a.htm"), False, "html"),
        ("audit", None, None, True, "table"),  # then the default for a person
        ("audit", None, None, False, "json"),  # ... and for a pipe
        ("report", None, Path("s.markdown"), False, "markdown"),
        ("report", None, Path("s.xml"), True, "table"),  # report has no junit
        ("report", None, None, False, "table"),
        ("push", None, None, False, "table"),
        ("validate", None, None, True, "table"),
        ("validate", None, None, False, "text"),
    ],
)
def test_choose(
    command: str, fmt: str | None, output: Path | None, terminal: bool, chosen: str
) -> None:
    assert choose(command, fmt, output, terminal=terminal) == chosen


def test_suffixes_and_default_files_agree() -> None:
    for command, formats in COMMANDS.items():
        for name in formats.names:
            if name == "text":
                continue  # validate's piped view is never a file
            assert by_suffix(command, Path(default_file(command, name))) == name, (command, name)
    assert default_file("audit", "junit") == "audit-junit.xml"
