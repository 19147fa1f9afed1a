"""The push CLI as a new user meets it: help with defaults, summary lines, plurals, "n"."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
from rich.prompt import Confirm

from dmvpnprov.cli import _build_parser, main
from dmvpnprov.commands.push import push_command
from tests.support.lab import ExampleLab
from tests.support.paths import EXAMPLE_INVENTORY


def _subparser(name: str) -> argparse.ArgumentParser:
    parser = _build_parser()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action.choices[name]  # type: ignore[no-any-return]
    raise LookupError(name)


@pytest.mark.parametrize("command", ["push", "rollback", "backups"])
def test_every_option_has_help_with_its_default(command: str) -> None:
    for action in _subparser(command)._actions:
        if not action.option_strings or action.dest in ("help", "to", "previous", "diff"):
            continue
        if action.dest in ("dry_run", "inventory", "limit", "lab", "lab_dir"):
            assert action.help, action.dest
            continue
        assert action.help and "default" in action.help, (command, action.dest)


def test_top_level_help_is_for_users_not_developers(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["-h"])
    out = capsys.readouterr().out
    assert "``" not in out and "call one function" not in out
    assert "Exit codes" in out


@pytest.mark.lab
def test_a_dry_run_then_a_no_change_push_end_with_a_summary_line(
    example_lab: ExampleLab, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def run(**options: object) -> int:
        return push_command(
            inventory=EXAMPLE_INVENTORY,
            targets=example_lab.targets,
            backups=tmp_path / "b",
            environ=example_lab.environ,
            limit="hub1,spoke-a",
            **options,  # type: ignore[arg-type]
        )

    assert run(dry_run=True) == 1
    out = " ".join(capsys.readouterr().out.split())
    assert "dry run: 2 routers would change" in out and "nothing was sent" in out
    assert run(yes=True) == 0
    capsys.readouterr()
    assert run(yes=True) == 0
    assert "nothing to change on 2 routers" in capsys.readouterr().out


@pytest.mark.lab
def test_answering_no_says_what_was_not_done(
    example_lab: ExampleLab,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr(Confirm, "ask", classmethod(lambda cls, *a, **k: False))
    before = example_lab.routers["spoke-a"].running_config()
    code = push_command(
        inventory=EXAMPLE_INVENTORY,
        targets=example_lab.targets,
        backups=tmp_path / "b",
        environ=example_lab.environ,
        limit="spoke-a",
    )
    assert code == 1
    out = " ".join(capsys.readouterr().out.split())
    assert "not pushed: nothing was sent to 1 router (spoke-a)" in out
    assert example_lab.routers["spoke-a"].running_config() == before


def test_the_summary_reads_at_80_columns_with_errors_on_lines_of_their_own() -> None:
    import io  # noqa: PLC0415

    from rich.console import Console  # noqa: PLC0415

    from dmvpnprov.push.results import HostResult  # noqa: PLC0415
    from dmvpnprov.reporting.push import print_summary  # noqa: PLC0415

    out = io.StringIO()
    error = "line rejected by the router at `tunnel key 100000`: % Invalid input"
    results = [
        HostResult("spoke-0001", "spoke", changed_lines=26, saved=True, verified=True),
        HostResult("hub1", "hub", changed_lines=30, rolled_back=True, error=error),
        HostResult("spoke-b", "spoke", skipped=True, skip_reason="failure threshold reached"),
    ]
    print_summary(Console(file=out, width=80), results)
    lines = out.getvalue().splitlines()
    assert all(len(line) <= 80 for line in lines)
    assert f"hub1: {error}" in lines
    assert "spoke-b: skipped, not started: failure threshold reached" in lines
    assert lines[-1].startswith("3 routers: 1 changed")
