"""Rendered config text, line by line: tidy it, and refuse lines the release lacks.

Every config ``render`` produces goes through :func:`normalise`, whichever template
(built-in or a user's) produced it. The capability check reads the same table as
validation, the lab and the audit (:data:`dmvpnprov.core.platforms.FEATURES`); only lines
that start like one of its patterns (a C-level ``startswith`` test) are matched against
it, so checking 10,000 configs costs little.

Examples:
    >>> print(normalise("interface Tunnel0 \\r\\n\\n ip mtu 1400\\n!\\n!\\n"), end="")
    interface Tunnel0
     ip mtu 1400
    !
"""

from __future__ import annotations

import re
from functools import lru_cache

from dmvpnprov.core.errors import UserError
from dmvpnprov.core.models import Router
from dmvpnprov.core.platforms import FEATURES, Feature, missing_features
from dmvpnprov.core.secrets import mask_config

__all__ = ["normalise"]


@lru_cache(maxsize=4096)
def _missing(release: str, line: str, parent: str | None) -> tuple[Feature, ...]:
    return tuple(missing_features(release, line, parent))


def _literal_prefix(pattern: str) -> str:
    """The literal start of a ``^...`` pattern: ``^group (14|15)$`` -> ``group ``."""
    match = re.match(r"\^([^\\\[\](){}.*+?|$^]*)", pattern)
    return match[1] if match else ""


# A line can need a feature only if it starts with one of these (a fast C-level test);
# only those lines go through the capability table's regexes.
_FEATURE_PREFIXES = tuple(
    sorted({_literal_prefix(p) for f in FEATURES.values() for p in f.patterns})
)


_UNTIDY = ("\n\n", " \n", "\t", "\r", "\n!\n!\n")


def _tidy(text: str) -> str:
    out: list[str] = []
    previous = "!"
    for raw in text.split("\n"):
        line = raw.rstrip()
        if line and not (line == "!" and previous == "!"):
            out.append(line)
            previous = line
    return "\n".join(out) + "\n" if out else ""


def _check_release(router: Router, text: str) -> None:
    """Refuse any line ``router``'s release lacks (only lines that start like a feature's)."""
    parent: str | None = None
    for line in text.split("\n"):
        if line[:1] == " ":
            stripped = line.lstrip(" ")
            if stripped.startswith(_FEATURE_PREFIXES):
                _refuse(router, stripped, parent)
        elif line:
            parent = None if line == "!" else line
            if line.startswith(_FEATURE_PREFIXES):
                _refuse(router, line, None)


def normalise(text: str, router: Router | None = None) -> str:
    """IOS text as written to disk; with ``router``, refuse lines its release lacks.

    ``\\n`` newlines, no trailing blanks, no empty lines, no leading or repeated ``!``
    lines, one trailing newline. Tidy text (what the built-in templates produce) is
    only scanned, not rebuilt.
    """
    if text[:1] in ("\n", " ", "!") or not text.endswith("\n") or any(u in text for u in _UNTIDY):
        text = _tidy(text)
    if router is not None:
        _check_release(router, text)
    return text


def _refuse(router: Router, line: str, parent: str | None) -> None:
    missing = _missing(router.ios_release, line, parent)
    if missing:
        feature = missing[0]
        msg = (
            f"host {router.name}: {mask_config(line)!r} needs {feature.description}, which "
            f"IOS {router.ios_release} lacks (since {', '.join(feature.since)}; {feature.source})"
        )
        raise UserError(msg)
