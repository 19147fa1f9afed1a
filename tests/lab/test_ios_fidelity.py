"""IOS fidelity the third-party clients depend on: parser, show output, state, files."""

from __future__ import annotations

import re

import pytest

from dmvpnprov.core.platforms import Platform
from tests.support.terminal import Term


@pytest.fixture
def r3725() -> Term:
    return Term(release="12.4(15)T14", platform=Platform.C3725)


def test_ambiguity_as_ios_resolves_it(r3725: Term) -> None:
    assert '% Ambiguous command:  "te"' in r3725.type("te")
    assert '% Ambiguous command:  "show c"' in r3725.type("show c")
    assert "Unknown command or computer name" not in r3725.type("dir")
    assert "Directory of flash:/" in r3725.type("dir")


def test_an_argument_a_command_does_not_take_gets_the_caret(r3725: Term) -> None:
    out = r3725.type("show version brief")
    caret = out.splitlines()[1]
    assert caret.index("^") == len("R1#show version ")
    assert "% Invalid input detected at '^' marker." in out


def test_question_mark_lists_the_keywords(r3725: Term) -> None:
    r3725.out.clear()
    r3725.session.help("show ru")
    assert "running-config" in "".join(r3725.out)
    r3725.out.clear()
    r3725.session.help("show version ")
    text = "".join(r3725.out)
    assert "<cr>" in text
    assert text.endswith("R1#show version ")


def test_ctrl_c_in_config_mode_echoes_caret_c(r3725: Term) -> None:
    r3725.type("configure terminal")
    r3725.out.clear()
    r3725.session.ctrl_z("\x03")
    assert "".join(r3725.out).replace("\r\n", "\n") == "^C\nR1#"


def test_show_version_names_the_platform_as_cisco_does(r3725: Term) -> None:
    out = r3725.type("show version")
    assert "Cisco IOS Software, 3700 Software (C3725-ADVENTERPRISEK9-M), Version 12.4(15)T14" in out
    assert re.search(r"Compiled \w{3} \d\d-\w{3}-\d\d \d\d:\d\d by prod_rel_team", out)
    assert "Processor board ID FTX0945" in out
    assert 'System image file is "flash:c3725-adventerprisek9-mz.124-15.T14.bin"' in out
    old = Term(release="12.2(13)T", platform=Platform.C2600).type("show version")
    assert "IOS (tm) C2600 Software (C2600-ADVSECURITYK9-M), Version 12.2(13)T" in old


def test_running_config_framing(r3725: Term) -> None:
    r3725.type("configure terminal", "hostname R1", "end")
    out = r3725.running()
    assert "! Last configuration change at " in out and " by admin" in out
    for line in ("boot-start-marker", "ip cef", "control-plane", "line aux 0", "no aaa new-model"):
        assert f"\n{line}\n" in out
    assert "\nline con 0\nline aux 0\nline vty 0 4\n" in out  # no "!" between line blocks
    assert "interface FastEthernet0/1\n no ip address\n shutdown\n" in out
    secret = re.search(r"enable secret 5 (\S+)", out)
    assert secret and re.fullmatch(r"\$1\$[./0-9A-Za-z]{4}\$[./0-9A-Za-z]{22}", secret[1])


def test_show_run_interface_takes_abbreviations(r3725: Term) -> None:
    out = r3725.type("sh run int fa0/1")
    assert "interface FastEthernet0/1\n no ip address" in out


def test_domain_name_is_one_setting_in_the_release_spelling(r3725: Term) -> None:
    r3725.type("configure terminal", "ip domain-name a.example", "ip domain name b.example", "end")
    out = r3725.running()
    assert "ip domain name b.example" in out
    assert "a.example" not in out
    assert "ip domain-name" not in out


def test_tunnel_without_source_is_up_down_and_dhcp_shows_a_lease(r3725: Term) -> None:
    r3725.type(
        "configure terminal",
        "interface Tunnel0",
        "ip address 10.0.0.1 255.255.255.0",
        "interface FastEthernet0/1",
        "ip address dhcp",
        "no shutdown",
        "end",
    )
    brief = r3725.type("show ip interface brief")
    tunnel = next(line for line in brief.splitlines() if line.startswith("Tunnel0"))
    assert tunnel.split()[-2:] == ["up", "down"]
    dhcp = next(line for line in brief.splitlines() if line.startswith("FastEthernet0/1"))
    assert "dhcp" not in dhcp.split()[1]
    assert dhcp.split()[3] == "DHCP"
    r3725.type("configure terminal", "interface Tunnel0", "tunnel source FastEthernet0/1", "end")
    brief = r3725.type("show ip interface brief")
    tunnel = next(line for line in brief.splitlines() if line.startswith("Tunnel0"))
    assert tunnel.split()[-2:] == ["up", "up"]


def test_file_commands_and_platform_lines_are_accepted(r3725: Term) -> None:
    out = r3725.type("configure terminal", "file prompt quiet", "ip scp server enable", "end")
    assert "Invalid" not in out
    r3725.type("copy running-config flash:backup.cfg")
    listing = r3725.type("dir flash:")
    assert "backup.cfg" in listing
    assert re.search(r"\d+ bytes total \(\d+ bytes free\)", listing)
    assert "hostname R1" in r3725.type("more flash:backup.cfg")
    assert re.search(
        r"verify /md5 \(flash:backup.cfg\) = [0-9a-f]{32}",
        r3725.type("verify /md5 flash:backup.cfg"),
    )
    assert "{path}" not in r3725.type("show archive")


def test_tclsh_writes_a_file_and_runs_exec_commands(r3725: Term) -> None:
    out = r3725.type("tclsh", 'puts [open "flash:t.txt" w+] {hostname T', "}", "dir flash:t.txt")
    assert "R1(tcl)#" in out
    assert "Directory of flash:/t.txt" in out
    r3725.type("tclquit")
    assert r3725.session.prompt() == "R1#"
    assert r3725.router.flash.read("flash:t.txt") == b"hostname T\n\n"


def test_show_logging_has_the_config_message(r3725: Term) -> None:
    r3725.type("configure terminal", "hostname R1", "end")
    assert "%SYS-5-CONFIG_I: Configured from console by admin" in r3725.type("show logging")
