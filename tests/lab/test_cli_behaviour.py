"""The simulated IOS command line, driven directly (no transport): modes, errors, state."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from dmvpnprov.core.platforms import Platform
from dmvpnprov.lab.state.faults import Faults
from tests.support.terminal import Term


@pytest.fixture
def term() -> Iterator[Term]:
    terminal = Term()
    yield terminal
    terminal.loop.close()


def test_prompts_follow_the_modes(term: Term) -> None:
    out = term.type("conf t", "int tu0", "exit", "router eigrp 1", "crypto isakmp policy 1", "end")
    assert "Enter configuration commands, one per line.  End with CNTL/Z." in out
    for prompt in ("R1(config)#", "R1(config-if)#", "R1(config-router)#", "R1(config-isakmp)#"):
        assert prompt in out
    assert out.endswith("R1#")


def test_crypto_sub_mode_prompts(term: Term) -> None:
    out = term.type(
        "configure terminal",
        "crypto ipsec transform-set trans2 esp-des esp-md5-hmac",
        "crypto ipsec profile vpnprof",
        "line vty 0 4",
    )
    assert "R1(cfg-crypto-trans)#" in out
    assert "R1(ipsec-profile)#" in out
    assert out.endswith("R1(config-line)#")


def test_abbreviations_expand_to_canonical_lines(term: Term) -> None:
    term.type("conf t", "int tu0", "ip add 10.0.0.1 255.255.255.0", "tun mo gre multi", "end")
    running = term.running()
    assert "interface Tunnel0\n ip address 10.0.0.1 255.255.255.0\n" in running
    assert " tunnel mode gre multipoint\n" in running


def test_invalid_input_puts_the_caret_under_the_offending_word(term: Term) -> None:
    out = term.type("show runing-config")
    lines = out.split("\n")
    caret = lines[lines.index("show runing-config") + 1]
    assert caret == " " * len("R1#show ") + "^"
    assert "% Invalid input detected at '^' marker." in out


def test_incomplete_and_ambiguous(term: Term) -> None:
    assert "% Incomplete command." in term.type("show")
    assert '% Ambiguous command:  "c"' in term.type("c")


def test_exec_command_in_config_mode_needs_do(term: Term) -> None:
    out = term.type("conf t", "show version")
    assert "% Invalid input detected at '^' marker." in out
    out = term.type("do show run | include hostname")
    assert "hostname R1" in out
    assert "R1(config)#" in out


def test_global_command_falls_through_from_a_sub_mode(term: Term) -> None:
    out = term.type("conf t", "interface Tunnel0", "hostname HUB")
    assert out.endswith("HUB(config)#")


def test_no_forms_remove_and_default_on_commands_store_the_negation(term: Term) -> None:
    term.type(
        "conf t",
        "interface Tunnel0",
        "ip mtu 1416",
        "no ip split-horizon eigrp 1",
        "ip nhrp map multicast dynamic",
        "end",
    )
    assert " ip mtu 1416" in term.running()
    assert " no ip split-horizon eigrp 1" in term.running()
    term.type("conf t", "interface Tunnel0", "no ip mtu", "ip split-horizon eigrp 1")
    term.type("no ip nhrp map multicast dynamic", "end")
    running = term.running()
    assert "ip mtu" not in running
    assert "split-horizon" not in running
    assert "ip nhrp map" not in running
    term.type("conf t", "no interface Tunnel0", "end")
    assert "interface Tunnel0" not in term.running()


def test_a_changed_value_replaces_the_line_in_place(term: Term) -> None:
    term.type("conf t", "int tu0", "ip nhrp network-id 98", "ip nhrp network-id 99", "end")
    assert term.running().count("ip nhrp network-id") == 1
    assert " ip nhrp network-id 99" in term.running()


def test_show_run_framing_and_section_pipe(term: Term) -> None:
    term.type("conf t", "interface Tunnel0", "bandwidth 1000", "end")
    out = term.type("show running-config")
    assert "Building configuration...\n\nCurrent configuration : " in out
    assert "\nversion 12.4\n" in out
    assert out.rstrip().endswith("end\n\nR1#") or "\nend\n" in out
    section = term.type("sh run | section Tunnel0")
    assert "interface Tunnel0\n bandwidth 1000" in section
    assert "hostname" not in section


def test_write_memory_and_copy_run_start(term: Term) -> None:
    term.type("conf t", "hostname R2", "end")
    assert "hostname R2" not in term.type("show startup-config")
    out = term.type("wr mem")
    assert "Building configuration...\n[OK]" in out
    assert "hostname R2" in term.type("show startup-config")
    out = term.type("copy running-config startup-config", "")
    assert "Destination filename [startup-config]?" in out
    assert "[OK]" in out


def test_write_memory_fault_prints_the_nvram_error(term: Term) -> None:
    term.router.faults = Faults(write_fails=True)
    out = term.type("write memory")
    assert "%Error" in out
    assert "[OK]" not in out


def test_show_version_names_platform_release_and_uptime(term: Term) -> None:
    out = term.type("sh ver")
    assert "Cisco IOS Software, 7200 Software (C7200-ADVENTERPRISEK9-M), Version 12.4(24)T" in out
    assert "R1 uptime is " in out


def test_reload_in_and_cancel(term: Term) -> None:
    out = term.type("reload in 5", "")
    assert "Reload scheduled in 5 minutes by admin on vty" in out
    assert "Proceed with reload? [confirm]" in out
    out = term.type("reload cancel")
    assert "*** --- SHUTDOWN ABORTED ---" in out
    assert "%No reload is scheduled." in term.type("reload cancel")


def test_release_fidelity_phase3_rejected_on_12_2_13_t() -> None:
    term = Term(release="12.2(13)T", platform=Platform.C3725)
    out = term.type("conf t", "interface Tunnel0", "ip nhrp redirect")
    lines = out.split("\n")
    echo = lines.index("R1(config-if)#ip nhrp redirect")
    assert lines[echo + 1] == " " * len("R1(config-if)#ip nhrp ") + "^"
    assert "% Invalid input detected at '^' marker." in out
    assert "ip nhrp redirect" not in term.running()


def test_release_fidelity_newer_release_accepts_phase3_and_ikev2() -> None:
    term = Term(release="15.2(4)M3")
    out = term.type("conf t", "int tu0", "ip nhrp redirect", "crypto ikev2 proposal P", "end")
    assert "%" not in out
    assert " ip nhrp redirect" in term.running()


def test_ikev2_and_gcm_are_rejected_before_their_releases(term: Term) -> None:
    out = term.type("conf t", "crypto ikev2 proposal P")
    assert "R1(config)#crypto ikev2 proposal P\n" + " " * len("R1(config)#crypto ") + "^" in out
    out = term.type("crypto ipsec transform-set T esp-gcm 256")
    assert " " * len("R1(config)#crypto ipsec transform-set T ") + "^" in out


def test_revert_timer_and_archive_follow_the_capability_table() -> None:
    old = Term(release="12.3(26)", platform=Platform.C2600)
    assert "% Invalid input" in old.type("configure terminal revert timer 5")
    assert "% Invalid input" in old.type("conf t", "archive")
    new = Term(release="15.2(4)M3")
    out = new.type("configure terminal revert timer 5")
    assert "archive is not configured" in out
    new.type("conf t", "archive", "path flash:rollback", "end")
    out = new.type("configure terminal revert timer 5", "hostname X", "end", "configure confirm")
    assert "% " not in out
    assert new.router.revert is None


def test_enable_asks_for_the_secret_without_echo() -> None:
    term = Term()
    term.session.priv = False
    assert term.type("enable").endswith("Password: ")
    assert term.session.echo is False
    assert term.type("wrong").endswith("Password: ")
    assert term.type("en").endswith("R1#")
    assert term.session.echo is True


def test_reload_timer_fires_and_restores_the_startup_config(term: Term) -> None:
    term.router.faults = Faults(minute_seconds=0.01)
    closed: list[bool] = []
    term.router.sessions.add(lambda: closed.append(True))
    term.type("conf t", "hostname CHANGED", "end")
    out = term.type("reload in 1", "no", "")
    assert "System configuration has been modified. Save? [yes/no]: " in out
    assert "Reload scheduled in 1 minutes" in out
    term.wait(0.1)
    assert closed == [True]
    assert "hostname R1" in term.running()
    assert "hostname CHANGED" not in term.running()


def test_revert_timer_rolls_back_unless_confirmed() -> None:
    term = Term(release="15.2(4)M3")
    term.router.faults = Faults(minute_seconds=0.01)
    term.type("conf t", "archive", "path flash:rollback", "end")
    term.type("configure terminal revert timer 1", "interface Tunnel0", "ip mtu 1400", "end")
    assert " ip mtu 1400" in term.running()
    term.wait(0.1)
    assert "interface Tunnel0" not in term.running()
    term.type("configure terminal revert timer 1", "hostname KEPT", "end", "configure confirm")
    term.wait(0.1)
    assert "hostname KEPT" in term.running()


def test_configure_replace_from_a_copied_file() -> None:
    term = Term(release="15.2(4)M3")
    term.type("copy running-config disk0:golden", "")  # a 7206VXR has disk0:, no flash:
    term.type("conf t", "hostname DRIFT", "end")
    out = term.type("configure replace disk0:golden force")
    assert "Rollback Done" in out
    assert "hostname R1" in term.running()


def test_pipes_begin_and_show_run_interface(term: Term) -> None:
    term.type("conf t", "interface Tunnel0", "ip mtu 1400", "end")
    out = term.type("show running-config | begin interface")
    assert "hostname" not in out
    assert "interface Tunnel0" in out
    out = term.type("show running-config interface Tunnel0")
    assert "interface Tunnel0\n ip mtu 1400" in out
    assert "line vty" not in out


def test_auto_summary_default_follows_the_release() -> None:
    old = Term(release="12.4(15)T")
    old.type("conf t", "router eigrp 1", "no auto-summary", "end")
    assert " no auto-summary" in old.running()
    new = Term(release="15.2(4)M3")
    new.type("conf t", "router eigrp 1", "network 10.0.0.0 0.0.0.255", "no auto-summary", "end")
    assert "auto-summary" not in new.running()


def test_physical_interfaces_must_exist_and_cannot_be_removed(term: Term) -> None:
    out = term.type("conf t", "interface FastEthernet9/9")
    assert "% Invalid input detected at '^' marker." in out
    out = term.type("no interface GigabitEthernet0/1")
    assert "% Removal of physical interfaces is not permitted" in out


def test_output_pages_at_more_until_terminal_length_0(term: Term) -> None:
    term.session.length = 24
    term.type("conf t", *[f"access-list 10 permit 10.0.{i}.0 0.0.0.255" for i in range(40)])
    term.type("end")
    out = term.type("show running-config")
    assert out.endswith(" --More-- ")
    assert len(out.split("\n")) == 1 + 23 + 1  # the echo, 23 lines, --More--
    term.out.clear()
    term.session.more_key(" ")
    assert "".join(term.out).endswith(" --More-- ")
    term.out.clear()
    term.session.more_key("q")
    assert "".join(term.out).endswith("R1#")
    term.type("terminal length 0")
    assert " --More-- " not in term.type("show running-config")


def test_archive_config_and_configure_replace_from_the_archive() -> None:
    term = Term(release="15.2(4)M3")
    assert "%Archive path not specified" in term.type("archive config")
    term.type("conf t", "archive", "path flash:$h-arch", "write-memory", "end")
    term.type("write memory")
    assert "flash:R1-arch-1" in term.type("show archive")
    term.type("conf t", "hostname DRIFT", "end")
    assert "Rollback Done" in term.type("configure replace flash:R1-arch-1 force")
    assert "hostname R1" in term.running()


def test_show_ip_interface_brief(term: Term) -> None:
    term.type("conf t", "interface GigabitEthernet0/1", "ip address 130.25.13.1 255.255.255.0")
    term.type("no shutdown")  # a physical interface starts shut, as from the factory
    term.type("interface Tunnel0", "shutdown", "end")
    out = term.type("show ip interface brief")
    assert "GigabitEthernet0/1         130.25.13.1     YES manual up" in out
    assert "Tunnel0                    unassigned      YES unset  administratively down" in out


def test_config_prompts_abbreviate_long_hostnames(term: Term) -> None:
    out = term.type("conf t", "hostname spoke-0042-frankfurt-dc2", "interface Tunnel0")
    assert out.endswith("spoke-0042-frankfurt(config-if)#")
    assert term.type("end").endswith("spoke-0042-frankfurt-dc2#")


def test_eigrp_stub_takes_its_keywords_and_nothing_else(term: Term) -> None:
    term.type("conf t", "router eigrp 1")
    for good in ("eigrp stub", "eigrp stub connected", "eigrp stub static connected summary",
                 "eigrp stub receive-only", "eigrp stub connected leak-map LEAK"):  # fmt: skip
        assert "% " not in term.type(good), good
    for bad in ("eigrp stub conected", "eigrp stub receive-only connected", "eigrp stub 10"):
        assert "% Invalid input detected at '^' marker." in term.type(bad), bad
    term.type("eigrp stub connected summary", "end")
    assert " eigrp stub connected summary\n" in term.running()
