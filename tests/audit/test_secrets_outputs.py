"""No secret value in any output of ``audit``: every format, -vv logs, errors.

Secrets of every kind are planted in saved configs (managed and unmanaged parts, clear
and type 7); the audit runs as a subprocess and everything it writes is scanned."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.support.audit_cases import GOLDEN, copy_running, edit_running, load_env

CASE = GOLDEN / "compliant-fleet"
PLANTED = {
    " ip nhrp authentication donttell\n": " ip nhrp authentication 7 104D000A0618E1\n"
    " ip ospf message-digest-key 1 md5 ospfmd5secret\n"
    " ip ospf authentication-key 7 1234ABCDEF99\n",
    "hostname spoke-a\n": "hostname spoke-a\n"
    "username ops password 7 0822455D0A16AA\n"
    "enable password enablecleartext\n"
    "snmp-server community snmpcommunityrw RW\n"
    "tacacs-server key 7 tacacs7value\n"
    "key chain EIGRP\n key 1\n  key-string eigrpkeystring\n"
    "router bgp 65000\n neighbor 173.1.13.1 password bgppasswordvalue\n"
    "crypto isakmp key peerkeyvalue address 192.0.2.99\n"
    "crypto isakmp key peerkeyvalue address 192.0.2.99\n",  # duplicated line
}
SECRETS = [
    "104D000A0618E1",
    "ospfmd5secret",
    "1234ABCDEF99",
    "0822455D0A16AA",
    "enablecleartext",
    "snmpcommunityrw",
    "tacacs7value",
    "eigrpkeystring",
    "bgppasswordvalue",
    "peerkeyvalue",
]


def test_no_secret_in_any_output(tmp_path: Path) -> None:
    running = copy_running(CASE, tmp_path)
    for before, after in PLANTED.items():
        edit_running(running, "spoke-a", before, after)
    env = {**os.environ, **load_env(CASE)}
    outputs = tmp_path / "out"
    outputs.mkdir()
    texts = []
    for fmt in ("json", "table", "junit", "markdown", "html"):
        cmd = [sys.executable, "-m", "dmvpnprov.cli", "-vv", "audit", "-i", str(CASE / "inventory")]
        cmd += ["--running", str(running), "--format", fmt]
        done = subprocess.run(
            cmd, cwd=outputs, env=env, capture_output=True, text=True, check=False
        )
        assert done.returncode in (0, 1), done.stderr
        assert "Traceback" not in done.stderr
        texts += [done.stdout, done.stderr]
    texts += [p.read_text() for p in outputs.rglob("*") if p.is_file()]
    blob = "\n".join(texts)
    assert "spoke-a" in blob
    for secret in [*SECRETS, *load_env(CASE).values()]:
        assert secret not in blob, secret
