"""``show crypto isakmp sa [detail]``, ``ipsec sa [peer X]``, ``session [detail]``, ``ikev2 sa``.

Printed from the IKE and IPsec SAs of a :class:`~dmvpnprov.dmvpn.state.RouterState`:
12.4 prints the ISAKMP table with a ``slot`` column and no ``IPv4 Crypto ISAKMP SA``
title; 15.x and IOS-XE print the titles for IPv4 and IPv6. With no SA at all the
headers are printed (ISAKMP) or ``No SAs found`` (IPsec), as IOS does.

Examples:
    >>> from dmvpnprov.core.platforms import IosRelease
    >>> print(show_isakmp_sa(DmvpnState("r1"), IosRelease.parse("12.4(24)T")), end="")
    dst             src             state          conn-id slot status
    <BLANKLINE>
    >>> show_ipsec_sa(DmvpnState("r1"))
    'No SAs found\\n'
"""

from __future__ import annotations

import zlib
from ipaddress import IPv4Address

from dmvpnprov.core.platforms import IosRelease
from dmvpnprov.dmvpn.state import IkeSa, IpsecSa
from dmvpnprov.dmvpn.state import RouterState as DmvpnState

__all__ = ["show_crypto_session", "show_ikev2_sa", "show_ipsec_sa", "show_isakmp_sa"]

_LIFETIME = "23:54:48"


def _is_12(release: IosRelease) -> bool:
    return release.line < (15, 0) and not release.is_xe


def _conn_id(sa: IkeSa, index: int, old: bool) -> int:
    return index + (1 if old else 1001)


def _status(sa: IkeSa) -> str:
    return "ACTIVE" if sa.up else "ACTIVE (deleted)"


def show_isakmp_sa(state: DmvpnState, release: IosRelease, detail: bool = False) -> str:
    """``show crypto isakmp sa [detail]`` (IKEv1 SAs only)."""
    old = _is_12(release)
    sas = [sa for sa in state.ike if sa.version == 1]
    if detail:
        return _isakmp_detail(sas, old)
    if old:
        head = "dst             src             state          conn-id slot status\n"
        rows = [
            f"{sa.remote!s:<16}{sa.local!s:<16}{sa.state:<16}{_conn_id(sa, i, old):>5}"
            f"{0:>5} {_status(sa)}"
            for i, sa in enumerate(sas)
        ]
        return head + "".join(r + "\n" for r in rows) + "\n"
    head = "IPv4 Crypto ISAKMP SA\ndst             src             state          conn-id status\n"
    rows = [
        f"{sa.remote!s:<16}{sa.local!s:<16}{sa.state:<15}{_conn_id(sa, i, old):>7} {_status(sa)}"
        for i, sa in enumerate(sas)
    ]
    return head + "".join(r + "\n" for r in rows) + "\nIPv6 Crypto ISAKMP SA\n\n"


def _isakmp_detail(sas: list[IkeSa], old: bool) -> str:
    out = [
        "Codes: C - IKE configuration mode, D - Dead Peer Detection",
        "       K - Keepalives, N - NAT-traversal",
        "       T - cTCP encapsulation, X - IKE Extended Authentication",
        "       psk - Preshared key, rsig - RSA signature",
        "       renc - RSA encryption",
    ]
    if not old:
        out.append("IPv4 Crypto ISAKMP SA")
    out += [
        "",
        "C-id  Local           Remote          I-VRF  Status Encr Hash   Auth DH Lifetime Cap.",
        "",
    ]
    for i, sa in enumerate(sas):
        encr = (sa.encryption or "des")[:4]
        cap = "DN" if sa.nat_t else "D"
        lifetime = _LIFETIME if sa.up else ""
        status = "ACTIVE" if sa.up else "DELETE"
        out.append(
            f"{_conn_id(sa, i, old):<6}{sa.local!s:<16}{sa.remote!s:<16}{'':<7}{status:<7}"
            f"{encr:<5}{sa.hash or 'sha':<7}psk  {sa.group or 1:<3}{lifetime:<9}{cap}"
        )
        out.append(f"       Engine-id:Conn-id =  SW:{i + 1}")
        out.append("")
    if not old:
        out += ["IPv6 Crypto ISAKMP SA", ""]
    return "\n".join(out) + "\n"


def _spi(sa: IpsecSa, direction: str) -> tuple[str, int]:
    value = zlib.crc32(f"{sa.local}{sa.remote}{direction}".encode()) | 0x10000000
    return f"0x{value:08X}", value


_DETAIL_COUNTERS = (  # `show crypto ipsec sa detail` (ntc-templates raw fixture, docs/lab.md)
    "    #pkts no sa (send) 0, #pkts invalid sa (rcv) 0",
    "    #pkts encaps failed (send) 0, #pkts decaps failed (rcv) 0",
    "    #pkts invalid prot (recv) 0, #pkts verify failed: 0",
    "    #pkts invalid identity (recv) 0, #pkts invalid len (rcv) 0",
    "    #pkts replay rollover (send): 0, #pkts replay rollover (rcv) 0",
    "    ##pkts replay failed (rcv): 0",
    "    #pkts tagged (send): 0, #pkts untagged (rcv): 0",
    "    #pkts not tagged (send): 0, #pkts not untagged (rcv): 0",
    "    #pkts internal err (send): 0, #pkts internal err (recv) 0",
)


def _ipsec_block(sa: IpsecSa, index: int, idb: str | None = None) -> list[str]:
    """One SA pair; ``idb`` (the tunnel source interface) prints the detail layout."""
    detail = idb is not None
    transforms = " ".join(sa.transforms)
    mode = "Transport" if sa.mode == "transport" else "Tunnel"
    pkts = 60 if sa.up else 0
    out = [
        "   protected vrf: (none)",
        f"   local  ident (addr/mask/prot/port): ({sa.local}/255.255.255.255/47/0)",
        f"   remote ident (addr/mask/prot/port): ({sa.remote}/255.255.255.255/47/0)",
        f"   current_peer {sa.remote} port 500",
        "     PERMIT, flags={origin_is_acl,}",
        f"    #pkts encaps: {pkts}, #pkts encrypt: {pkts}, #pkts digest: {pkts}",
        f"    #pkts decaps: {pkts}, #pkts decrypt: {pkts}, #pkts verify: {pkts}",
        "    #pkts compressed: 0, #pkts decompressed: 0",
        "    #pkts not compressed: 0, #pkts compr. failed: 0",
        "    #pkts not decompressed: 0, #pkts decompress failed: 0",
        *(_DETAIL_COUNTERS if detail else ("    #send errors 0, #recv errors 0",)),
        "",
        f"     local crypto endpt.: {sa.local}, remote crypto endpt.: {sa.remote}",
        f"     plaintext mtu 1438, path mtu 1500, ip mtu 1500, ip mtu idb {idb}"
        if detail
        else "     path mtu 1500, ip mtu 1500",
    ]
    if not sa.up:
        return [*out, "     current outbound spi: 0x0(0)", ""]
    pfs = ("Y", sa.pfs_group) if sa.pfs_group else ("N", "none")
    out += [
        f"     current outbound spi: {_spi(sa, 'out')[0]}({_spi(sa, 'out')[1]})",
        f"     PFS (Y/N): {pfs[0]}, DH group: {pfs[1]}",
        "",
    ]
    for direction, word in (("in", "inbound"), ("out", "outbound")):
        spi = _spi(sa, direction)
        out += [
            f"     {word} esp sas:",
            f"      spi: {spi[0]}({spi[1]})",
            f"        transform: {transforms} ,",
            f"        in use settings ={{{mode}, }}",
            f"        conn id: {2001 + 2 * index}, flow_id: SW:{index + 1}, "
            + ("sibling_flags 80000000, " if detail else "")
            + f"crypto map: {sa.interface}-head-0",
            "        sa timing: remaining key lifetime (k/sec): (4387198/3288)",
            "        IV size: 16 bytes",
            "        replay detection support: Y" + ("  replay window size: 1024" * detail),
            "        Status: ACTIVE" + ("(ACTIVE)" if detail else ""),
            "",
            f"     {word} ah sas:",
            "",
            f"     {word} pcp sas:",
            "",
        ]
    return out


def show_ipsec_sa(
    state: DmvpnState, peer: IPv4Address | None = None, *, detail: bool = False
) -> str:
    """``show crypto ipsec sa [peer X | detail]`` (detail: the error counters, the
    plaintext MTU and the tunnel source, sibling flags, replay window)."""
    sas = [sa for sa in state.ipsec if peer is None or sa.remote == peer]
    if not sas:
        return "No SAs found\n" if peer is None else ""
    out: list[str] = []
    for interface in dict.fromkeys(sa.interface for sa in sas):
        local = next(sa.local for sa in sas if sa.interface == interface)
        out += [
            "",
            f"interface: {interface}",
            f"    Crypto map tag: {interface}-head-0, local addr {local}",
            "",
        ]
        tunnel = next((t for t in state.tunnels if t.interface == interface), None)
        idb = (tunnel.source if tunnel and tunnel.source else "unknown") if detail else None
        for i, sa in enumerate(s for s in sas if s.interface == interface):
            out += _ipsec_block(sa, i, idb)
    return "\n".join(out) + "\n"


def _session_status(state: DmvpnState, ike: IkeSa) -> str:
    ipsec = [s for s in state.ipsec if s.remote == ike.remote]
    if ike.up and any(s.up for s in ipsec):
        return "UP-ACTIVE"
    if ike.up:
        return "UP-IDLE"
    return "DOWN-NEGOTIATING"


def show_crypto_session(state: DmvpnState, release: IosRelease, detail: bool = False) -> str:
    """``show crypto session [detail]``."""
    out = ["Crypto session current status", ""]
    if detail:
        out += [
            "Code: C - IKE Configuration mode, D - Dead Peer Detection     ",
            "K - Keepalives, N - NAT-traversal, T - cTCP encapsulation     ",
            "X - IKE Extended Authentication, F - IKE Fragmentation",
            "R - IKE Auto Reconnect",
            "",
        ]
    for i, ike in enumerate(state.ike):
        interface = next((s.interface for s in state.ipsec if s.remote == ike.remote), "Tunnel0")
        port = 4500 if ike.nat_t else 500
        status = _session_status(state, ike)
        out.append(f"Interface: {interface}")
        if detail:
            out.append(f"Uptime: {'00:05:12' if ike.up else '00:00:00'}")
        out.append(f"Session status: {status}     ")
        if detail:
            out += [
                f"Peer: {ike.remote} port {port} fvrf: (none) ivrf: (none)",
                f"      Phase1_id: {ike.remote}",
                "      Desc: (none)",
                f"  Session ID: {i}  ",
            ]
        else:
            out.append(f"Peer: {ike.remote} port {port} ")
        ike_word = "Active" if ike.up else "Inactive"
        out.append(
            f"  IKEv{ike.version} SA: local {ike.local}/{port} "
            f"remote {ike.remote}/{port} {ike_word} "
        )
        if detail:
            out.append(
                f"          Capabilities:{'DN' if ike.nat_t else 'D'} connid:{1001 + i} "
                f"lifetime:{_LIFETIME}"
            )
        active = 2 if status == "UP-ACTIVE" else 0
        out += [
            f"  IPSEC FLOW: permit 47 host {ike.local} host {ike.remote} ",
            f"        Active SAs: {active}, origin: crypto map",
        ]
        if detail:
            out += [
                f"        Inbound:  #pkts dec'ed {30 * active} drop 0 life (KB/Sec) 4386930/3288",
                f"        Outbound: #pkts enc'ed {30 * active} drop 0 life (KB/Sec) 4386930/3288",
            ]
        out.append("")
    return "\n".join(out) + "\n"


def show_ikev2_sa(state: DmvpnState) -> str:
    """``show crypto ikev2 sa`` (IKEv2 releases)."""
    out = [
        " IPv4 Crypto IKEv2  SA ",
        "",
        "Tunnel-id Local                 Remote                fvrf/ivrf            Status ",
    ]
    for i, sa in enumerate(s for s in state.ike if s.version == 2):
        status = sa.state if sa.up else "DELETE"
        local, remote = f"{sa.local}/500", f"{sa.remote}/500"
        out.append(f"{i + 1:<10}{local:<22}{remote:<22}{'none/none':<21}{status} ")
        out.append(
            f"      Encr: {(sa.encryption or 'AES-CBC').upper()}, keysize: 256, PRF: SHA512, "
            f"Hash: SHA512, DH Grp:{sa.group or 5}, Auth sign: PSK, Auth verify: PSK"
        )
        out.append("      Life/Active Time: 86400/312 sec")
    out += ["", " IPv6 Crypto IKEv2  SA ", ""]
    return "\n".join(out) + "\n"
