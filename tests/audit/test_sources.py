"""Saved configs as backups, RANCID and Oxidized keep them; odd ones are reported."""

from __future__ import annotations

from pathlib import Path

import pytest
from netutils.password import encrypt_type7

from dmvpnprov.audit.engine import HostJob, audit_host, normalise_keys
from dmvpnprov.audit.sources import SourceError, read_saved
from dmvpnprov.core.configtree import parse
from dmvpnprov.core.errors import UserError
from dmvpnprov.core.models import Router
from tests.support.audit_cases import CASES, audit_case

RANCID = """!RANCID-CONTENT-TYPE: cisco
!
!Chassis type: 3725 - a 3725 router
!Image: Software: C3725-ADVENTERPRISEK9-M, 12.4(15)T14, RELEASE SOFTWARE (fc2)
!
version 12.4
hostname Spoke-A
interface Tunnel0
 ip address 10.0.0.10 255.255.255.0
end
"""


def _routers() -> tuple[Router, ...]:
    return audit_case(next(c for c in CASES if c.name == "compliant-fleet")).fleet.routers


def test_file_forms_and_names(tmp_path: Path) -> None:
    routers = _routers()
    (tmp_path / "hub1.cfg").write_text("hostname hub1\n")
    (tmp_path / "SPOKE-A").write_text(RANCID)  # Oxidized: no extension, any case
    (tmp_path / "spoke-b.txt").write_text("hostname spoke-b\n")
    (tmp_path / "spoke-c.cfg").write_text("  \n")
    got = read_saved(tmp_path, routers)
    assert got["hub1"] == "hostname hub1\n"
    assert isinstance(got["spoke-a"], str) and "RANCID" in got["spoke-a"]
    assert got["spoke-b"] == "hostname spoke-b\n"
    assert isinstance(got["spoke-c"], SourceError) and "empty" in str(got["spoke-c"])
    tree = parse(str(got["spoke-a"]))
    assert [c.text for c in tree.children] == ["hostname Spoke-A", "interface Tunnel0"]


def test_missing_folder_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="no such folder"):
        read_saved(tmp_path / "nope", _routers())


def test_a_file_of_another_router_is_flagged() -> None:
    job = HostJob(
        "spoke-a", "spoke-a", "hostname spoke-b\n", "hostname spoke-a\n", "12.4(15)T", False
    )
    assert [f.rule for f in audit_host(job).findings] == ["SOURCE-002"]


def test_type7_keys_are_compared_by_value_type6_noted() -> None:
    intended = "crypto isakmp key cisco47 address 0.0.0.0\n"
    same = f"crypto isakmp key 7 {encrypt_type7('cisco47')} address 0.0.0.0\n"
    assert normalise_keys(same, intended) == (intended, [])
    other = f"crypto isakmp key 7 {encrypt_type7('other')} address 0.0.0.0\n"
    assert normalise_keys(other, intended)[0] == "crypto isakmp key other address 0.0.0.0\n"
    text, notes = normalise_keys("crypto isakmp key 6 ABCDEF address 0.0.0.0\n", intended)
    assert text == intended
    assert notes and "type 6" in notes[0]


def test_mode_tunnel_that_ios_15_prints_is_not_drift() -> None:
    intended = "crypto ipsec transform-set trans2 esp-des esp-md5-hmac\n"
    shown = intended + " mode tunnel\n"
    job = HostJob("r1", "r1", shown, intended, "15.2(4)M3", False)
    assert not [f for f in audit_host(job).findings if f.feature]
    transport = intended + " mode transport\n"
    job = HostJob("r1", "r1", transport, intended, "15.2(4)M3", False)
    assert [f.extra for f in audit_host(job).findings if f.feature] == [
        ("crypto ipsec transform-set trans2 esp-des esp-md5-hmac", " mode transport")
    ]
