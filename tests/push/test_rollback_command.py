"""``rollback`` restores a backup as safely as push; ``backups`` lists and compares them."""

from __future__ import annotations

from pathlib import Path

import pytest

from dmvpnprov.cli import main
from dmvpnprov.commands.rollback import rollback_command
from dmvpnprov.core.errors import UserError
from dmvpnprov.push.backup import backups_of
from dmvpnprov.push.plan import delta
from tests.support.lab import ExampleLab
from tests.support.paths import EXAMPLE_INVENTORY
from tests.support.push import Pusher, body

pytestmark = pytest.mark.lab

# spoke-a alone on a fresh lab: its hub has no DMVPN yet, so the tunnel cannot come up;
# these tests are about backups and rollback, not about the DMVPN forming.
NO_HUB = {"verify": False}


def test_push_then_rollback_previous_restores_and_saves_the_backup(
    example_lab: ExampleLab, push: Pusher, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backups = tmp_path / "backups"
    spoke = example_lab.routers["spoke-a"]
    before = spoke.running_config()
    first = push(
        example_lab.targets, example_lab.environ, limit="spoke-a", backups=backups, **NO_HUB
    )
    assert first.results["spoke-a"].saved
    assert oct(backups.stat().st_mode & 0o777) == "0o700"
    again = push(
        example_lab.targets, example_lab.environ, limit="spoke-a", backups=backups, **NO_HUB
    )
    assert not again.applied
    # The second run read a different config (the pushed one); a third run reads the
    # same one again and stores nothing new.
    count = len(backups_of(backups, "spoke-a"))
    push(example_lab.targets, example_lab.environ, limit="spoke-a", backups=backups, **NO_HUB)
    assert len(backups_of(backups, "spoke-a")) == count == 2

    code = rollback_command(
        inventory=EXAMPLE_INVENTORY,
        hosts=["spoke-a"],
        previous=True,
        yes=True,
        backups=backups,
        targets=example_lab.targets,
        environ=example_lab.environ,
    )
    assert code == 0, capsys.readouterr()
    running = spoke.running_config()
    assert delta(running, before, ()) == []  # the managed sections are the backup's again
    # and nothing else was touched: the factory lines of the physical interfaces
    # (`duplex auto`, `shutdown`), which dmvpnprov does not own, are all still there
    assert body(running) == body(before)
    assert body(spoke.startup_config()) == body(running)  # and saved

    assert main(["backups", "--backups", str(backups)]) == 0
    assert "spoke-a" in capsys.readouterr().out
    names = [p.name for p in backups_of(backups, "spoke-a")]
    assert main(["backups", "spoke-a", "--backups", str(backups), "--diff", *names[:2]]) == 1
    out = capsys.readouterr().out
    assert "+interface Tunnel0" in out
    assert example_lab.environ["DMVPN_PSK"] not in out  # masked


def test_rollback_to_a_missing_backup_is_refused_naming_it(
    example_lab: ExampleLab, tmp_path: Path
) -> None:
    before = example_lab.routers["spoke-a"].running_config()
    with pytest.raises(UserError) as caught:
        rollback_command(
            inventory=EXAMPLE_INVENTORY,
            hosts=["spoke-a"],
            to="nope.cfg",
            yes=True,
            backups=tmp_path / "backups",
            targets=example_lab.targets,
            environ=example_lab.environ,
        )
    assert "nope.cfg" in str(caught.value) and "spoke-a" in str(caught.value)
    assert example_lab.routers["spoke-a"].running_config() == before
    with pytest.raises(SystemExit) as usage:  # neither --to nor --previous
        main(["rollback", "spoke-a"])
    assert usage.value.code == 2
