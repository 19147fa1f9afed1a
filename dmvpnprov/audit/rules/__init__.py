"""The policy rules, as data: id, severity, one-line rationale, reference, check.

``docs/audit.md`` lists them; a test keeps that list and :data:`RULES` in step.

Examples:
    >>> RULES["CRYPTO-001"].severity.value
    'error'
    >>> len({r.id for r in RULES.values()}) == len(RULES)
    True
"""

from __future__ import annotations

from dmvpnprov.audit.model import Severity
from dmvpnprov.audit.rules import cloud, crypto, dmvpn, production, routing
from dmvpnprov.audit.rules.base import CloudContext, HostContext, Member, Rule

__all__ = ["RULES", "CloudContext", "HostContext", "Member", "Rule"]

_NGE = "Cisco Next Generation Cryptography (NGE) white paper"
_FN = "Cisco Field Notice FN72510 (weak IPsec algorithms rejected by default from IOS XE 17.11.1)"
_DMVPN = "Cisco IOS Security Configuration Guide: Dynamic Multipoint VPN"
_E, _W, _X = Severity.ERROR, Severity.WARNING, Severity.CRITICAL

# What production configs have (dmvpnprov renders each by default): rules/production.py.
_PRODUCTION = (
    Rule(
        "CRYPTO-011",
        _X,
        "weak crypto on IOS-XE 17.11+",
        "IOS-XE 17.11.1 and later refuse DES, 3DES, MD5 and DH groups 1/2/5 by default: "
        "IPsec with them never comes up after an upgrade",
        _FN,
        host_check=production.weak_crypto_refused,
    ),
    Rule(
        "CRYPTO-012",
        _W,
        "no dead-peer detection",
        "without 'crypto isakmp keepalive' (IKEv1) or 'dpd' (IKEv2) the SAs to a dead peer "
        "stay until they expire and traffic to it is black-holed",
        "Cisco Security Command Reference, 'crypto isakmp keepalive'; FlexVPN and IKEv2 "
        "Configuration Guide, 'dpd'",
        host_check=production.no_dead_peer_detection,
    ),
    Rule(
        "DMVPN-006",
        _W,
        "EIGRP spoke not a stub",
        "a non-stub spoke is queried on every hub route loss and a dual-cloud spoke becomes "
        "transit between the clouds; spokes run 'eigrp stub connected'",
        "Cisco EIGRP Command Reference, 'eigrp stub'; DMVPN Design Guide (spokes as stubs)",
        host_check=production.eigrp_spoke_not_stub,
    ),
    Rule(
        "DMVPN-007",
        _W,
        "DMVPN tunnel without bandwidth",
        "the tunnel's default bandwidth (100 kbit/s on 15.x, 9 on 12.x) sets the IGP metric "
        "and EIGRP paces its packets at 50 % of it",
        "Cisco Interface Command Reference, 'bandwidth'; EIGRP Command Reference, "
        "'ip bandwidth-percent eigrp'",
        host_check=production.no_tunnel_bandwidth,
    ),
    Rule(
        "DMVPN-008",
        _W,
        "ICMP redirects on a DMVPN tunnel",
        "redirects out of the interface a packet came in on are pointless on an mGRE tunnel "
        "and cost CPU; production tunnels have 'no ip redirects'",
        "Cisco Guide to Harden Cisco IOS Devices ('no ip redirects'); DMVPN configuration examples",
        host_check=production.ip_redirects,
    ),
    Rule(
        "DMVPN-009",
        _E,
        "tunnel-mode transform set behind NAT",
        "a router behind NAT needs 'mode transport' in its DMVPN transform set: with tunnel "
        "mode the NHRP peer addresses (behind NAT) and the IPsec peers do not match",
        f"{_DMVPN}: NAT-Transparency Aware DMVPN",
        host_check=production.nat_tunnel_mode,
    ),
    Rule(
        "CRYPTO-013",
        _W,
        "no NAT keepalive behind NAT",
        "without 'crypto isakmp nat keepalive' / 'crypto ikev2 nat keepalive' the NAT "
        "mapping of an idle tunnel expires and the peer can no longer reach the router",
        "Cisco Security Command Reference, 'crypto isakmp nat keepalive'; FlexVPN and IKEv2 "
        "Configuration Guide, 'crypto ikev2 nat'",
        host_check=production.nat_no_keepalive,
    ),
)

_RULES = (
    Rule(
        "CRYPTO-001",
        _E,
        "IKE encryption DES",
        "56-bit DES is broken; an ISAKMP policy without 'encryption' uses DES",
        f"{_NGE} (avoid); {_FN}",
        host_check=crypto.isakmp_des,
    ),
    Rule(
        "CRYPTO-002",
        _W,
        "IKE encryption 3DES",
        "3DES is legacy (64-bit blocks, Sweet32); use AES",
        f"{_NGE} (legacy); {_FN}",
        host_check=crypto.isakmp_3des,
    ),
    Rule(
        "CRYPTO-003",
        _E,
        "MD5 integrity",
        "MD5 collisions are practical: ISAKMP 'hash md5', IKEv2 'integrity md5', esp-md5-hmac",
        f"{_NGE} (avoid); {_FN}",
        host_check=crypto.md5_integrity,
    ),
    Rule(
        "CRYPTO-004",
        _E,
        "DH group 1 or 2",
        "768/1024-bit MODP groups are breakable; an ISAKMP policy without 'group' uses group 1",
        f"{_NGE} (avoid); {_FN}",
        host_check=crypto.dh_group_weak,
    ),
    Rule(
        "CRYPTO-005",
        _W,
        "DH group 5",
        "1536-bit MODP is legacy; use group 14 or 19/20",
        f"{_NGE} (legacy); {_FN}",
        host_check=crypto.dh_group_legacy,
    ),
    Rule(
        "CRYPTO-006",
        _E,
        "IPsec esp-des or esp-null",
        "the data plane is unencrypted or DES-encrypted",
        f"{_NGE} (avoid); {_FN}",
        host_check=crypto.transform_weak,
    ),
    Rule(
        "CRYPTO-007",
        _W,
        "IPsec esp-3des",
        "3DES is legacy; use esp-aes 256 or esp-gcm",
        f"{_NGE} (legacy); {_FN}",
        host_check=crypto.transform_3des,
    ),
    Rule(
        "CRYPTO-008",
        _W,
        "no PFS",
        "without 'set pfs' one compromised IKE key exposes every later IPsec key",
        f"{_NGE}; Cisco Security Command Reference 'set pfs'",
        host_check=crypto.no_pfs,
    ),
    Rule(
        "CRYPTO-009",
        _W,
        "wildcard pre-shared key",
        "one key for address 0.0.0.0 lets any holder of it join the cloud; prefer per-peer keys "
        "or certificates",
        f"{_DMVPN}: 'crypto isakmp key' (wildcard keys)",
        host_check=crypto.wildcard_psk,
    ),
    Rule(
        "CRYPTO-010",
        _E,
        "IKEv2 default proposal",
        "an IKEv2 profile without a 'crypto ikev2 policy' naming a proposal negotiates IOS's "
        "default proposal, which offers DH group 5 (and group 2, MD5, SHA-1 on 15.x)",
        "Cisco FlexVPN and IKEv2 Configuration Guide: IKEv2 Smart Defaults; "
        "dmvpnprov/core/ikev2_defaults.py (IKEV2_DEFAULT_PROPOSALS)",
        host_check=crypto.ikev2_default_proposal_used,
    ),
    Rule(
        "NHRP-001",
        _W,
        "no NHRP authentication",
        "without 'ip nhrp authentication' a misconfigured router can join the NHRP network",
        "Cisco NHRP Command Reference, 'ip nhrp authentication'",
        host_check=crypto.no_nhrp_auth,
    ),
    Rule(
        "SECRET-001",
        _E,
        "reversible passwords",
        "type 0 is clear text and type 7 is trivially reversed; use 'secret' (type 5/8/9)",
        "Cisco IOS Password Encryption Facts; Cisco Guide to Harden Cisco IOS Devices",
        host_check=crypto.reversible_passwords,
    ),
    Rule(
        "SECRET-002",
        _W,
        "pre-shared keys in clear",
        "without 'password encryption aes' every pre-shared key is readable in the config",
        "Cisco Security Configuration Guide: Encrypted Preshared Key",
        host_check=crypto.clear_psk,
    ),
    Rule(
        "CLOUD-001",
        _X,
        "NHRP network-id differs",
        "members with another network-id never exchange NHRP registrations or resolutions",
        f"{_DMVPN}; 'ip nhrp network-id'",
        cloud_check=cloud.network_id,
    ),
    Rule(
        "CLOUD-002",
        _X,
        "tunnel key differs",
        "GRE packets with another key are dropped: the member is cut off from the cloud",
        f"{_DMVPN}; 'tunnel key'",
        cloud_check=cloud.tunnel_key,
    ),
    Rule(
        "CLOUD-003",
        _X,
        "NHRP authentication differs",
        "NHRP packets with another authentication string are discarded",
        "Cisco NHRP Command Reference, 'ip nhrp authentication'",
        cloud_check=cloud.nhrp_auth,
    ),
    Rule(
        "CLOUD-004",
        _W,
        "NHRP holdtime differs",
        "mixed holdtimes make spoke-to-spoke mappings expire unevenly",
        "Cisco NHRP Command Reference, 'ip nhrp holdtime'",
        cloud_check=cloud.holdtime,
    ),
    Rule(
        "CLOUD-005",
        _E,
        "tunnel ip mtu differs",
        "mixed MTUs over IPsec cause fragmentation and black holes between spokes",
        f"{_DMVPN}; 'ip mtu' (1400 recommended)",
        cloud_check=cloud.ip_mtu,
    ),
    Rule(
        "CLOUD-006",
        _X,
        "tunnel address duplicate or outside the subnet",
        "every member needs a unique address in the one mGRE subnet",
        f"{_DMVPN}: one subnet per mGRE cloud",
        cloud_check=cloud.tunnel_addresses,
    ),
    Rule(
        "NHRP-002",
        _X,
        "NHS is not a hub",
        "a spoke registers with its NHS; an address no hub holds leaves it unregistered",
        "Cisco NHRP Command Reference, 'ip nhrp nhs'",
        cloud_check=dmvpn.nhs_is_hub,
    ),
    Rule(
        "NHRP-003",
        _X,
        "NBMA mapping is not the hub's public address",
        "the spoke sends registrations and IPsec to that address: a wrong one never reaches "
        "the hub",
        "Cisco NHRP Command Reference, 'ip nhrp map'",
        cloud_check=dmvpn.nbma_map_is_hub,
    ),
    Rule(
        "DMVPN-001",
        _E,
        "multicast not mapped to the NHS",
        "routing hellos (EIGRP/OSPF) need 'ip nhrp map multicast' to each hub ('dynamic' on hubs)",
        f"{_DMVPN}; 'ip nhrp map multicast'",
        cloud_check=dmvpn.multicast_to_nhs,
    ),
    Rule(
        "DMVPN-002",
        _E,
        "EIGRP hub split-horizon / next-hop-self",
        "Phase 1/2 hubs must re-advertise spoke routes (no split-horizon); Phase 2 keeps the "
        "spoke as next hop (no next-hop-self)",
        f"{_DMVPN}: DMVPN Phase 2 with EIGRP",
        cloud_check=dmvpn.eigrp_hub,
    ),
    Rule(
        "DMVPN-003",
        _E,
        "OSPF network type not broadcast",
        "Phase 2 needs the originating spoke as next hop: network type broadcast keeps it",
        f"{_DMVPN}: DMVPN Phase 2 with OSPF",
        cloud_check=dmvpn.ospf_network_type,
    ),
    Rule(
        "DMVPN-004",
        _E,
        "OSPF priority",
        "only a hub may be DR: spokes need 'ip ospf priority 0'",
        f"{_DMVPN}: DMVPN Phase 2 with OSPF",
        cloud_check=dmvpn.ospf_priority,
    ),
    Rule(
        "DMVPN-005",
        _E,
        "Phase 3 redirect/shortcut pairing",
        "'ip nhrp redirect' on hubs works only with 'ip nhrp shortcut' on spokes",
        "Cisco DMVPN Configuration Guide: DMVPN Phase 3 (NHRP shortcut switching)",
        cloud_check=dmvpn.phase3_pairing,
    ),
    Rule(
        "PLATFORM-001",
        _E,
        "line not supported by the release",
        "a line the IOS release lacks is rejected on entry and missing after a reload",
        "dmvpnprov capability table (dmvpnprov/core/platforms.py), sources per feature",
        host_check=routing.missing_capability,
    ),
    Rule(
        "ROUTING-001",
        _E,
        "OSPF 'area' under router eigrp",
        "'network A W area N' is OSPF syntax: EIGRP rejects the line and the network is not "
        "advertised",
        "Cisco EIGRP Command Reference, 'network (EIGRP)'",
        host_check=routing.eigrp_area,
    ),
    Rule(
        "ROUTING-002",
        _E,
        "subnet mask used as a wildcard",
        "a 'network' wildcard such as 255.255.255.0 matches the wrong interfaces",
        "Cisco EIGRP/OSPF Command References, 'network' (wildcard-mask)",
        host_check=routing.wildcard_mask,
    ),
    Rule(
        "ROUTING-003",
        _E,
        "OSPF network without area",
        "'network' under router ospf needs a wildcard and an area",
        "Cisco OSPF Command Reference, 'network area'",
        host_check=routing.ospf_no_area,
    ),
    *_PRODUCTION,
)

RULES: dict[str, Rule] = {r.id: r for r in _RULES}
