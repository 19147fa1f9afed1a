import json, pathlib, shutil, re, sys
from dmvpnprov.inventory.load import load_fleet
from dmvpnprov.commands.model import model_configs, run_model
from dmvpnprov.dmvpn.verdict import verdict
root = pathlib.Path("tests/dmvpn/golden")
base_inv = pathlib.Path("inventory")
def case(name, inv, edits, note, inv_edits=()):
    d = root/name
    if d.exists(): shutil.rmtree(d)
    shutil.copytree(inv, d/"inventory", ignore=shutil.ignore_patterns("README.md"))
    for f, old, new in inv_edits:
        t = (d/"inventory"/f).read_text(); assert old in t, (name, f, old); (d/"inventory"/f).write_text(t.replace(old, new, 1))
    fleet = load_fleet(d/"inventory", {"DMVPN_NHRP_AUTH": "x"})
    cfgs = model_configs(fleet, None)
    if callable(edits):
        cfgs = edits(cfgs)
        (d/"running").mkdir()
        for host, text in cfgs.items():
            (d/"running"/f"{host}.cfg").write_text(text)
    elif edits:
        (d/"running").mkdir()
        for host, (old, new) in edits:
            assert old in cfgs[host], (name, host, old)
            cfgs[host] = cfgs[host].replace(old, new, 1)
        for host, text in cfgs.items():
            (d/"running"/f"{host}.cfg").write_text(text)
    a = run_model(fleet, configs=cfgs)
    v = verdict(a)
    exp = {"note": note, "works": v["summary"]["works"],
           "problems": [{"layer": p["layer"], "routers": p["routers"]} for p in v["problems"]]}
    (d/"expected.json").write_text(json.dumps(exp, indent=2)+"\n")
    print("==", name, exp["works"]); [print("   ", p["layer"], p["routers"], p["message"]) for p in v["problems"]]
B = base_inv
R = pathlib.Path("tests/golden/render")
only = sys.argv[1:]
def want(n): return not only or n in only
if want("base"):
    case("example_works", B, [], "the example inventory as rendered")
    case("psk_mismatch", B, [("spoke-b", ("crypto isakmp key T", "crypto isakmp key Xother"))], "spoke-b's PSK from another secret")
    case("host_scoped_key", B, [("spoke-b", ("address 0.0.0.0\n", "address 130.25.13.99\n"))], "spoke-b's key scoped to a host that is not hub1")
    case("no_common_isakmp", B, [("spoke-b", ("crypto isakmp policy 1\n authentication pre-share\n", "crypto isakmp policy 1\n encryption aes 256\n authentication pre-share\n group 14\n"))], "spoke-b aes 256/group 14, hub1 the deck's des/group 1")
    case("transform_set_mismatch", B, [("spoke-b", ("esp-des esp-md5-hmac", "esp-aes esp-sha-hmac"))], "spoke-b esp-aes esp-sha-hmac")
    case("pfs_mismatch", B, [("hub1", (" set transform-set trans2\n", " set transform-set trans2\n set pfs group2\n"))], "PFS on hub1 only")
    case("nhrp_auth_mismatch", B, [("spoke-b", ("ip nhrp authentication T", "ip nhrp authentication X"))], "spoke-b's NHRP authentication differs")
    case("tunnel_key_mismatch", B, [("spoke-b", ("tunnel key 100000", "tunnel key 100001"))], "spoke-b tunnel key 100001")
    case("nbma_wrong_hub", B, [("spoke-b", ("ip nhrp map 10.0.0.1 130.25.13.1", "ip nhrp map 10.0.0.1 130.25.13.2"))], "spoke-b maps the NHS to a wrong address")
    case("spoke_no_multicast", B, [("spoke-b", (" ip nhrp map multicast 130.25.13.1\n", ""))], "spoke-b without a multicast mapping")
    case("eigrp_split_horizon", B, [("hub1", (" no ip split-horizon eigrp 1\n", ""))], "Phase 2 hub with split horizon on")
    case("phase2_next_hop_self", B, [("hub1", (" no ip next-hop-self eigrp 1\n", ""))], "Phase 2 hub keeps next-hop-self")
    case("dual_cloud_no_shared", R/"dual_cloud/inventory", [("spoke-a", ("tunnel protection ipsec profile DMVPN-STRONG shared", "tunnel protection ipsec profile DMVPN-STRONG"))], "two mGRE tunnels on one source without shared")
    case("tunnel_mode_behind_nat", B, [], "spoke-b behind static NAT, the deck's transform set in tunnel mode",
         [("hosts.yaml", "address: 158.200.2.181/24}", "address: 10.1.2.2/24, public_address: 158.200.2.181}")])
if want("ospf"):
    case("ospf_works", R/"phase3_ospf/inventory", [], "Phase 3 OSPF broadcast, hub DR (the render golden case)")
    case("ospf_spoke_priority", R/"phase3_ospf/inventory", [("spoke-a", ("ip ospf priority 0", "ip ospf priority 1"))], "a spoke with priority 1 in a broadcast cloud with one hub")
    case("ospf_network_type", R/"phase3_ospf/inventory", [("spoke-a", ("ip ospf network broadcast", "ip ospf network point-to-multipoint"))], "spoke-a point-to-multipoint, hub broadcast")
ONE_HUB = [("hosts.yaml", "hub2:\n  hostname: 192.0.2.2\n  groups: [hubs, c7200]\n  data:\n    tunnels: [{cloud: dmvpn1, address: 10.0.0.2}]\n    nbma: {interface: GigabitEthernet0/1, address: 130.25.14.1/24}\n    lans: [{interface: GigabitEthernet0/2, address: 192.168.100.1/24}]\n", "")]
if want("bgp"):
    case("bgp_one_hub_works", R/"bgp_ikev2/inventory", [], "iBGP, one route-reflector hub, IKEv2", ONE_HUB)
    case("ibgp_no_route_reflector", R/"bgp_ikev2/inventory", [], "iBGP with hub_route_reflector: false",
         ONE_HUB + [("defaults.yaml", "routing: {protocol: bgp, asn: 65000}", "routing: {protocol: bgp, asn: 65000, hub_route_reflector: false}")])
    case("bgp_listen_range_short", R/"bgp_ikev2/inventory", [("hub1", ("bgp listen range 10.0.0.0/24", "bgp listen range 10.0.0.0/29"))], "the hub's listen range misses the spokes", ONE_HUB)
P3 = [("hosts.yaml", "groups: [spokes, c2600xm]", "groups: [spokes, c3725]"), ("defaults.yaml", "phase: 2", "phase: 3"), ("defaults.yaml", "routing: {protocol: eigrp, asn: 1}", "routing: {protocol: eigrp, asn: 1, hub_summary: 192.168.0.0/16}")]
if want("p3"):
    case("phase3_eigrp_works", B, [], "Phase 3, EIGRP, hub summary 192.168.0.0/16", P3)
    case("phase3_no_redirect", B, [("hub1", (" ip nhrp redirect\n", ""))], "spokes shortcut, hub without redirect", P3)
    case("hub_summary_missing_lan", B, [], "hub summary 192.168.0.0/23 misses spoke-b's and spoke-c's LANs",
         [P3[0], P3[1], ("defaults.yaml", "routing: {protocol: eigrp, asn: 1}", "routing: {protocol: eigrp, asn: 1, hub_summary: 192.168.0.0/23}")])
    case("summary_covers_nbma", B, [], "hub summary 128.0.0.0/1 covers the hub's NBMA address",
         [P3[0], P3[1], ("defaults.yaml", "routing: {protocol: eigrp, asn: 1}", "routing: {protocol: eigrp, asn: 1, hub_summary: 128.0.0.0/1}")])
HUB = """crypto isakmp policy 1
 authentication pre-share
crypto isakmp key cisco47 address 0.0.0.0
!
crypto ipsec transform-set trans2 esp-des esp-md5-hmac
!
crypto ipsec profile vpnprof
 set transform-set trans2
!
interface Tunnel0
 bandwidth 1000
 ip address 10.0.0.1 255.255.255.0
 ip mtu 1416
 ip nhrp authentication donttell
 ip nhrp map multicast dynamic
 ip nhrp network-id 99
 ip nhrp holdtime 300
 no ip split-horizon eigrp 1
 no ip next-hop-self eigrp 1
 delay 1000
 tunnel source Ethernet0
 tunnel mode gre multipoint
 tunnel key 100000
 tunnel protection ipsec profile vpnprof
!
interface Ethernet0
 ip address 172.17.0.1 255.255.255.0
!
interface Ethernet1
 ip address 192.168.0.1 255.255.255.0
!
router eigrp 1
 network 10.0.0.0 0.0.0.255 area 0
 network 192.168.0.0 0.0.0.255 area 0
!
"""
SPOKE = """crypto isakmp policy 1
 authentication pre-share
crypto isakmp key cisco47 address 0.0.0.0
!
crypto ipsec transform-set trans2 esp-des esp-md5-hmac
!
crypto ipsec profile vpnprof
 set transform-set trans2
!
interface Tunnel0
 bandwidth 1000
 ip address 10.0.0.3 255.255.255.0
 ip mtu 1416
 ip nhrp authentication donttell
 ip nhrp map 10.0.0.1 172.17.0.1
 ip nhrp network-id 99
 ip nhrp holdtime 300
 ip nhrp nhs 10.0.0.1
 delay 1000
 tunnel source Ethernet0
 tunnel mode gre multipoint
 tunnel key 100000
 tunnel protection ipsec profile vpnprof
!
interface Ethernet0
 ip address dhcp hostname Spoke1
!
interface Ethernet1
 ip address 192.168.1.1 255.255.255.0
!
router eigrp 1
 network 10.0.0.0 0.0.0.255
 network 192.168.1.0 0.0.0.255
!
"""
if want("deck"):
    case("deck_fixed", R/"deck/inventory", [], "the deck's network as the project renders it (fixed)")
    case("deck_verbatim", R/"deck/inventory", lambda c: {"hub": HUB, "spoke1": SPOKE}, "the deck's configuration examples verbatim")
