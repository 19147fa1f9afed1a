"""SSH host keys: unknown routers refused, trust on first use only when asked, changes refused."""

from __future__ import annotations

from pathlib import Path

import paramiko
import pytest

from dmvpnprov.audit.model import AuditReport
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


def test_a_live_audit_checks_host_keys_as_push_does(
    example_lab: ExampleLab, tmp_path: Path
) -> None:
    """audit logs in with the password too: an unknown key is that router's error, the
    others are read; ``accept_new_host_keys`` learns the key, then the router is read."""
    from dmvpnprov.commands.audit import audit_run  # noqa: PLC0415

    def audit(limit: str, known_hosts: Path, accept: bool = False) -> AuditReport:
        return audit_run(
            EXAMPLE_INVENTORY, limit=limit, targets=example_lab.targets,
            environ=example_lab.environ, known_hosts=known_hosts, accept_new_host_keys=accept,
        ).report  # fmt: skip

    known = tmp_path / "known_hosts"
    target = example_lab.targets["hub1"]
    known.write_text(f"{entry(target.host, target.port)} ssh-rsa {_impostor()}\n")
    refused = audit("hub1,spoke-a", known)
    hosts = {h.host: h for h in refused.hosts}
    assert not hosts["hub1"].reachable and not hosts["spoke-a"].reachable
    reasons = " ".join(f.message for h in refused.hosts for f in h.findings)
    assert "host key mismatch" in reasons and "host key unknown" in reasons, reasons

    fresh = tmp_path / "fresh_hosts"
    learned = audit("spoke-a", fresh, accept=True)
    assert [h.reachable for h in learned.hosts] == [True]
    spoke = example_lab.targets["spoke-a"]
    assert unknown_hosts(fresh, [(spoke.host, spoke.port)]) == []


def test_verify_live_refuses_an_unknown_host_key(example_lab: ExampleLab, tmp_path: Path) -> None:
    from dmvpnprov.commands.verify_live import verify_live_fleet  # noqa: PLC0415

    result = verify_live_fleet(
        EXAMPLE_INVENTORY,
        targets={"hub1": example_lab.targets["hub1"]},
        environ=example_lab.environ,
        known_hosts=tmp_path / "known_hosts",
    )
    assert not result["summary"]["works"]
    assert any(d.startswith("hub1: not read: host key unknown") for d in result["differences"])


def _impostor() -> str:
    return paramiko.RSAKey.generate(1024).get_base64()
