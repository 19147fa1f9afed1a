"""OpenSSH's ``ssh`` client against every profile, with the usual legacy options.

The password comes through ``SSH_ASKPASS`` (``SSH_ASKPASS_REQUIRE=force``, OpenSSH 8.4+),
so no terminal is needed; skipped when no ``ssh`` client is installed.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from dmvpnprov.core.platforms import Platform
from tests.support.lab import RouterFactory

pytestmark = [pytest.mark.lab, pytest.mark.skipif(not shutil.which("ssh"), reason="no ssh")]

LEGACY_OPTIONS = [
    "-o", "KexAlgorithms=+diffie-hellman-group1-sha1,diffie-hellman-group14-sha1",
    "-o", "HostKeyAlgorithms=+ssh-rsa",
    "-o", "PubkeyAcceptedAlgorithms=+ssh-rsa",
    "-o", "Ciphers=+aes128-cbc,3des-cbc,aes256-cbc",
]  # fmt: skip


def openssh(
    port: int, command: str, tmp_path: Path, *options: str
) -> subprocess.CompletedProcess[str]:
    """Run ``ssh admin@127.0.0.1 -p PORT COMMAND`` with the lab password."""
    askpass = tmp_path / "askpass.sh"
    askpass.write_text("#!/bin/sh\necho lab-password\n")
    askpass.chmod(stat.S_IRWXU)
    env = {**os.environ, "SSH_ASKPASS": str(askpass), "SSH_ASKPASS_REQUIRE": "force"}
    env.pop("SSH_AUTH_SOCK", None)
    ssh = shutil.which("ssh") or "ssh"
    return subprocess.run(
        [
            ssh,
            "-F",
            "/dev/null",
            "-p",
            str(port),
            "-o",
            "StrictHostKeyChecking=no",
            "-o",
            "UserKnownHostsFile=/dev/null",
            "-o",
            "PreferredAuthentications=password",
            "-o",
            "NumberOfPasswordPrompts=1",
            "-o",
            "ConnectTimeout=30",
            *options,
            "admin@127.0.0.1",
            command,
        ],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("platform", "release"),
    [
        (Platform.C2600, "12.2(13)T"),
        (Platform.C3725, "12.4(15)T14"),
        (Platform.C7200, "15.2(4)M3"),
        (Platform.ISR4000, "17.3.4a"),
    ],
)
def test_openssh_with_legacy_options_runs_a_command(
    lab_router: RouterFactory, tmp_path: Path, platform: Platform, release: str
) -> None:
    router = lab_router(platform=platform, release=release)
    result = openssh(router.port, "show version", tmp_path, *LEGACY_OPTIONS)
    assert result.returncode == 0, result.stderr
    assert f"Version {release}" in result.stdout


def test_openssh_defaults_cannot_reach_ios_12(lab_router: RouterFactory, tmp_path: Path) -> None:
    """As with a real 12.x router: no common key exchange without the legacy options."""
    router = lab_router(release="12.2(13)T")
    result = openssh(router.port, "show version", tmp_path)
    assert result.returncode != 0
    assert "no matching key exchange method" in result.stderr
