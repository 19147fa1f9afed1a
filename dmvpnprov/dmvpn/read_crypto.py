"""Crypto lines: ISAKMP policies and keys, keyrings, IKEv2, transform sets, IPsec profiles.

Each function reads one line of one section into the :class:`RouterConfig`; secrets
become :class:`Secret` digests at once.

Examples:
    >>> cfg = RouterConfig("r")
    >>> crypto_top(cfg, "crypto isakmp policy 10")
    True
    >>> isakmp_line(cfg, "group 14"); cfg.isakmp[0].group
    14
"""

from __future__ import annotations

import re
from dataclasses import replace
from ipaddress import IPv4Network

from dmvpnprov.dmvpn.config import (
    Ikev2Profile,
    Ikev2Proposal,
    IpsecProfile,
    IsakmpPolicy,
    Psk,
    RouterConfig,
    Secret,
    TransformSet,
)

__all__ = [
    "crypto_top",
    "ikev2_line",
    "ipsec_profile_line",
    "isakmp_line",
    "keyring_line",
    "scope",
    "transform_set_line",
]

_IP = r"\d+\.\d+\.\d+\.\d+"
_ISAKMP_KEY = re.compile(rf"^crypto isakmp key (?:([067]) )?(\S+) address ({_IP})(?: ({_IP}))?")
_KEYRING_PSK = re.compile(rf"^pre-shared-key address ({_IP})(?: ({_IP}))? key (?:([067]) )?(\S+)")


def scope(address: str, mask: str | None) -> IPv4Network:
    """The peers a key line covers (``0.0.0.0``: every peer; no mask: one host)."""
    if address == "0.0.0.0":
        return IPv4Network("0.0.0.0/0")
    return IPv4Network(f"{address}/{mask or '255.255.255.255'}", strict=False)


def _transforms(words: list[str]) -> frozenset[str]:
    out: list[str] = []
    for w in words:
        if w.isdigit() and out:
            out[-1] = f"{out[-1]} {w}"
        else:
            out.append(w)
    return frozenset(out)


def crypto_top(cfg: RouterConfig, line: str) -> bool:
    """A top-level crypto line; False when it is none."""
    words = line.split()
    if m := _ISAKMP_KEY.match(line):
        cfg.psks.append(Psk(scope(m[3], m[4]), Secret.of(m[2], m[1]), "crypto isakmp key"))
        return True
    key = " ".join(words[:3])
    if line == "crypto engine compliance shield disable":
        cfg.weak_crypto_allowed = True
    elif key == "crypto isakmp policy":
        cfg.isakmp.append(IsakmpPolicy(int(words[3])))
    elif key == "crypto ikev2 proposal":
        cfg.ikev2_proposals[words[3]] = Ikev2Proposal(words[3])
    elif key == "crypto ikev2 policy":
        cfg.ikev2_policies.append(())
    elif key == "crypto ikev2 keyring":
        cfg.ikev2_keyrings[words[3]] = []
    elif key == "crypto ikev2 profile":
        cfg.ikev2_profiles[words[3]] = Ikev2Profile(words[3])
    elif key == "crypto ipsec transform-set":
        cfg.transform_sets[words[3]] = TransformSet(words[3], _transforms(words[4:]))
    elif key == "crypto ipsec profile":
        cfg.ipsec_profiles[words[3]] = IpsecProfile(words[3])
    else:
        return False
    return True


def isakmp_line(cfg: RouterConfig, line: str) -> None:
    """A line of ``crypto isakmp policy N``."""
    p, words = cfg.isakmp[-1], line.split()
    if words[0] in ("encryption", "encr"):
        p = replace(p, encryption=" ".join(words[1:]))
    elif words[0] == "hash":
        p = replace(p, hash=words[1])
    elif words[0] == "authentication":
        p = replace(p, authentication=words[1])
    elif words[0] == "group":
        p = replace(p, group=int(words[1]))
    elif words[0] == "lifetime":
        p = replace(p, lifetime=int(words[1]))
    cfg.isakmp[-1] = p


def keyring_line(cfg: RouterConfig, head: str, line: str) -> None:
    """A line of an IKEv1 ``crypto keyring``."""
    if m := _KEYRING_PSK.match(line):
        cfg.psks.append(Psk(scope(m[1], m[2]), Secret.of(m[4], m[3]), head))


def transform_set_line(cfg: RouterConfig, name: str, line: str) -> None:
    """``mode tunnel|transport`` under a transform set."""
    if line.startswith("mode "):
        cfg.transform_sets[name] = replace(cfg.transform_sets[name], mode=line.split()[1])


def ipsec_profile_line(cfg: RouterConfig, name: str, line: str) -> None:
    """A line of ``crypto ipsec profile NAME``."""
    p, words = cfg.ipsec_profiles[name], line.split()
    if line.startswith("set transform-set "):
        p = replace(p, transform_sets=tuple(words[2:]))
    elif line.startswith("set pfs"):
        p = replace(p, pfs=words[2] if len(words) > 2 else "group1")
    elif line.startswith("set ikev2-profile "):
        p = replace(p, ikev2_profile=words[2])
    cfg.ipsec_profiles[name] = p


def _proposal(cfg: RouterConfig, name: str, words: list[str]) -> None:
    p = cfg.ikev2_proposals[name]
    if words[0] == "encryption":
        p = replace(p, encryption=tuple(words[1:]))
    elif words[0] == "integrity":
        p = replace(p, integrity=tuple(words[1:]))
    elif words[0] == "prf":
        p = replace(p, prf=tuple(words[1:]))
    elif words[0] == "group":
        p = replace(p, group=tuple(int(w) for w in words[1:]))
    cfg.ikev2_proposals[name] = p


def _profile(cfg: RouterConfig, name: str, line: str, words: list[str]) -> None:
    p = cfg.ikev2_profiles[name]
    if line.startswith("match identity remote address ") and len(words) >= 5:
        mask = words[5] if len(words) > 5 else None
        p = replace(p, match=(*p.match, scope(words[4], mask)))
    elif line.startswith("authentication remote "):
        p = replace(p, auth_remote=words[2])
    elif line.startswith("authentication local "):
        p = replace(p, auth_local=words[2])
    elif line.startswith("keyring local "):
        p = replace(p, keyring=words[2])
    cfg.ikev2_profiles[name] = p


def ikev2_line(
    cfg: RouterConfig, kind: str, name: str, line: str, peers: list[IPv4Network]
) -> None:
    """A line of an IKEv2 proposal, policy, keyring (``peers``: the current peer's scopes)."""
    words = line.split()
    if kind == "proposal":
        _proposal(cfg, name, words)
    elif kind == "policy" and words[0] == "proposal":
        cfg.ikev2_policies[-1] = (*cfg.ikev2_policies[-1], words[1])
    elif kind == "profile":
        _profile(cfg, name, line, words)
    elif kind == "keyring" and words[0] == "peer":
        peers.clear()
    elif kind == "keyring" and words[0] == "address" and len(words) >= 2:
        peers.append(scope(words[1], words[2] if len(words) > 2 else None))
    elif kind == "keyring" and words[0] == "pre-shared-key" and words[1] != "remote":
        kind_of_key = words[-2] if len(words) > 2 and words[-2] in ("0", "6", "7") else None
        key = Secret.of(words[-1], kind_of_key)
        cfg.ikev2_keyrings[name].extend(Psk(s, key, f"keyring {name}") for s in peers)
