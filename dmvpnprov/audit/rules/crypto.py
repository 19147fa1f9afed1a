"""Weak cryptography, wildcard and clear-text keys, missing NHRP authentication.

Strength as Cisco's Next Generation Cryptography guidance rates it ("avoid": DES, MD5,
DH groups 1 and 2 -> error; "legacy": 3DES, DH group 5 -> warning), and as field notice
FN72510 lists the keywords IOS XE 17.11.1 rejects by default. IOS defaults count: an
ISAKMP policy without ``encryption`` uses DES, without ``group`` uses group 1.

Examples:
    >>> from dmvpnprov.core.configtree import parse
    >>> ctx = HostContext("r1", parse("crypto isakmp policy 1\\n authentication pre-share\\n"),
    ...                   "12.4(15)T", False)
    >>> list(isakmp_des(ctx))
    ['crypto isakmp policy 1 uses DES (no encryption line: the IOS default is des)']
    >>> list(dh_group_weak(ctx))
    ['crypto isakmp policy 1 uses DH group 1 (no group line: the IOS default is group 1)']
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from dmvpnprov.audit.rules.base import HostContext
from dmvpnprov.core.ikev2_defaults import ikev2_default_proposal
from dmvpnprov.core.linetree import ConfigLine, parent_text

__all__ = [
    "clear_psk",
    "dh_group_legacy",
    "dh_group_weak",
    "ikev2_default_proposal_used",
    "isakmp_3des",
    "isakmp_des",
    "md5_integrity",
    "no_nhrp_auth",
    "no_pfs",
    "reversible_passwords",
    "transform_3des",
    "transform_weak",
    "wildcard_psk",
]

# 12.4T and later print "encryption" as "encr" in an ISAKMP policy (core/display.py)
_SPELLINGS = {"encryption": ("encryption", "encr")}


def _sections(ctx: HostContext, prefix: str) -> Iterator[ConfigLine]:
    return (c for c in ctx.tops if c.text.startswith(prefix))


def _ike_values(ctx: HostContext, key: str) -> Iterator[tuple[str, list[str] | None]]:
    """(section, values of ``key`` lines) for ISAKMP policies and IKEv2 proposals."""
    keys = _SPELLINGS.get(key, (key,))
    for section, children in ctx.ike_sections:
        lines = [words[1:] for words in children if words[0] in keys]
        yield section, [v for line in lines for v in line] if lines else None


def isakmp_des(ctx: HostContext) -> Iterator[str]:
    """IKE encryption DES, written or by default (ISAKMP policies only default to DES)."""
    for section, values in _ike_values(ctx, "encryption"):
        if values is None and section.startswith("crypto isakmp policy"):
            yield f"{section} uses DES (no encryption line: the IOS default is des)"
        elif values and "des" in values:
            yield f"{section} uses encryption des"


def isakmp_3des(ctx: HostContext) -> Iterator[str]:
    """IKE encryption 3DES."""
    for section, values in _ike_values(ctx, "encryption"):
        if values and "3des" in values:
            yield f"{section} uses encryption 3des"


def md5_integrity(ctx: HostContext) -> Iterator[str]:
    """ISAKMP ``hash md5``, IKEv2 ``integrity md5``, ``esp-md5-hmac``/``ah-md5-hmac``."""
    for key in ("hash", "integrity"):
        for section, values in _ike_values(ctx, key):
            if values and "md5" in values:
                yield f"{section} uses {key} md5"
    for tset in _sections(ctx, "crypto ipsec transform-set "):
        for word in ("esp-md5-hmac", "ah-md5-hmac"):
            if word in tset.text.split()[4:]:
                yield f"transform set {tset.text.split()[3]} uses {word}"


def _groups(ctx: HostContext, weak: set[str]) -> Iterator[str]:
    for section, values in _ike_values(ctx, "group"):
        if values is None and section.startswith("crypto isakmp policy") and "1" in weak:
            yield f"{section} uses DH group 1 (no group line: the IOS default is group 1)"
        for value in values or ():
            if value in weak:
                yield f"{section} uses DH group {value}"
    for profile in _sections(ctx, "crypto ipsec profile "):
        for child in profile.children:
            if (m := re.match(r"^set pfs group(\d+)$", child.text)) and m[1] in weak:
                yield f"{profile.text} uses set pfs group{m[1]}"


def dh_group_weak(ctx: HostContext) -> Iterator[str]:
    """DH groups 1 and 2 (768/1024-bit MODP), written or by default."""
    return _groups(ctx, {"1", "2"})


def dh_group_legacy(ctx: HostContext) -> Iterator[str]:
    """DH group 5 (1536-bit MODP)."""
    return _groups(ctx, {"5"})


def transform_weak(ctx: HostContext) -> Iterator[str]:
    """Transform sets with esp-des or esp-null (no or broken encryption)."""
    for tset in _sections(ctx, "crypto ipsec transform-set "):
        for word in ("esp-des", "esp-null"):
            if word in tset.text.split()[4:]:
                yield f"transform set {tset.text.split()[3]} uses {word}"


def transform_3des(ctx: HostContext) -> Iterator[str]:
    """Transform sets with esp-3des."""
    for tset in _sections(ctx, "crypto ipsec transform-set "):
        if "esp-3des" in tset.text.split()[4:]:
            yield f"transform set {tset.text.split()[3]} uses esp-3des"


def no_pfs(ctx: HostContext) -> Iterator[str]:
    """IPsec profiles without ``set pfs``."""
    for profile in _sections(ctx, "crypto ipsec profile "):
        if not any(c.text.startswith("set pfs") for c in profile.children):
            yield f"{profile.text} has no set pfs (no perfect forward secrecy)"


def wildcard_psk(ctx: HostContext) -> Iterator[str]:
    """A pre-shared key valid for every peer address."""
    for c in ctx.tops:
        m = re.match(
            r"^crypto isakmp key (?:[067] )?\S+ address (0\.0\.0\.0)( 0\.0\.0\.0)?$", c.text
        )
        if m:
            yield f"crypto isakmp key ******** address {m[1]}{m[2] or ''} accepts every peer"
    for ring in _sections(ctx, "crypto ikev2 keyring "):
        for peer in ring.children:
            if any(p.text == "address 0.0.0.0 0.0.0.0" for p in peer.children):
                yield f"{ring.text} {peer.text} accepts every peer (address 0.0.0.0 0.0.0.0)"


def no_nhrp_auth(ctx: HostContext) -> Iterator[str]:
    """mGRE tunnels without ``ip nhrp authentication``."""
    for tunnel in _sections(ctx, "interface Tunnel"):
        texts = [c.text for c in tunnel.children]
        if any(t.startswith("ip nhrp ") for t in texts) and not any(
            t.startswith("ip nhrp authentication ") for t in texts
        ):
            yield f"{tunnel.text} has no ip nhrp authentication"


def reversible_passwords(ctx: HostContext) -> Iterator[str]:
    """Passwords stored in clear (type 0) or Vigenère (type 7)."""
    for c in ctx.every_line:
        text = c.text
        if not text.startswith(("username ", "enable password ", "password ")):
            continue
        if m := re.match(r"^username (\S+)(?: privilege \d+)? password (?:(\d) )?\S+", text):
            yield f"username {m[1]} password is type {m[2] or '0'} (use secret)"
        elif re.match(r"^enable password ", text):
            yield "enable password is stored reversibly (use enable secret)"
        elif m := re.match(r"^password (?:(\d) )?\S+$", text):
            parent = parent_text(c) or "global"
            yield f"{parent}: password is type {m[1] or '0'}"


def clear_psk(ctx: HostContext) -> Iterator[str]:
    """Pre-shared keys readable in the config (no ``password encryption aes``)."""
    if any(c.text == "password encryption aes" for c in ctx.tops):
        return
    for c in ctx.every_line:
        if not c.text.startswith(("crypto isakmp key ", "pre-shared-key ")):
            continue
        m = re.match(
            r"^(crypto isakmp key|pre-shared-key)(?: (?:local|remote))? (?:([067]) )?", c.text
        )
        if m and m[2] != "6":
            yield f"pre-shared key ({m[1]}) stored in clear: no password encryption aes"


_WEAK_IKEV2 = {"md5", "sha1", "1", "2", "5"}


def ikev2_default_proposal_used(ctx: HostContext) -> Iterator[str]:
    """An IKEv2 profile with no ``crypto ikev2 policy`` naming a proposal negotiates
    IOS's default proposal (per release: ``IKEV2_DEFAULT_PROPOSALS`` in core/ikev2_defaults)."""
    if not any(c.text.startswith("crypto ikev2 profile ") for c in ctx.tops):
        return
    policies = [c for c in ctx.tops if c.text.startswith("crypto ikev2 policy ")]
    if any(p.text != "crypto ikev2 policy default" for p in policies) and any(
        g.text.startswith("proposal ") for p in policies for g in p.children
    ):
        return
    default = ikev2_default_proposal(ctx.release)
    if default is None:
        return
    weak = [f"group {g}" for g in default.groups if g in _WEAK_IKEV2] + [
        i for i in default.integrity if i in _WEAK_IKEV2
    ]
    if weak:
        yield (
            f"no crypto ikev2 policy names a proposal: IKEv2 negotiates the default proposal "
            f"of {ctx.release}, which offers {', '.join(weak)}"
        )
