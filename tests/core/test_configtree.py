"""The managed scope and remediation: what push and audit both stand on."""

from __future__ import annotations

from dmvpnprov.core.configtree import managed_view, parse, remediation_lines, remediation_text

RUNNING = """\
Building configuration...

Current configuration : 512 bytes
!
hostname R1
username admin privilege 15 secret 5 $1$abc
crypto isakmp key OLD address 0.0.0.0
crypto isakmp key OTHER address 198.51.100.9
crypto ipsec transform-set trans2 esp-des esp-md5-hmac
crypto ipsec transform-set unrelated esp-aes
interface Tunnel0
 ip address 10.0.0.1 255.255.255.0
 ip nhrp network-id 98
 ip nhrp map 10.0.0.9 203.0.113.9
interface Ethernet0
 description uplink
 ip address 172.17.0.9 255.255.255.0
interface Ethernet5
 ip address 5.5.5.5 255.255.255.0
router eigrp 1
 network 10.0.0.0 0.0.0.255
 network 172.16.0.0
snmp-server community public RO
line vty 0 4
 password 7 0822455D0A16
end
"""

INTENDED = """\
crypto isakmp policy 1
 authentication pre-share
crypto isakmp key cisco47 address 0.0.0.0
crypto ipsec transform-set trans2 esp-aes 256 esp-sha-hmac
crypto ipsec profile vpnprof
 set transform-set trans2
interface Tunnel0
 ip address 10.0.0.1 255.255.255.0
 ip nhrp network-id 99
 tunnel protection ipsec profile vpnprof
interface Ethernet0
 ip address 172.17.0.1 255.255.255.0
interface Ethernet1
 ip address 192.168.1.1 255.255.255.0
router eigrp 1
 network 10.0.0.0 0.0.0.255
 network 192.168.1.0 0.0.0.255
"""


def _apply(running: str, lines: list[str]) -> str:
    """Apply a remediation to a config tree the way hier_config merges it."""
    tree = parse(running)
    change = parse("\n".join(lines))
    tree.future(change)  # sanity: future() must accept the change
    return str(tree.future(change))


def test_unmanaged_lines_are_never_in_scope() -> None:
    view = str(managed_view(parse(RUNNING), parse(INTENDED)))
    # exactly the running lines the intended config manages, and nothing else
    lines = [line.strip() for line in view.splitlines() if line.strip() not in ("", "exit")]
    assert lines == [
        "crypto isakmp key OLD address 0.0.0.0",
        "crypto ipsec transform-set trans2 esp-des esp-md5-hmac",
        "interface Tunnel0",
        "ip address 10.0.0.1 255.255.255.0",
        "ip nhrp network-id 98",
        "ip nhrp map 10.0.0.9 203.0.113.9",
        "interface Ethernet0",
        "ip address 172.17.0.9 255.255.255.0",
        "router eigrp 1",
        "network 10.0.0.0 0.0.0.255",
        "interface Ethernet1",  # in the scope, absent here: stands empty (never "no interface")
    ]
    for unmanaged in (
        "username",
        "snmp-server",
        "line vty",
        "Ethernet5",
        "OTHER",
        "unrelated",
        "172.16.0.0",
        "description uplink",
    ):
        assert unmanaged not in view


def test_changed_values_are_replaced_in_place_not_negated() -> None:
    lines = [line.strip() for line in remediation_lines(RUNNING, INTENDED)]
    assert "ip nhrp network-id 99" in lines
    assert "no ip nhrp network-id 98" not in lines
    assert "crypto isakmp key cisco47 address 0.0.0.0" in lines
    assert not any(line.startswith("no crypto isakmp key") for line in lines)
    assert "ip address 172.17.0.1 255.255.255.0" in lines
    assert "no ip nhrp map 10.0.0.9 203.0.113.9" in lines


def test_remediation_then_nothing_left_to_do() -> None:
    after = _apply(RUNNING, remediation_lines(RUNNING, INTENDED))
    assert remediation_text(after, INTENDED) == ""
    # what was outside the scope is still there
    for kept in (
        "snmp-server community public RO",
        "network 172.16.0.0",
        "crypto isakmp key OTHER address 198.51.100.9",
    ):
        assert kept in after


def test_rollback_restores_the_managed_part_of_the_backup() -> None:
    pushed = _apply(RUNNING, remediation_lines(RUNNING, INTENDED))
    back = remediation_lines(pushed, RUNNING, scope=INTENDED)
    stripped = [line.strip() for line in back]
    assert "no interface Ethernet1" not in stripped  # physical: only its address goes
    assert "no ip address 192.168.1.1 255.255.255.0" in stripped
    restored = _apply(pushed, back)
    assert remediation_text(restored, RUNNING, scope=INTENDED) == ""


def test_removals_respect_dependencies() -> None:
    back = [line.strip() for line in remediation_lines(INTENDED, "hostname R1\n", scope=INTENDED)]
    assert back.index("no interface Tunnel0") < back.index("no crypto ipsec profile vpnprof")


FACTORY = """\
interface FastEthernet0/0
 ip address 173.1.13.101 255.255.255.0
 duplex auto
 speed auto
interface Serial0/0
 no ip address
 shutdown
"""


def test_a_config_is_its_own_target_even_with_lines_outside_the_scope() -> None:
    # a full backup as the target: its physical interfaces' factory lines are outside
    # the scope, so they are neither sent nor reported as missing
    assert remediation_lines(FACTORY, FACTORY) == []
    assert remediation_lines(RUNNING, RUNNING) == []
    changed = FACTORY.replace("173.1.13.101", "173.1.13.102")
    lines = [line.strip() for line in remediation_lines(FACTORY, changed)]
    assert lines == ["interface FastEthernet0/0", "ip address 173.1.13.102 255.255.255.0"]
