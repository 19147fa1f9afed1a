"""The display rules and IKEv2 defaults against the real device output they cite.

Each excerpt below is quoted unchanged (a few lines) from a public capture named in
docs/display-rules.md and in the rule's ``source``:

* ``HQ_EDGE_15_4``: ``show running-config`` of an IOS 15.4 router, SirMysterion/
  wiki-techpatix@5920cd3053338f2a7e7941bf1f94773bd0ced693 networking/CONFIGS/HQ-EDGE.md;
* ``XE_16_9_DEFAULT`` / ``XE_17_11_DEFAULT``: ``show crypto ikev2 proposal`` of IOS-XE,
  CiscoTestAutomation/genieparser (Apache-2.0) src/genie/libs/parser/iosxe/tests/
  ShowCryptoIkev2Proposal/cli/equal/golden_output_output.txt@e33245510c152718bc79f742fa9032899d9c2c19
  and golden_output_1_output.txt@18fe49c5f84567f723f2867996c157aae276b6e3.
"""

from __future__ import annotations

import re

from dmvpnprov.audit.rules import RULES, HostContext
from dmvpnprov.core.configtree import parse, remediation_text
from dmvpnprov.core.display import DEFAULTS, displayed, normalise
from dmvpnprov.core.ikev2_defaults import ikev2_default_proposal
from tests.support.display_captures import HQ_EDGE_15_4, XE_16_9_DEFAULT, XE_17_11_DEFAULT

POLICY = "crypto isakmp policy 10"
TSET = "crypto ipsec transform-set 50 ah-sha-hmac esp-aes 256 esp-sha-hmac"


def _printed(release: str, typed: list[str]) -> list[str]:
    """What the lab prints of ``typed`` lines under the ISAKMP policy."""
    return [shown for line in typed if (shown := displayed(POLICY, line, release)) is not None]


def test_15_4_prints_encr_hides_hash_sha_and_prints_mode_tunnel() -> None:
    policy = [ln.strip() for ln in HQ_EDGE_15_4.split(POLICY)[1].split("crypto", 1)[0].splitlines()]
    real = [ln for ln in policy if ln]
    # The lab, given the same policy typed in full with the default hash, prints exactly
    # what the real 15.4 router printed.
    typed = ["encryption aes 256", "hash sha", "authentication pre-share", "group 5"]
    typed.append("lifetime 3600")
    assert _printed("15.4(3)M", typed) == real
    assert displayed(TSET, "mode tunnel", "15.4(3)M") == "mode tunnel"
    assert " mode tunnel" in HQ_EDGE_15_4


def test_the_real_15_4_policy_is_compliant_with_one_that_types_the_defaults() -> None:
    typed = f"{POLICY}\n encryption aes 256\n hash sha\n authentication pre-share\n group 5\n"
    typed += f" lifetime 3600\n{TSET}\n mode tunnel\n"
    real = HQ_EDGE_15_4.replace("version 15.4\n", "")
    want = normalise(parse(typed), "15.4(3)M")
    have = normalise(parse(real), "15.4(3)M")
    assert remediation_text(have, want) == ""
    assert remediation_text(want, have) == ""


def test_hash_sha_rule_cites_the_capture_it_rests_on() -> None:
    rule = next(d for d in DEFAULTS if d.line == "hash sha")
    assert rule.shown_since == ()
    assert "HQ-EDGE.md" in rule.source and "5920cd30" in rule.source


def _groups(output: str) -> tuple[str, ...]:
    line = next(ln for ln in output.splitlines() if "DH Group" in ln)
    return tuple(re.findall(r"/Group (\d+)", line))


def _integrity(output: str) -> tuple[str, ...]:
    line = next(ln for ln in output.splitlines() if "Integrity" in ln)
    return tuple(x.lower() for x in line.split(":", 1)[1].split())


def test_ikev2_default_proposal_tables_match_the_real_outputs() -> None:
    for release, output in (("16.9.4", XE_16_9_DEFAULT), ("17.12.4", XE_17_11_DEFAULT)):
        entry = ikev2_default_proposal(release)
        assert entry is not None
        assert entry.groups == _groups(output), release
        assert entry.integrity == _integrity(output), release
        assert entry.encryption == ("aes-cbc-256",)
    xe16, xe17 = ikev2_default_proposal("16.9.4"), ikev2_default_proposal("17.15.1")
    assert xe16 is not None and "golden_output_output.txt" in xe16.source
    assert xe17 is not None and "FN72510" in xe17.source


def test_crypto_010_follows_the_release_default() -> None:
    check = RULES["CRYPTO-010"].host_check
    assert check is not None
    profile = parse("crypto ikev2 profile P\n match identity remote address 0.0.0.0\n")
    old = list(check(HostContext("r1", profile, "17.9.4", True)))
    new = list(check(HostContext("r1", profile, "17.12.4", True)))
    assert old and "group 5" in old[0]
    assert new == []  # 17.11+ default offers no weak group (groups 19 14 21)
