"""SSH host keys: unknown routers refused, trust on first use only when asked, changes refused."""

from __future__ import annotations

from pathlib import Path

import paramiko
import pytest

from dmvpnprov.commands.push import push_command
from dmvpnprov.transport.hostkeys import entry, unknown_hosts
from tests.support.lab import ExampleLab
from tests.support.paths import EXAMPLE_INVENTORY
from tests.support.push import Pusher

pytestmark = pytest.mark.lab


def test_an_unknown_router_is_refused_without_accept_new_host_keys(
    example_lab: ExampleLab, push: Pusher, tmp_path: Path
) -> None:
    before = example_lab.routers["hub1"].running_config()
    run = push(
        example_lab.targets,
        example_lab.environ,
        limit="hub1",
        known_hosts=tmp_path / "known_hosts",
    )
    result = run.results["hub1"]
    assert result.error is not None and result.error.startswith("host key unknown"), result.error
    assert "--accept-new-host-keys" in result.error
    assert result.backup is None and not run.applied
    assert example_lab.routers["hub1"].running_config() == before


def test_trust_on_first_use_records_the_key_then_it_is_checked(
    example_lab: ExampleLab, push: Pusher, tmp_path: Path
) -> None:
    known = tmp_path / "known_hosts"
    first = push(
        example_lab.targets,
        example_lab.environ,
        limit="hub1,spoke-a",
        known_hosts=known,
        accept_new_host_keys=True,
    )
    assert all(r.ok for r in first.results.values()), first.results
    targets = [(example_lab.targets[n].host, example_lab.targets[n].port) for n in ("hub1",)]
    assert unknown_hosts(known, targets) == []
    assert oct(known.stat().st_mode & 0o777) == "0o600"
    example_lab.routers["hub1"].configure(["interface Tunnel0", " ip nhrp network-id 98"])
    second = push(example_lab.targets, example_lab.environ, limit="hub1", known_hosts=known)
    assert second.results["hub1"].ok and second.results["hub1"].saved


def test_a_changed_host_key_is_refused_and_nothing_is_read(
    example_lab: ExampleLab, push: Pusher, tmp_path: Path
) -> None:
    target = example_lab.targets["hub1"]
    impostor = paramiko.RSAKey.generate(1024)
    known = tmp_path / "known_hosts"
    line = f"{entry(target.host, target.port)} ssh-rsa {impostor.get_base64()}\n"
    known.write_text(line)
    run = push(
        example_lab.targets,
        example_lab.environ,
        limit="hub1",
        known_hosts=known,
        accept_new_host_keys=True,  # never overrides a key on file
    )
    result = run.results["hub1"]
    assert result.error is not None and result.error.startswith("host key mismatch"), result.error
    assert result.backup is None
    assert known.read_text() == line


def test_a_telnet_router_is_named_in_a_warning_before_the_plan(
    example_lab: ExampleLab, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = push_command(
        inventory=EXAMPLE_INVENTORY,
        dry_run=True,
        limit="spoke-b,spoke-c",
        targets=example_lab.targets,
        backups=tmp_path / "b",
        environ=example_lab.environ,
    )
    assert code == 1  # a dry run with changes
    err = " ".join(capsys.readouterr().err.split())
    assert "spoke-c reached over telnet" in err and "clear text" in err
    assert "spoke-b" not in err.split("reached over telnet")[0]
