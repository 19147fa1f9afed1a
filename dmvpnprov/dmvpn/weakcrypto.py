"""What an IOS-XE 17.11+ router still negotiates: weak algorithms are refused (FN72510).

From IOS-XE 17.11.1 on, DES, 3DES, MD5, DH groups 1, 2, 5 (and 24 in IKEv2 and PFS)
and the weak ESP transforms are no longer negotiated unless ``crypto engine compliance
shield disable`` is configured (and the router reloaded): the algorithm lists are the
capability table's (:data:`dmvpnprov.core.platforms.WEAK_CRYPTO`, with its source). A
router that refuses them negotiates with what is left of its policies, proposals and
transform sets, as the real one does.

Examples:
    >>> from dmvpnprov.dmvpn.config import IsakmpPolicy, Ikev2Proposal
    >>> weak_isakmp(IsakmpPolicy(10, encryption="3des", hash="md5", group=2))
    ['encryption 3des', 'hash md5', 'group 2']
    >>> strong_proposal(Ikev2Proposal("p", ("aes-cbc-256", "3des"), ("sha256",), (), (14, 5)))
    Ikev2Proposal(name='p', encryption=('aes-cbc-256',), integrity=('sha256',), prf=(), group=(14,))
    >>> strong_proposal(Ikev2Proposal("p", ("3des",), ("sha256",), (), (14,))) is None
    True
"""

from __future__ import annotations

from dataclasses import replace

from dmvpnprov.core.platforms import WEAK_CRYPTO, WEAK_CRYPTO_SOURCE
from dmvpnprov.dmvpn.config import Ikev2Proposal, IsakmpPolicy, TransformSet

__all__ = [
    "WEAK_CRYPTO_SOURCE",
    "strong_proposal",
    "weak_isakmp",
    "weak_pfs",
    "weak_transforms",
]


def _weak(field: str, value: str) -> bool:
    return value in WEAK_CRYPTO.get(field, frozenset())


def weak_isakmp(policy: IsakmpPolicy) -> list[str]:
    """The weak settings of an ISAKMP policy (IOS defaults count: DES, group 1)."""
    found = []
    if _weak("isakmp.encryption", policy.encryption.split()[0]):
        found.append(f"encryption {policy.encryption}")
    if _weak("isakmp.hash", policy.hash):
        found.append(f"hash {policy.hash}")
    if _weak("isakmp.group", str(policy.group)):
        found.append(f"group {policy.group}")
    return found


def _ikev2_weak(field: str, value: str) -> bool:
    base = value.split("-", maxsplit=1)[0] if field == "ikev2.encryption" else value
    return _weak(field, base) or _weak(field, value)


def strong_proposal(proposal: Ikev2Proposal) -> Ikev2Proposal | None:
    """``proposal`` without its weak algorithms; ``None`` when a list is left empty."""
    enc = tuple(e for e in proposal.encryption if not _ikev2_weak("ikev2.encryption", e))
    mac = tuple(i for i in proposal.integrity if not _ikev2_weak("ikev2.integrity", i))
    prf = tuple(i for i in proposal.prf if not _ikev2_weak("ikev2.integrity", i))
    groups = tuple(g for g in proposal.group if not _weak("ikev2.group", str(g)))
    if not enc or not groups or (proposal.integrity and not mac) or (proposal.prf and not prf):
        return None
    return replace(proposal, encryption=enc, integrity=mac, prf=prf, group=groups)


def weak_transforms(transform_set: TransformSet) -> list[str]:
    """The weak transforms of a transform set."""
    return sorted(t for t in transform_set.transforms if _weak("transform_set.transforms", t))


def weak_pfs(pfs: str | None) -> bool:
    """True for a PFS group IOS-XE 17.11+ refuses."""
    return pfs is not None and _weak("pfs_group", pfs)
