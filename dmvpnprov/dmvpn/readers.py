"""Read IOS config text into a :class:`~dmvpnprov.dmvpn.config.RouterConfig`.

One pass over the lines, by indentation (IOS prints a section's lines one space in, a
keyring peer's or an address family's two). Only the lines the model needs are read;
anything else is skipped. Secrets become digests at once (never kept as text).

Examples:
    >>> cfg = read_config("hub1", '''crypto isakmp policy 10
    ...  encryption aes 256
    ...  authentication pre-share
    ...  group 14
    ... interface Tunnel0
    ...  ip address 10.0.0.1 255.255.255.0
    ...  ip nhrp map multicast dynamic
    ...  tunnel mode gre multipoint
    ... router eigrp 1
    ...  network 10.0.0.0 0.0.0.255
    ... ''')
    >>> cfg.isakmp[0].describe(), cfg.tunnels[0].multipoint, cfg.eigrp[1].networks
    ('aes 256/sha/group 14', True, [IPv4Network('10.0.0.0/24')])
"""

from __future__ import annotations

import re
from dataclasses import replace
from ipaddress import IPv4Address, IPv4Interface, IPv4Network

from dmvpnprov.dmvpn.config import (
    BgpNeighbor,
    BgpProcess,
    EigrpProcess,
    Ikev2Profile,
    Ikev2Proposal,
    Interface,
    IpsecProfile,
    IsakmpPolicy,
    NhsLine,
    OspfProcess,
    Psk,
    RouterConfig,
    Secret,
    StaticRoute,
    TransformSet,
)

__all__ = ["read_config", "wildcard_network"]

_IP = r"\d+\.\d+\.\d+\.\d+"
_ISAKMP_KEY = re.compile(rf"^crypto isakmp key (?:[067] )?(\S+) address ({_IP})(?: ({_IP}))?")
_PSK_LINE = re.compile(rf"^pre-shared-key (?:[067] )?(\S+) address ({_IP})(?: ({_IP}))?")
_KEYRING_PSK = re.compile(rf"^pre-shared-key address ({_IP})(?: ({_IP}))? key (?:[067] )?(\S+)")
_NHS = re.compile(rf"^ip nhrp nhs ({_IP})(?: nbma ({_IP}))?( multicast)?")
_ROUTE = re.compile(rf"^ip route ({_IP}) ({_IP}) (\S+)(?: (\S+))?")


def wildcard_network(address: str, wildcard: str | None) -> IPv4Network:
    """``network A W``'s network (a mask given instead of a wildcard is accepted).

    Examples:
        >>> wildcard_network("10.0.0.0", "0.0.0.255")
        IPv4Network('10.0.0.0/24')
        >>> wildcard_network("10.0.0.1", "0.0.0.0")
        IPv4Network('10.0.0.1/32')
    """
    if wildcard is None:
        first = int(address.split(".")[0])
        prefix = 8 if first < 128 else 16 if first < 192 else 24
        return IPv4Network(f"{address}/{prefix}", strict=False)
    return IPv4Network(f"{address}/{wildcard}", strict=False)


def _scope(address: str, mask: str | None) -> IPv4Network:
    if address == "0.0.0.0":
        return IPv4Network("0.0.0.0/0")
    return IPv4Network(f"{address}/{mask or '255.255.255.255'}", strict=False)


class _Reader:
    def __init__(self, name: str) -> None:
        self.cfg = RouterConfig(name=name)
        self.section: list[str] = ["", "", ""]
        self.keyring_peer: list[IPv4Network] = []

    # -- top level ---------------------------------------------------------------
    def top(self, line: str) -> None:
        cfg = self.cfg
        words = line.split()
        if line.startswith("crypto isakmp policy "):
            cfg.isakmp.append(IsakmpPolicy(int(words[3])))
        elif m := _ISAKMP_KEY.match(line):
            cfg.psks.append(Psk(_scope(m[2], m[3]), Secret.of(m[1]), "crypto isakmp key"))
        elif line.startswith("crypto ikev2 proposal "):
            cfg.ikev2_proposals[words[3]] = Ikev2Proposal(words[3])
        elif line.startswith("crypto ikev2 policy "):
            cfg.ikev2_policies.append(())
        elif line.startswith("crypto ikev2 keyring "):
            cfg.ikev2_keyrings[words[3]] = []
        elif line.startswith("crypto ikev2 profile "):
            cfg.ikev2_profiles[words[3]] = Ikev2Profile(words[3])
        elif line.startswith("crypto ipsec transform-set "):
            cfg.transform_sets[words[3]] = TransformSet(words[3], frozenset(_transforms(words[4:])))
        elif line.startswith("crypto ipsec profile "):
            cfg.ipsec_profiles[words[3]] = IpsecProfile(words[3])
        elif line.startswith("interface "):
            cfg.interfaces.setdefault(words[1], Interface(words[1]))
        elif line.startswith("router eigrp ") and words[2].isdigit():
            cfg.eigrp.setdefault(int(words[2]), EigrpProcess(int(words[2])))
        elif line.startswith("router ospf "):
            cfg.ospf.setdefault(int(words[2]), OspfProcess(int(words[2])))
        elif line.startswith("router bgp "):
            cfg.bgp = BgpProcess(int(words[2]))
        elif m := _ROUTE.match(line):
            self.static(m)
        self.section = [line, "", ""]

    def static(self, m: re.Match[str]) -> None:
        prefix = IPv4Network(f"{m[1]}/{m[2]}", strict=False)
        via, extra = m[3], m[4]
        distance = int(extra) if extra and extra.isdigit() else 1
        if re.fullmatch(_IP, via):
            self.cfg.statics.append(StaticRoute(prefix, IPv4Address(via), None, distance))
        else:
            self.cfg.statics.append(StaticRoute(prefix, None, via, distance))

    # -- sections ----------------------------------------------------------------
    def sub(self, depth: int, line: str) -> None:
        head = self.section[0]
        self.section[depth] = line
        for i in range(depth + 1, 3):
            self.section[i] = ""
        if head.startswith("interface "):
            self.interface(self.cfg.interfaces[head.split()[1]], line)
        elif head.startswith("crypto isakmp policy "):
            self.isakmp(line)
        elif head.startswith("crypto ikev2 "):
            self.ikev2(head.split()[2], head.split()[3], depth, line)
        elif head.startswith("crypto keyring "):
            if m := _KEYRING_PSK.match(line):
                psk = Psk(_scope(m[1], m[2]), Secret.of(m[3]), head)
                self.cfg.psks.append(psk)
        elif head.startswith("crypto ipsec transform-set "):
            if line.startswith("mode "):
                name = head.split()[3]
                ts = self.cfg.transform_sets[name]
                self.cfg.transform_sets[name] = replace(ts, mode=line.split()[1])
        elif head.startswith("crypto ipsec profile "):
            self.ipsec_profile(head.split()[3], line)
        elif head.startswith("router eigrp "):
            self.eigrp(head, depth, line)
        elif head.startswith("router ospf "):
            self.ospf(self.cfg.ospf[int(head.split()[2])], line)
        elif head.startswith("router bgp ") and self.cfg.bgp is not None:
            self.bgp(self.cfg.bgp, line)

    def isakmp(self, line: str) -> None:
        p = self.cfg.isakmp[-1]
        words = line.split()
        if words[0] == "encryption":
            p = replace(p, encryption=" ".join(words[1:]))
        elif words[0] == "encr":
            p = replace(p, encryption=" ".join(words[1:]))
        elif words[0] == "hash":
            p = replace(p, hash=words[1])
        elif words[0] == "authentication":
            p = replace(p, authentication=words[1])
        elif words[0] == "group":
            p = replace(p, group=int(words[1]))
        elif words[0] == "lifetime":
            p = replace(p, lifetime=int(words[1]))
        self.cfg.isakmp[-1] = p

    def ikev2(self, kind: str, name: str, depth: int, line: str) -> None:
        cfg, words = self.cfg, line.split()
        if kind == "proposal":
            p = cfg.ikev2_proposals[name]
            if words[0] in ("encryption", "integrity", "prf"):
                p = replace(p, **{words[0]: tuple(words[1:])})
            elif words[0] == "group":
                p = replace(p, group=tuple(int(w) for w in words[1:]))
            cfg.ikev2_proposals[name] = p
        elif kind == "policy" and words[0] == "proposal":
            cfg.ikev2_policies[-1] = (*cfg.ikev2_policies[-1], words[1])
        elif kind == "keyring":
            if depth == 1 and words[0] == "peer":
                self.keyring_peer = []
            elif words[0] == "address" and len(words) >= 2:
                self.keyring_peer.append(_scope(words[1], words[2] if len(words) > 2 else None))
            elif words[0] == "pre-shared-key" and words[1] not in ("remote",):
                key = Secret.of(words[-1])
                for scope in self.keyring_peer:
                    cfg.ikev2_keyrings[name].append(Psk(scope, key, f"keyring {name}"))
        elif kind == "profile":
            p = cfg.ikev2_profiles[name]
            if line.startswith("match identity remote address ") and len(words) >= 5:
                mask = words[5] if len(words) > 5 else None
                p = replace(p, match=(*p.match, _scope(words[4], mask)))
            elif line.startswith("authentication remote "):
                p = replace(p, auth_remote=words[2])
            elif line.startswith("authentication local "):
                p = replace(p, auth_local=words[2])
            elif line.startswith("keyring local "):
                p = replace(p, keyring=words[2])
            cfg.ikev2_profiles[name] = p

    def ipsec_profile(self, name: str, line: str) -> None:
        p, words = self.cfg.ipsec_profiles[name], line.split()
        if line.startswith("set transform-set "):
            p = replace(p, transform_sets=tuple(words[2:]))
        elif line.startswith("set pfs"):
            p = replace(p, pfs=words[2] if len(words) > 2 else "group1")
        elif line.startswith("set ikev2-profile "):
            p = replace(p, ikev2_profile=words[2])
        self.cfg.ipsec_profiles[name] = p

    def interface(self, i: Interface, line: str) -> None:  # noqa: C901, PLR0912, PLR0915
        words = line.split()
        if line.startswith("ip address "):
            if words[2] == "dhcp":
                i.dhcp = True
            elif len(words) >= 4:
                i.address = IPv4Interface(f"{words[2]}/{words[3]}")
        elif line == "shutdown":
            i.shutdown = True
        elif words[0] in ("bandwidth", "delay") and len(words) == 2 and words[1].isdigit():
            setattr(i, words[0], int(words[1]))
        elif line.startswith("ip nhrp "):
            self.nhrp(i, words)
        elif line.startswith("tunnel source "):
            i.source = words[2]
        elif line.startswith("tunnel mode "):
            i.mode = " ".join(words[2:])
        elif line.startswith("tunnel destination "):
            i.destination = IPv4Address(words[2])
        elif line.startswith("tunnel key "):
            i.tunnel_key = int(words[2])
        elif line.startswith("tunnel protection ipsec profile "):
            i.protection, i.shared = words[4], "shared" in words[5:]
        elif line.startswith("no ip split-horizon eigrp "):
            i.no_split_horizon.add(int(words[4]))
        elif line.startswith("no ip next-hop-self eigrp "):
            i.no_next_hop_self.add(int(words[4]))
        elif line.startswith("ip summary-address eigrp "):
            net = IPv4Network(f"{words[4]}/{words[5]}", strict=False)
            i.eigrp_summaries.setdefault(int(words[3]), []).append(net)
        elif line.startswith("ip ospf network "):
            i.ospf_network = " ".join(words[3:])
        elif line.startswith("ip ospf priority "):
            i.ospf_priority = int(words[3])
        elif line.startswith("ip ospf hello-interval "):
            i.ospf_hello = int(words[3])
        elif line.startswith("ip ospf dead-interval ") and words[3].isdigit():
            i.ospf_dead = int(words[3])
        elif line.startswith("ip ospf ") and len(words) == 5 and words[3] == "area":
            i.ospf_area = (int(words[2]), _area(words[4]))

    def nhrp(self, i: Interface, words: list[str]) -> None:
        line = " ".join(words)
        if words[2] == "authentication":
            i.nhrp_auth = Secret.of(words[3])
        elif line == "ip nhrp map multicast dynamic":
            i.mcast_dynamic = True
        elif words[2] == "map" and words[3] == "multicast":
            i.nhrp_mcast.append(IPv4Address(words[4]))
        elif words[2] == "map" and len(words) >= 5:
            i.nhrp_maps[IPv4Address(words[3])] = IPv4Address(words[4])
        elif words[2] == "network-id":
            i.network_id = int(words[3])
        elif words[2] == "holdtime":
            i.holdtime = int(words[3])
        elif m := _NHS.match(line):
            nbma = IPv4Address(m[2]) if m[2] else None
            i.nhs.append(NhsLine(IPv4Address(m[1]), nbma, bool(m[3])))
        elif line == "ip nhrp registration no-unique":
            i.no_unique = True
        elif line == "ip nhrp redirect":
            i.redirect = True
        elif line == "ip nhrp shortcut":
            i.shortcut = True

    def eigrp(self, head: str, depth: int, line: str) -> None:
        words = line.split()
        proc = self.cfg.eigrp[int(head.split()[2])]
        if words[0] == "network":
            if "area" in words:
                proc.invalid.append(line)
                return
            proc.networks.append(wildcard_network(words[1], words[2] if len(words) > 2 else None))
        elif line.startswith("eigrp stub"):
            proc.stub = True

    def ospf(self, proc: OspfProcess, line: str) -> None:
        words = line.split()
        if words[0] == "network" and len(words) == 5 and words[3] == "area":
            proc.networks.append((wildcard_network(words[1], words[2]), _area(words[4])))

    def bgp(self, proc: BgpProcess, line: str) -> None:
        words = line.split()
        if words[0] == "neighbor" and len(words) >= 3:
            self.neighbor(proc, words)
        elif line.startswith("bgp listen range ") and "peer-group" in words:
            proc.listen.append((IPv4Network(words[3], strict=False), words[5]))
        elif line.startswith("bgp listen limit "):
            proc.listen_limit = int(words[3])
        elif words[0] == "network" and len(words) >= 2:
            mask = words[3] if len(words) >= 4 and words[2] == "mask" else None
            proc.networks.append(
                IPv4Network(f"{words[1]}/{mask}", strict=False)
                if mask
                else wildcard_network(words[1], None)
            )
        elif line.startswith("redistribute connected"):
            proc.redistribute_connected = True

    def neighbor(self, proc: BgpProcess, words: list[str]) -> None:
        target = words[1]
        if re.fullmatch(_IP, target):
            n = proc.neighbors.setdefault(IPv4Address(target), BgpNeighbor())
        else:
            n = proc.groups.setdefault(target, BgpNeighbor())
        rest = words[2:]
        if rest[0] == "remote-as" and len(rest) > 1:
            n.remote_as = int(rest[1])
        elif rest[0] == "peer-group" and len(rest) > 1:
            n.peer_group = rest[1]
        elif rest[0] == "route-reflector-client":
            n.rr_client = True
        elif rest[0] == "next-hop-self":
            n.next_hop_self = True


def _area(text: str) -> int:
    return int(IPv4Address(text)) if "." in text else int(text)


def _transforms(words: list[str]) -> list[str]:
    out: list[str] = []
    for w in words:
        if w.isdigit() and out:
            out[-1] = f"{out[-1]} {w}"
        else:
            out.append(w)
    return out


def _named_eigrp(text: str) -> str:
    """Named-mode EIGRP rewritten as the classic lines the reader knows."""
    out: list[str] = []
    asn: str | None = None
    af_if: str | None = None
    for raw in text.splitlines():
        stripped = raw.strip()
        indent = len(raw) - len(raw.lstrip(" "))
        if indent == 0:
            asn, af_if = None, None
            if stripped.startswith("router eigrp ") and not stripped.split()[2].isdigit():
                asn = "?"
                continue
        if asn is not None:
            if stripped.startswith("address-family ipv4") and "autonomous-system" in stripped:
                asn = stripped.split()[-1]
                out.append(f"router eigrp {asn}")
                continue
            if stripped.startswith("af-interface "):
                af_if = stripped.split()[1]
                continue
            if stripped in ("exit-af-interface", "exit-address-family"):
                af_if = None
                continue
            if af_if is not None:
                out.extend(_af_interface_line(asn, af_if, stripped))
                continue
            if stripped.startswith(("network ", "eigrp stub")):
                out.append(f" {stripped}")
            continue
        out.append(raw)
    return "\n".join(out)


def _af_interface_line(asn: str, interface: str, line: str) -> list[str]:
    lines = {
        "no split-horizon": f"no ip split-horizon eigrp {asn}",
        "no next-hop-self": f"no ip next-hop-self eigrp {asn}",
    }
    if line in lines:
        return [f"interface {interface}", f" {lines[line]}"]
    if line.startswith("summary-address "):
        net = IPv4Network(line.split()[1], strict=False)
        return [
            f"interface {interface}",
            f" ip summary-address eigrp {asn} {net.network_address} {net.netmask}",
        ]
    return []


def read_config(name: str, text: str) -> RouterConfig:
    """The model's view of router ``name``'s config text."""
    if "address-family ipv4 unicast autonomous-system" in text or re.search(
        r"^router eigrp [A-Za-z]", text, re.MULTILINE
    ):
        text = _named_eigrp(text)
    reader = _Reader(name)
    for raw in text.splitlines():
        if not raw.strip() or raw.lstrip().startswith("!"):
            continue
        indent = len(raw) - len(raw.lstrip(" "))
        line = raw.strip()
        try:
            if indent == 0:
                reader.top(line)
            elif reader.section[0]:
                reader.sub(min(indent, 2), line)
        except (ValueError, IndexError, KeyError):
            continue  # a line the model does not understand changes nothing it reads
    return reader.cfg
