"""``show crypto ikev2 proposal``: IOS's default proposal of the release, then the
configured ones.

The default proposal comes from the capability table
(:mod:`dmvpnprov.core.ikev2_defaults`, the data the audit's ``CRYPTO-010`` rates), so the
lab prints what the audit assumes. The layout is that of real captures (genieparser's
``ShowCryptoIkev2Proposal`` goldens, docs/display-rules.md): a title line, then
``Encryption``, ``Integrity``, ``PRF`` and ``DH Group`` indented five spaces; without
``prf`` lines the PRFs follow the integrity algorithms (``integrity sha1`` shows as
``SHA96``, its PRF as ``SHA1``).

Examples:
    >>> print(show_ikev2_proposals("17.3.4a", []), end="")
     IKEv2 proposal: default
         Encryption : AES-CBC-256
         Integrity  : SHA512 SHA384
         PRF        : SHA512 SHA384
         DH Group   : DH_GROUP_256_ECP/Group 19 DH_GROUP_2048_MODP/Group 14 DH_GROUP_521_ECP/Group 21 DH_GROUP_1536_MODP/Group 5
    >>> show_ikev2_proposals("12.4(15)T", [])
    ''
"""  # noqa: E501

from __future__ import annotations

from collections.abc import Iterable, Sequence

from dmvpnprov.core.ikev2_defaults import ikev2_default_proposal

__all__ = ["show_ikev2_proposals"]

_GROUPS = {
    "1": "DH_GROUP_768_MODP",
    "2": "DH_GROUP_1024_MODP",
    "5": "DH_GROUP_1536_MODP",
    "14": "DH_GROUP_2048_MODP",
    "15": "DH_GROUP_3072_MODP",
    "16": "DH_GROUP_4096_MODP",
    "19": "DH_GROUP_256_ECP",
    "20": "DH_GROUP_384_ECP",
    "21": "DH_GROUP_521_ECP",
}
_INTEGRITY = {"sha1": "SHA96", "md5": "MD596"}


def _block(
    name: str,
    encryption: Iterable[str],
    integrity: Sequence[str],
    prf: Sequence[str],
    groups: Iterable[str],
) -> list[str]:
    prfs = prf or integrity
    dh = " ".join(f"{_GROUPS.get(g, 'DH_GROUP_' + g)}/Group {g}" for g in groups)
    return [
        f" IKEv2 proposal: {name}",
        f"     Encryption : {' '.join(e.upper() for e in encryption)}",
        f"     Integrity  : {' '.join(_INTEGRITY.get(i, i.upper()) for i in integrity)}",
        f"     PRF        : {' '.join(p.upper() for p in prfs)}",
        f"     DH Group   : {dh}",
    ]


def _configured(name: str, lines: Sequence[str]) -> list[str]:
    def values(keyword: str) -> list[str]:
        return [w for line in lines if line.startswith(keyword + " ") for w in line.split()[1:]]

    return _block(name, values("encryption"), values("integrity"), values("prf"), values("group"))


def show_ikev2_proposals(release: str, proposals: Sequence[tuple[str, Sequence[str]]]) -> str:
    """The output on ``release`` with ``proposals`` configured (name, lines under it);
    empty before IKEv2 (no default proposal in the table)."""
    default = ikev2_default_proposal(release)
    if default is None:
        return ""
    out = _block(
        "default", default.encryption, default.integrity, default.integrity, default.groups
    )
    for name, lines in proposals:
        out += _configured(name, lines)
    return "\n".join(out) + "\n"
