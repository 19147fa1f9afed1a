"""IOS's default IKEv2 proposal per release (IKEv2 Smart Defaults), as data with its source.

Part of the capability table: an IKEv2 profile with no ``crypto ikev2 policy`` naming a
proposal negotiates this proposal, and the audit rates it (``CRYPTO-010``).

Examples:
    >>> ikev2_default_proposal("12.4(15)T") is None
    True
"""

from __future__ import annotations

from dataclasses import dataclass

from dmvpnprov.core.platforms import IosRelease

__all__ = ["IKEV2_DEFAULT_PROPOSALS", "Ikev2DefaultProposal", "ikev2_default_proposal"]


@dataclass(frozen=True)
class Ikev2DefaultProposal:
    """The proposal IOS negotiates when no ``crypto ikev2 policy`` names one (IKEv2 Smart
    Defaults), from release ``since`` on."""

    since: str
    encryption: tuple[str, ...]
    integrity: tuple[str, ...]
    groups: tuple[str, ...]
    source: str


_SMART_DEFAULTS = (
    "Cisco FlexVPN and Internet Key Exchange Version 2 Configuration Guide, 'IKEv2 Smart "
    "Defaults' ('show crypto ikev2 proposal default')"
)
# Real ``show crypto ikev2 proposal`` captures (tests/core/test_display_sources.py quotes
# them; docs/display-rules.md lists them):
_GENIE = "CiscoTestAutomation/genieparser src/genie/libs/parser/iosxe/tests/ShowCryptoIkev2Proposal"
_XE_16_9 = (
    f"{_SMART_DEFAULTS} of IOS-XE 16.9 and later; output: {_GENIE}/cli/equal/"
    "golden_output_output.txt@e33245510c152718bc79f742fa9032899d9c2c19 (DH groups 19 14 21 5)"
)
_XE_17_11 = (
    f"{_GENIE}/cli/equal/golden_output_1_output.txt@18fe49c5f84567f723f2867996c157aae276b6e3 "
    "(a newer IOS-XE: DH groups 19 14 21, no group 5); the release from Cisco Field Notice "
    "FN72510 (IOS-XE 17.11.1: DH groups 1, 2, 5 no longer allowed by default, CSCwc72588)"
)
IKEV2_DEFAULT_PROPOSALS: tuple[Ikev2DefaultProposal, ...] = (
    Ikev2DefaultProposal(
        "15.1(1)T",
        ("aes-cbc-256", "aes-cbc-192", "aes-cbc-128"),
        ("sha512", "sha384", "sha256", "sha1", "md5"),
        ("5", "2"),
        _SMART_DEFAULTS,
    ),
    Ikev2DefaultProposal(
        "16.9.1", ("aes-cbc-256",), ("sha512", "sha384"), ("19", "14", "21", "5"), _XE_16_9
    ),
    Ikev2DefaultProposal(
        "17.11.1", ("aes-cbc-256",), ("sha512", "sha384"), ("19", "14", "21"), _XE_17_11
    ),
)


def _xe_key(rel: IosRelease) -> tuple[int, int, int]:
    return (rel.major, rel.minor, rel.maint)


def ikev2_default_proposal(release: str) -> Ikev2DefaultProposal | None:
    """IOS's default IKEv2 proposal on ``release`` (``None`` before IKEv2 or unknown).

    Examples:
        >>> ikev2_default_proposal("15.4(3)M").groups
        ('5', '2')
        >>> ikev2_default_proposal("17.3.4a").groups
        ('19', '14', '21', '5')
        >>> ikev2_default_proposal("17.12.4").groups
        ('19', '14', '21')
    """
    try:
        rel = IosRelease.parse(release)
    except ValueError:
        return None
    found = None
    for entry in IKEV2_DEFAULT_PROPOSALS:
        since = IosRelease.parse(entry.since)
        if since.is_xe:
            applies = rel.is_xe and _xe_key(rel) >= _xe_key(since)
        else:
            applies = rel.has_since(since)
        if applies:
            found = entry
    return found
