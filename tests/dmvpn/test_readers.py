"""The config readers: named-mode EIGRP, keyrings, IKEv2, defaults, secrets as digests."""

from __future__ import annotations

from ipaddress import IPv4Address, IPv4Network

from dmvpnprov.dmvpn.config import Secret
from dmvpnprov.dmvpn.prepare import read_all
from dmvpnprov.dmvpn.readers import read_config

NAMED = """hostname hub1
interface Tunnel0
 ip address 10.0.0.1 255.255.255.0
 tunnel mode gre multipoint
router eigrp CORP
 !
 address-family ipv4 unicast autonomous-system 7
  !
  af-interface Tunnel0
   no split-horizon
   no next-hop-self
   summary-address 192.168.0.0/16
  exit-af-interface
  !
  network 10.0.0.0 0.0.0.255
  eigrp stub connected
 exit-address-family
"""

CRYPTO = """crypto keyring DMVPN
  pre-shared-key address 0.0.0.0 0.0.0.0 key 7 094F471A1A0A
crypto isakmp policy 5
 encr aes 256
 authentication pre-share
crypto ikev2 proposal P
 encryption aes-cbc-256
 integrity sha256
 group 14
crypto ikev2 keyring K
 peer ANY
  address 0.0.0.0 0.0.0.0
  pre-shared-key local secret1
crypto ikev2 profile PR
 match identity remote address 10.1.0.0 255.255.0.0
 authentication remote pre-share
 authentication local pre-share
 keyring local K
crypto ipsec transform-set T esp-aes 256 esp-sha-hmac
 mode transport
crypto ipsec profile IP
 set transform-set T
 set pfs group14
 set ikev2-profile PR
"""


def test_named_mode_eigrp_reads_as_classic() -> None:
    cfg = read_config("hub1", NAMED)
    tunnel = cfg.interfaces["Tunnel0"]
    assert cfg.eigrp[7].networks == [IPv4Network("10.0.0.0/24")]
    assert cfg.eigrp[7].stub
    assert tunnel.no_split_horizon == {7} and tunnel.no_next_hop_self == {7}
    assert tunnel.eigrp_summaries == {7: [IPv4Network("192.168.0.0/16")]}
    assert tunnel.multipoint  # lines after the af-interface block stay in their sections


def test_crypto_sections_defaults_and_secrets() -> None:
    cfg = read_config("r", CRYPTO)
    (policy,) = cfg.isakmp
    assert (policy.encryption, policy.hash, policy.group, policy.lifetime) == (
        "aes 256",
        "sha",
        1,
        86400,
    )
    assert cfg.psks[0].key == Secret.of("cisco")  # type 7 decoded, then compared
    assert cfg.psks[0].scope == IPv4Network("0.0.0.0/0")
    assert cfg.ikev2_proposals["P"].group == (14,)
    assert cfg.ikev2_keyrings["K"][0].key == Secret.of("secret1")
    assert cfg.ikev2_profiles["PR"].match == (IPv4Network("10.1.0.0/16"),)
    assert cfg.transform_sets["T"].mode == "transport"
    assert cfg.transform_sets["T"].transforms == frozenset({"esp-aes 256", "esp-sha-hmac"})
    profile = cfg.ipsec_profiles["IP"]
    assert (profile.pfs, profile.ikev2_profile) == ("group14", "PR")
    assert "secret1" not in repr(cfg) and "cisco" not in repr(cfg)


def test_spokes_of_one_shape_are_parsed_once_and_get_their_own_addresses() -> None:
    spoke = """interface Tunnel0
 ip address 10.0.0.{n} 255.255.255.0
 ip nhrp map 10.0.0.1 130.25.13.1
 ip nhrp nhs 10.0.0.1
 tunnel mode gre multipoint
interface Ethernet1
 ip address 192.168.{n}.1 255.255.255.0
router eigrp 1
 network 10.0.0.0 0.0.0.255
 network 192.168.{n}.0 0.0.0.255
ip route 172.16.0.0 255.255.0.0 192.168.{n}.1
"""
    texts = {f"s{n}": spoke.format(n=n) for n in (10, 11, 12)}
    parsed, shapes = read_all(texts)
    assert len(set(shapes.values())) == 1
    for n in (10, 11, 12):
        alone = read_config(f"s{n}", texts[f"s{n}"])
        cfg = parsed[f"s{n}"]
        assert cfg.interfaces["Ethernet1"].address == alone.interfaces["Ethernet1"].address
        assert cfg.eigrp[1].networks == alone.eigrp[1].networks
        assert cfg.statics == alone.statics
        assert cfg.tunnels[0].address == alone.tunnels[0].address
        assert cfg.tunnels[0].nhrp_maps == {IPv4Address("10.0.0.1"): IPv4Address("130.25.13.1")}
    # an address that is not the spoke's own makes another shape (parsed on its own)
    other = texts["s10"].replace("130.25.13.1", "130.25.13.2")
    _, more = read_all({**texts, "odd": other})
    assert more["odd"] != more["s10"]
