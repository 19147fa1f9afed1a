"""Routing lines: EIGRP (classic and named mode), OSPF, BGP, static routes.

Named-mode EIGRP (``router eigrp NAME`` / ``address-family ipv4 unicast autonomous-system
N`` / ``af-interface``) is first rewritten as the classic lines it stands for.

Examples:
    >>> print(named_eigrp('''router eigrp CORP
    ...  address-family ipv4 unicast autonomous-system 1
    ...   af-interface Tunnel0
    ...    no split-horizon
    ...   exit-af-interface
    ...   network 10.0.0.0 0.0.0.255'''))
    router eigrp 1
    interface Tunnel0
     no ip split-horizon eigrp 1
    router eigrp 1
     network 10.0.0.0 0.0.0.255
"""

from __future__ import annotations

import re
from ipaddress import IPv4Address, IPv4Network

from dmvpnprov.dmvpn.config import (
    BgpNeighbor,
    BgpProcess,
    EigrpProcess,
    OspfProcess,
    RouterConfig,
    StaticRoute,
)
from dmvpnprov.dmvpn.read_interface import area

__all__ = [
    "bgp_line",
    "eigrp_line",
    "named_eigrp",
    "ospf_line",
    "routing_top",
    "wildcard_network",
]

_IP = r"\d+\.\d+\.\d+\.\d+"
_ROUTE = re.compile(rf"^ip route ({_IP}) ({_IP}) (\S+)(?: (\S+))?")
_NEIGHBOR_FLAGS = {"route-reflector-client": "rr_client", "next-hop-self": "next_hop_self"}


def wildcard_network(address: str, wildcard: str | None) -> IPv4Network:
    """``network A W``'s network (no wildcard: the classful network).

    Examples:
        >>> wildcard_network("10.0.0.0", "0.0.0.255")
        IPv4Network('10.0.0.0/24')
        >>> wildcard_network("192.168.1.0", None)
        IPv4Network('192.168.1.0/24')
    """
    if wildcard is None:
        first = int(address.split(".", maxsplit=1)[0])
        prefix = 8 if first < 128 else 16 if first < 192 else 24
        return IPv4Network(f"{address}/{prefix}", strict=False)
    return IPv4Network(f"{address}/{wildcard}", strict=False)


def routing_top(cfg: RouterConfig, line: str) -> bool:
    """A top-level routing line (process or static route); False when it is none."""
    words = line.split()
    if line.startswith("router eigrp ") and words[2].isdigit():
        cfg.eigrp.setdefault(int(words[2]), EigrpProcess(int(words[2])))
    elif line.startswith("router ospf "):
        cfg.ospf.setdefault(int(words[2]), OspfProcess(int(words[2])))
    elif line.startswith("router bgp "):
        cfg.bgp = BgpProcess(int(words[2]))
    elif m := _ROUTE.match(line):
        prefix = IPv4Network(f"{m[1]}/{m[2]}", strict=False)
        distance = int(m[4]) if m[4] and m[4].isdigit() else 1
        if re.fullmatch(_IP, m[3]):
            cfg.statics.append(StaticRoute(prefix, IPv4Address(m[3]), None, distance))
        else:
            cfg.statics.append(StaticRoute(prefix, None, m[3], distance))
    else:
        return False
    return True


def eigrp_line(proc: EigrpProcess, line: str) -> None:
    """A line under ``router eigrp N``; ``network ... area`` is kept as rejected."""
    words = line.split()
    if words[0] == "network":
        if "area" in words:
            proc.invalid.append(line)
            return
        proc.networks.append(wildcard_network(words[1], words[2] if len(words) > 2 else None))
    elif line.startswith("eigrp stub"):
        proc.stub = True


def ospf_line(proc: OspfProcess, line: str) -> None:
    """A line under ``router ospf N``."""
    words = line.split()
    if words[0] == "network" and len(words) == 5 and words[3] == "area":
        proc.networks.append((wildcard_network(words[1], words[2]), area(words[4])))


def bgp_line(proc: BgpProcess, line: str) -> None:
    """A line under ``router bgp N`` (address families included)."""
    words = line.split()
    if words[0] == "neighbor" and len(words) >= 3:
        _neighbor(proc, words)
    elif line.startswith("bgp listen range ") and "peer-group" in words:
        proc.listen.append((IPv4Network(words[3], strict=False), words[5]))
    elif line.startswith("bgp listen limit "):
        proc.listen_limit = int(words[3])
    elif words[0] == "network" and len(words) >= 4 and words[2] == "mask":
        proc.networks.append(IPv4Network(f"{words[1]}/{words[3]}", strict=False))
    elif words[0] == "network" and len(words) >= 2:
        proc.networks.append(wildcard_network(words[1], None))
    elif line.startswith("redistribute connected"):
        proc.redistribute_connected = True


def _neighbor(proc: BgpProcess, words: list[str]) -> None:
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
    elif rest[0] in _NEIGHBOR_FLAGS:
        setattr(n, _NEIGHBOR_FLAGS[rest[0]], True)


def _af_interface_line(asn: str, interface: str, line: str) -> list[str]:
    lines = {
        "no split-horizon": f"no ip split-horizon eigrp {asn}",
        "no next-hop-self": f"no ip next-hop-self eigrp {asn}",
    }
    resume = f"router eigrp {asn}"  # the process's following lines stay in it
    if line in lines:
        return [f"interface {interface}", f" {lines[line]}", resume]
    if line.startswith("summary-address "):
        net = IPv4Network(line.split()[1], strict=False)
        summary = f" ip summary-address eigrp {asn} {net.network_address} {net.netmask}"
        return [f"interface {interface}", summary, resume]
    return []


def _named_line(state: list[str | None], stripped: str, out: list[str]) -> None:
    """One line inside a named-mode process; ``state`` is [asn, af-interface]."""
    asn, af_if = state
    if stripped.startswith("address-family ipv4") and "autonomous-system" in stripped:
        state[0] = stripped.rsplit(maxsplit=1)[-1]
        out.append(f"router eigrp {state[0]}")
    elif stripped.startswith("af-interface "):
        state[1] = stripped.split()[1]
    elif stripped in ("exit-af-interface", "exit-address-family"):
        state[1] = None
    elif af_if is not None and asn is not None:
        out.extend(_af_interface_line(asn, af_if, stripped))
    elif stripped.startswith(("network ", "eigrp stub")):
        out.append(f" {stripped}")


def named_eigrp(text: str) -> str:
    """Named-mode EIGRP rewritten as the classic lines the reader knows."""
    out: list[str] = []
    state: list[str | None] | None = None  # [asn, af-interface] inside a named process
    for raw in text.splitlines():
        stripped = raw.strip()
        if not raw.startswith(" "):
            state = None
            if stripped.startswith("router eigrp ") and not stripped.split()[2].isdigit():
                state = [None, None]
                continue
        if state is None:
            out.append(raw)
        else:
            _named_line(state, stripped, out)
    return "\n".join(out)
