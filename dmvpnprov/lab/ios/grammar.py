"""The simulated IOS command grammar, per mode, as data.

Each command is a pattern of tokens: a keyword (``nhrp``), a keyword gated on a
capability of :data:`dmvpnprov.core.platforms.FEATURES` (``redirect@nhrp_phase3``: the
keyword does not exist on a release without the feature, so IOS puts the caret under
it), a choice of keywords (``{tunnel|transport}``), an optional group (``[secondary]``)
or a parameter: ``<ip>``, ``<num:1-65535>``, ``<word>``, ``<iface>``, ``<line>`` (the
rest of the line, verbatim) and ``<transforms>`` (one to three IPsec transforms).

``key`` is how many canonical tokens identify a stored line: a new line with the same
key replaces the old one (``ip mtu 1400`` replaces ``ip mtu 1416``), ``no`` + key
removes it; ``None`` means the whole line (multi-valued commands such as
``ip nhrp map``). ``default_on`` marks commands whose negation is what IOS stores
(``no ip split-horizon eigrp 1``) and hides the positive form; ``shows_no``
marks defaults IOS shows either way (``ip cef`` / ``no ip cef``). ``enters`` is
the sub-mode a command opens.

Examples:
    >>> PROMPTS["if"], PROMPTS["trans"]
    ('config-if', 'cfg-crypto-trans')
    >>> any("redirect@nhrp_phase3" in c.pattern for c in GRAMMAR["tunnel"])
    True
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["GRAMMAR", "PARENT_MODE", "PROMPTS", "Cmd"]


@dataclass(frozen=True)
class Cmd:
    """One command pattern of a mode."""

    pattern: str
    key: int | None = None
    enters: str | None = None
    default_on: bool = False
    shows_no: bool = False  # on by default, IOS shows both ``X`` and ``no X``
    priv: bool = True  # exec mode: needs privileged exec (``#``)


PROMPTS: dict[str, str] = {
    "config": "config",
    "if": "config-if",
    "tunnel": "config-if",
    "router": "config-router",
    "isakmp": "config-isakmp",
    "trans": "cfg-crypto-trans",
    "ipsec-profile": "ipsec-profile",
    "crypto-map": "config-crypto-map",
    "ikev2-proposal": "config-ikev2-proposal",
    "ikev2-policy": "config-ikev2-policy",
    "ikev2-keyring": "config-ikev2-keyring",
    "ikev2-keyring-peer": "config-ikev2-keyring-peer",
    "ikev2-profile": "config-ikev2-profile",
    "line": "config-line",
    "vrf": "config-vrf",
    "vrf-af": "config-vrf-af",
    "ip-vrf": "config-vrf",
    "keyring": "conf-keyring",
    "archive": "config-archive",
    "control-plane": "config-cp",
}

# Sub-modes nested in another sub-mode (everything else sits under global config).
PARENT_MODE: dict[str, str] = {"ikev2-keyring-peer": "ikev2-keyring", "vrf-af": "vrf"}

_ROUTING_PROTOCOLS = "{eigrp|ospf|bgp}"

# The live-state show commands (printed from the control plane by lab/ios/show_live.py).
LIVE_SHOW: tuple[Cmd, ...] = (
    Cmd("show dmvpn [detail]"),
    Cmd("show ip nhrp [{brief|multicast}]"),
    Cmd("show ip nhrp nhs [detail]"),
    Cmd("show crypto isakmp sa [detail]"),
    Cmd("show crypto ipsec sa [peer <ip>]"),
    Cmd("show crypto ipsec sa detail"),
    Cmd("show crypto session [detail]"),
    Cmd("show crypto ikev2@ikev2 sa"),
    Cmd("show crypto ikev2@ikev2 proposal"),
    Cmd("show ip route"),
    Cmd("show ip route <ip> [<ip>]"),
    Cmd("show ip eigrp {neighbors|interfaces}"),
    Cmd("show ip ospf neighbor"),
    Cmd("show ip bgp summary"),
    Cmd("show ip protocols"),
)

EXEC: tuple[Cmd, ...] = (
    Cmd("enable [<num:0-15>]", priv=False),
    Cmd("disable", priv=False),
    Cmd("exit", priv=False),
    Cmd("logout", priv=False),
    Cmd("quit", priv=False),
    Cmd("terminal length <num:0-512>", priv=False),
    Cmd("terminal width <num:0-512>", priv=False),
    Cmd("terminal monitor", priv=False),
    Cmd("terminal no monitor", priv=False),
    Cmd("show version", priv=False),
    Cmd("show clock", priv=False),
    Cmd("show privilege", priv=False),
    Cmd("show users", priv=False),
    Cmd("show running-config"),
    Cmd("show running-config interface <iface>"),
    Cmd("show startup-config"),
    Cmd("show ip interface brief", priv=False),
    *LIVE_SHOW,
    Cmd("show reload"),
    Cmd("show archive@config_replace"),
    Cmd("show history", priv=False),
    Cmd("configure [terminal]"),
    Cmd("configure terminal revert@config_revert_timer timer <num:1-120>"),
    Cmd("configure confirm@config_revert_timer"),
    Cmd("configure replace@config_replace <word> [force]"),
    Cmd("configure memory"),
    Cmd("write [memory]"),
    Cmd("write terminal"),
    Cmd("write erase"),
    Cmd("copy running-config startup-config"),
    Cmd("copy running-config <word>"),
    Cmd("copy startup-config running-config"),
    Cmd("reload"),
    Cmd("reload in <num:1-14400>"),
    Cmd("reload cancel"),
    Cmd("archive@config_replace config"),
    Cmd("ping <ip> [repeat <num:1-2147483647>] [source {<iface>|<ip>}]", priv=False),
    Cmd("traceroute <ip>", priv=False),
    Cmd("clear crypto <line>"),
    Cmd("clear ip nhrp"),
)

# Exec commands third-party clients (NAPALM, Ansible, ntc-templates) type, and the
# keywords that make abbreviations ambiguous as on IOS (``te``: telnet/terminal/test).
_REPLACE = " ".join(
    [
        "configure replace@config_replace <word> [force]",
        "[revert] [trigger] [error]",
        "[timer <num:1-120>]",
    ]
)
EXEC_PLATFORM: tuple[Cmd, ...] = (
    Cmd("dir [<word>]"),
    Cmd("more <word>"),
    Cmd("verify /md5 <word>"),
    Cmd("delete [/force] <word>"),
    Cmd("tclsh"),
    Cmd("telnet <line>", priv=False),
    Cmd("test <line>"),
    Cmd("ssh <line>", priv=False),
    Cmd("copy <word> {running-config|startup-config}"),
    Cmd("copy <word> <word>"),
    Cmd(_REPLACE),
    Cmd("configure revert@config_revert_timer now"),
    Cmd("configure revert@config_revert_timer timer <num:1-120>"),
    Cmd("show interfaces [<iface>]", priv=False),
    Cmd("show ip interface [<iface>]", priv=False),
    Cmd("show ipv6 interface [brief]", priv=False),
    Cmd("show arp", priv=False),
    Cmd("show ip arp", priv=False),
    Cmd("show hosts", priv=False),
    Cmd("show inventory", priv=False),
    Cmd("show flash:", priv=False),
    Cmd("show file systems"),
    Cmd("show logging"),
    Cmd("show line", priv=False),
    Cmd("show ssh", priv=False),
    Cmd("show ip ssh", priv=False),
    Cmd("show processes [cpu] [sorted]", priv=False),
    Cmd("show memory statistics", priv=False),
    Cmd("show boot"),
    Cmd("show archive@config_replace config differences <word> [<word>]"),
    Cmd("show archive@config_replace config incremental-diffs <word> [ignorecase]"),
    Cmd("show archive@config_replace config rollback timer"),
    Cmd("show terminal", priv=False),
)

GLOBAL: tuple[Cmd, ...] = (
    Cmd("version <word>", key=1),
    Cmd("service <line>", shows_no=True),
    Cmd("hostname <word>", key=1),
    Cmd("boot-start-marker", key=1),
    Cmd("boot-end-marker", key=1),
    Cmd("logging buffered <num:4096-2147483647> [<word>]", key=2),
    Cmd("logging <ip>", key=None),
    Cmd("enable secret [{0|5}] <word>", key=2),
    Cmd("enable password [{0|7}] <word>", key=2),
    Cmd("aaa new-model", key=2, shows_no=True),
    Cmd("clock timezone <word> <num:-23-23> [<num:0-59>]", key=2),
    Cmd("ip cef", key=2, shows_no=True),
    Cmd("ip domain-lookup", key=2, default_on=True),
    Cmd("ip domain lookup", key=3, default_on=True),
    Cmd("ip domain-name <word>", key=2),
    Cmd("ip domain name <word>", key=3),
    Cmd("ip name-server <ip>"),
    Cmd("ip subnet-zero", key=2, default_on=True),
    Cmd("ip classless", key=2, default_on=True),
    Cmd("ip ssh version {1|2}", key=3),
    Cmd("ip ssh time-out <num:1-120>", key=3),
    Cmd("ip ssh authentication-retries <num:0-5>", key=3),
    Cmd("ip http server", key=3, shows_no=True),
    Cmd("ip http secure-server", key=3),
    Cmd("ip forward-protocol nd", key=3),
    Cmd("ip route <ip> <ip> <ip> [<num:1-255>]"),
    Cmd("ip route <ip> <ip> <iface> [<ip>]"),
    Cmd("username <word> [privilege <num:0-15>] {password|secret} [{0|5|7}] <word>", key=2),
    Cmd("interface <iface>", key=2, enters="if"),
    Cmd("router eigrp <num:1-65535>", key=3, enters="router"),
    Cmd("router ospf <num:1-65535>", key=3, enters="router"),
    Cmd("router bgp <num:1-4294967295>", key=3, enters="router"),
    Cmd("crypto isakmp policy <num:1-10000>", key=4, enters="isakmp"),
    Cmd("crypto keyring <word> [vrf <word>]", key=3, enters="keyring"),
    Cmd("vrf definition@vrf_definition <word>", key=3, enters="vrf"),
    Cmd("ip vrf <word>", key=3, enters="ip-vrf"),
    Cmd("ip route vrf <word> <ip> <ip> <ip> [<num:1-255>]"),
    Cmd("crypto isakmp key [{0|6}] <word> address <ip> [<ip>] [no-xauth]", key=None),
    Cmd("crypto isakmp keepalive <num:10-3600> [<num:2-60>] [{periodic|on-demand}]", key=3),
    Cmd("crypto isakmp nat keepalive <num:5-3600>", key=4),
    Cmd("crypto isakmp invalid-spi-recovery@isakmp_invalid_spi_recovery", key=3),
    Cmd("crypto ikev2@ikev2 nat keepalive <num:5-3600>", key=4),
    Cmd("crypto ipsec transform-set <word> <transforms>", key=4, enters="trans"),
    Cmd("crypto ipsec profile@ipsec_profile <word>", key=4, enters="ipsec-profile"),
    Cmd("crypto ipsec security-association lifetime seconds <num:120-86400>", key=5),
    Cmd("crypto map <word> <num:1-65535> ipsec-isakmp", key=4, enters="crypto-map"),
    Cmd("crypto ikev2@ikev2 proposal <word>", key=4, enters="ikev2-proposal"),
    Cmd("crypto ikev2@ikev2 policy <word>", key=4, enters="ikev2-policy"),
    Cmd("crypto ikev2@ikev2 keyring <word>", key=4, enters="ikev2-keyring"),
    Cmd("crypto ikev2@ikev2 profile <word>", key=4, enters="ikev2-profile"),
    Cmd("crypto key generate rsa [<line>]", key=4),
    Cmd("archive@config_replace", key=1, enters="archive"),
    Cmd("access-list <num:1-2699> {permit|deny|remark} <line>"),
    Cmd("snmp-server community <word> [{RO|RW}] [<num:1-99>]", key=3),
    Cmd("snmp-server location <line>", key=2),
    Cmd("snmp-server contact <line>", key=2),
    Cmd("ntp server <ip> [prefer]", key=3),
    Cmd("ntp source <iface>", key=2),
    Cmd("line {con|aux|vty} <num:0-1869> [<num:1-1869>]", key=None, enters="line"),
    # --- platform plumbing every router prints or NAPALM / Ansible type ---
    Cmd("control-plane", key=1, enters="control-plane"),
    Cmd("file prompt [{alert|noisy|quiet}]", key=2),
    Cmd("ip scp server enable", key=4),
    Cmd("memory-size iomem <num:5-50>", key=2),
)

_IP_IF = (
    Cmd("description <line>", key=1),
    Cmd("bandwidth <num:1-10000000>", key=1),
    Cmd("delay <num:1-16777215>", key=1),
    Cmd("ip address <ip> <ip> [secondary]", key=2, shows_no=True),
    Cmd("ip address dhcp", key=2, shows_no=True),
    Cmd("ip mtu <num:68-17912>", key=2),
    Cmd("ip tcp adjust-mss@ip_tcp_adjust_mss <num:500-1460>", key=3),
    Cmd("ip redirects", key=2, default_on=True),
    Cmd("ip unreachables", key=2, default_on=True),
    Cmd("ip proxy-arp", key=2, default_on=True),
    Cmd("ip route-cache", key=2, default_on=True),
    Cmd("ip virtual-reassembly", key=2),
    Cmd("ip split-horizon [eigrp <num:1-65535>]", key=None, default_on=True),
    Cmd("ip next-hop-self@eigrp_no_next_hop_self eigrp <num:1-65535>", key=None, default_on=True),
    Cmd("ip summary-address eigrp <num:1-65535> <ip> <ip> [<num:1-255>]"),
    Cmd("ip ospf network {broadcast|non-broadcast|point-to-multipoint|point-to-point}", key=3),
    Cmd("ip ospf priority <num:0-255>", key=3),
    Cmd("ip ospf hello-interval <num:1-65535>", key=3),
    Cmd("ip ospf dead-interval <num:1-65535>", key=3),
    Cmd("ip ospf cost <num:1-65535>", key=3),
    Cmd("ip nat {inside|outside}", key=2),
    Cmd("vrf forwarding <word>", key=2),
    Cmd("ip vrf forwarding <word>", key=3),
    Cmd("crypto map <word>", key=2),
    Cmd("shutdown", key=1),
    Cmd("keepalive [<num:0-32767>]", key=1, default_on=True),
    Cmd("cdp enable", key=2, default_on=True),
)

INTERFACE: tuple[Cmd, ...] = (
    *_IP_IF,
    Cmd("duplex {auto|full|half}", key=1),
    Cmd("speed {10|100|1000|auto}", key=1),
    Cmd("negotiation auto", key=1),
    Cmd("media-type <word>", key=1),
)

TUNNEL: tuple[Cmd, ...] = (
    *_IP_IF,
    Cmd("ip nhrp authentication <word>", key=3),
    Cmd("ip nhrp map multicast dynamic@dmvpn"),
    Cmd("ip nhrp map multicast <ip>"),
    Cmd("ip nhrp map <ip> <ip>"),
    Cmd("ip nhrp network-id <num:1-4294967295>", key=3),
    Cmd("ip nhrp holdtime <num:1-65535>", key=3),
    Cmd("ip nhrp nhs <ip>", key=4),
    Cmd("ip nhrp nhs <ip> nbma@nhrp_nhs_nbma <ip> [multicast]", key=4),
    Cmd("ip nhrp nhs <ip> priority@nhrp_nhs_cluster <num:0-255>", key=4),
    Cmd("ip nhrp nhs cluster@nhrp_nhs_cluster <num:0-10> max-connections <num:0-255>", key=5),
    Cmd("ip nhrp nhs fallback@nhrp_nhs_cluster <num:0-3600>", key=4),
    Cmd("if-state nhrp@if_state_nhrp", key=2),
    Cmd("ip nhrp registration no-unique@nhrp_registration_no_unique", key=4),
    Cmd("ip nhrp registration timeout <num:1-65535>", key=4),
    Cmd("ip nhrp redirect@nhrp_phase3 [timeout <num:2-30>]", key=3),
    Cmd("ip nhrp shortcut@nhrp_phase3", key=3),
    Cmd("ip nhrp interest <num:1-199>", key=3),
    Cmd("tunnel source <iface>", key=2),
    Cmd("tunnel source <ip>", key=2),
    Cmd("tunnel destination <ip>", key=2),
    Cmd("tunnel mode gre [{multipoint|ip}]", key=2),
    Cmd("tunnel mode ipsec ipv4", key=2),
    Cmd("tunnel key <num:0-4294967295>", key=2),
    Cmd("tunnel protection@dmvpn ipsec profile <word> [shared@tunnel_protection_shared]", key=2),
    Cmd("tunnel path-mtu-discovery", key=2),
    Cmd("tunnel vrf <word>", key=2),
)

_STUB = "{connected|static|summary|redistributed}"  # what an EIGRP stub advertises

ROUTER: tuple[Cmd, ...] = (
    Cmd("network <ip> [<ip>]"),
    Cmd("network <ip> <ip> area <num:0-4294967295>"),
    Cmd("network <ip> mask <ip>"),
    Cmd("auto-summary", key=1),
    Cmd("eigrp router-id <ip>", key=2),
    # `eigrp stub [receive-only] [leak-map name] [connected] [static] [summary]
    # [redistributed]` (IP Routing: EIGRP Configuration Guide, 15M&T, "EIGRP Stub
    # Routing"); receive-only stands alone (EIGRP Command Reference, `eigrp stub`); the
    # other keywords are taken in any order.
    Cmd("eigrp stub [receive-only]", key=2),
    Cmd(f"eigrp stub {_STUB} [{_STUB}] [{_STUB}] [{_STUB}] [leak-map <word>]", key=2),
    Cmd("eigrp stub leak-map <word>", key=2),
    Cmd("router-id <ip>", key=1),
    Cmd("passive-interface <iface>"),
    Cmd("passive-interface default", key=2),
    Cmd("redistribute <line>"),
    Cmd("variance <num:1-128>", key=1),
    Cmd("log-adjacency-changes [detail]", key=1, shows_no=True),
    Cmd("bgp log-neighbor-changes", key=2, shows_no=True),
    Cmd("bgp router-id <ip>", key=2),
    Cmd("bgp listen@bgp_dynamic_neighbors range <word> peer-group <word>"),
    Cmd("bgp listen@bgp_dynamic_neighbors limit <num:1-5000>", key=3),
    Cmd("neighbor <word> remote-as <num:1-4294967295>", key=3),
    Cmd("neighbor <word> peer-group [<word>]", key=3),
    Cmd("neighbor <word> route-reflector-client", key=3),
    Cmd("neighbor <word> allowas-in [<num:1-10>]", key=3),
    Cmd("neighbor <word> next-hop-self [all@bgp_next_hop_self_all]", key=3),
    Cmd("neighbor <word> update-source <iface>", key=3),
    Cmd("neighbor <word> description <line>", key=3),
    Cmd("neighbor <word> timers <num:0-65535> <num:0-65535>", key=3),
    Cmd("neighbor <word> activate", key=3),
    Cmd("no synchronization", key=None),
)

GRAMMAR: dict[str, tuple[Cmd, ...]] = {
    "exec": EXEC + EXEC_PLATFORM,
    "config": GLOBAL,
    "if": INTERFACE,
    "tunnel": TUNNEL,
    "router": ROUTER,
    "isakmp": (
        Cmd("encryption {des|3des|aes@isakmp_aes} [{128|192|256}]", key=1),
        Cmd("hash {md5|sha|sha256@isakmp_sha2|sha384@isakmp_sha2|sha512@isakmp_sha2}", key=1),
        Cmd("authentication {pre-share|rsa-sig|rsa-encr}", key=1),
        Cmd(
            "group {1|2|5|14@dh_group14|15@dh_group14|16@dh_group14|19@isakmp_ecdh"
            "|20@isakmp_ecdh|24@isakmp_group24}",
            key=1,
        ),
        Cmd("lifetime <num:60-86400>", key=1),
    ),
    "trans": (Cmd("mode {tunnel|transport}", key=1),),
    "ipsec-profile": (
        Cmd("set transform-set <word> [<word>] [<word>]", key=2),
        Cmd(
            "set pfs [{group1|group2|group5|group14|group19@pfs_ecdh|group20@pfs_ecdh|group24}]",
            key=2,
        ),
        Cmd("set security-association lifetime seconds <num:120-86400>", key=4),
        Cmd("set ikev2-profile@ikev2_profile_ref <word>", key=2),
        Cmd("description <line>", key=1),
    ),
    "crypto-map": (
        Cmd("set peer <ip>"),
        Cmd("set transform-set <word> [<word>]", key=2),
        Cmd("set pfs [<word>]", key=2),
        Cmd("match address <word>", key=2),
        Cmd("description <line>", key=1),
    ),
    "ikev2-proposal": (
        Cmd(
            "encryption {des|3des|aes-cbc-128|aes-cbc-192|aes-cbc-256|aes-gcm-128@ikev2_gcm"
            "|aes-gcm-256@ikev2_gcm} [<line>]",
            key=1,
        ),
        Cmd("integrity <line>", key=1),
        Cmd("prf@ikev2_prf <line>", key=1),
        Cmd("group <line>", key=1),
    ),
    "ikev2-policy": (
        Cmd("proposal <word>"),
        Cmd("match <line>"),
    ),
    "ikev2-keyring": (Cmd("peer <word>", key=2, enters="ikev2-keyring-peer"),),
    "ikev2-keyring-peer": (
        Cmd("address <ip> [<ip>]", key=1),
        Cmd("pre-shared-key <word>", key=1),
        Cmd("pre-shared-key {local|remote} <word>", key=2),
        Cmd("description <line>", key=1),
    ),
    "ikev2-profile": (
        Cmd("match identity remote address <ip> [<ip>]"),
        Cmd("authentication {remote|local} pre-share", key=2),
        Cmd("keyring local <word>", key=1),
        Cmd("lifetime <num:120-86400>", key=1),
        Cmd("dpd <num:10-3600> <num:2-10> {on-demand|periodic}", key=1),
        Cmd("match fvrf <word>", key=2),
        Cmd("description <line>", key=1),
    ),
    "line": (
        Cmd("password [{0|7}] <word>", key=1),
        Cmd("login [local]", key=1),
        Cmd("transport input {ssh|telnet|all|none} [{ssh|telnet}]", key=2),
        Cmd("exec-timeout <num:0-35791> [<num:0-2147483>]", key=1),
        Cmd("logging synchronous", key=2),
        Cmd("privilege level <num:0-15>", key=2),
        Cmd("stopbits {1|1.5|2}", key=1),
    ),
    "vrf": (
        Cmd("address-family ipv4", key=2, enters="vrf-af"),
        Cmd("exit-address-family", key=1),
        Cmd("rd <word>", key=1),
        Cmd("description <line>", key=1),
    ),
    "vrf-af": (),
    "ip-vrf": (Cmd("rd <word>", key=1), Cmd("description <line>", key=1)),
    "keyring": (Cmd("pre-shared-key address <ip> [<ip>] key <word>", key=3),),
    "control-plane": (),
    "archive": (
        Cmd("path <word>", key=1),
        Cmd("write-memory", key=1),
        Cmd("maximum <num:1-14>", key=1),
        Cmd("time-period <num:1-525600>", key=1),
    ),
}
