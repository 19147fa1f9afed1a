"""Multi-token parameters of the grammar: interface names and IPsec transforms.

Examples:
    >>> match_iface(["tu0"], 0, frozenset())
    (1, ['Tunnel0'])
    >>> match_iface(["fa", "0/1"], 0, frozenset())
    (2, ['FastEthernet0/1'])
    >>> match_transforms(["esp-aes", "256", "esp-sha-hmac"], 0, "12.4(15)T")
    (3, ['esp-aes', '256', 'esp-sha-hmac'])
    >>> match_transforms(["esp-gcm", "256"], 0, "12.4(15)T")
    (-1, [])
"""

from __future__ import annotations

import re

from dmvpnprov.core.iossyntax import INTERFACE_TYPES, VIRTUAL_TYPES
from dmvpnprov.core.platforms import has_feature

__all__ = ["INTERFACE_TYPES", "VIRTUAL_TYPES", "match_iface", "match_transforms"]

_NUMBER = re.compile(r"^\d+(/\d+){0,2}(\.\d+)?$")
_SPLIT = re.compile(r"^([A-Za-z-]+)(\d.*)?$")

_TRANSFORMS: dict[str, tuple[str | None, tuple[str, ...]]] = {
    "esp-des": (None, ()),
    "esp-3des": (None, ()),
    "esp-aes": (None, ("128", "192", "256")),
    "esp-gcm": ("esp_gcm", ("128", "256")),
    "esp-gmac": ("esp_gcm", ("128", "256")),
    "esp-null": (None, ()),
    "esp-seal": (None, ()),
    "esp-md5-hmac": (None, ()),
    "esp-sha-hmac": (None, ()),
    "esp-sha256-hmac": (None, ()),
    "esp-sha384-hmac": (None, ()),
    "esp-sha512-hmac": (None, ()),
    "ah-md5-hmac": (None, ()),
    "ah-sha-hmac": (None, ()),
    "comp-lzs": (None, ()),
}


def _iface_type(text: str) -> str | None:
    low = text.lower()
    for name in INTERFACE_TYPES:
        if name.lower().startswith(low):
            return name
    return None


def match_iface(toks: list[str], i: int, physical: frozenset[str]) -> tuple[int, list[str]] | None:
    """An interface name at ``toks[i]`` (``tu0``, ``Tunnel0``, ``fa 0/1``), canonical.

    Physical interfaces must exist in ``physical`` when that set is not empty.
    """
    split = _SPLIT.match(toks[i])
    if split is None:
        return None
    kind = _iface_type(split[1])
    used, number = 1, split[2]
    if number is None and i + 1 < len(toks) and _NUMBER.match(toks[i + 1]):
        used, number = 2, toks[i + 1]
    if kind is None or number is None or not _NUMBER.match(number):
        return None
    name = f"{kind}{number}"
    if physical and kind not in VIRTUAL_TYPES and name not in physical:
        return None
    return used, [name]


def _transform(tok: str) -> str | None:
    found = [t for t in _TRANSFORMS if t.startswith(tok.lower())]
    exact = [t for t in found if t == tok.lower()]
    return exact[0] if exact else (found[0] if len(found) == 1 else None)


def match_transforms(toks: list[str], i: int, release: str) -> tuple[int, list[str]]:
    """One to three transforms from ``toks[i]``; ``(-k-1, [])`` on a bad token at i+k."""
    words: list[str] = []
    j = i
    while j < len(toks) and len(words) < 6:
        name = _transform(toks[j])
        feature, sizes = _TRANSFORMS.get(name or "", (None, ()))
        if name is None or (feature is not None and not has_feature(release, feature)):
            return -(j - i) - 1, []
        words.append(name)
        j += 1
        if sizes and j < len(toks) and toks[j] in sizes:
            words.append(toks[j])
            j += 1
    return j - i, words
