"""How each IOS release prints the lines dmvpnprov manages: display rules as data.

Part of the capability table (with :mod:`dmvpnprov.core.platforms`): the audit compares
intended and running configs *as the router prints them*, and the lab prints them the
same way, so a fix never proposes a line the router would show differently (which
would never settle). Two kinds of rule:

* :data:`SPELLINGS`: a keyword the release prints in another form than typed
  (``encryption aes 256`` is shown ``encr aes 256`` in an ISAKMP policy from 12.4T);
* :data:`DEFAULTS`: a line that only restates the default (``hash sha``, ``lifetime
  86400``, ``mode tunnel``). Some releases print it, others hide it; a config that
  types it means the same as one that does not. For comparison, :func:`canonical`
  drops it on both sides, so neither its presence nor its absence is drift, and a
  changed value (``hash md5``) is fixed by removing the line (back to the default).

:data:`EQUIVALENTS` are forms that carry options dmvpnprov does not manage
(``ip address dhcp hostname R1`` is the intended ``ip address dhcp``).

Examples:
    >>> canonical("crypto isakmp policy 10", "encryption aes 256", "15.1(4)M")
    'encr aes 256'
    >>> canonical("crypto isakmp policy 10", "encr aes 256", "12.4(25)")
    'encryption aes 256'
    >>> canonical("crypto isakmp policy 10", "lifetime 86400", "17.3.4a") is None
    True
    >>> canonical("interface Dialer1", "ip address dhcp hostname R1", "15.1(4)M")
    'ip address dhcp'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from hier_config import HConfig

from dmvpnprov.core.configtree import Outline
from dmvpnprov.core.platforms import IosRelease

__all__ = [
    "DEFAULTS",
    "EQUIVALENTS",
    "SPELLINGS",
    "DefaultLine",
    "Spelling",
    "canonical",
    "displayed",
    "implied_lines",
    "normalise",
    "normalise_outline",
    "shows_default",
]

_ISAKMP = r"^crypto isakmp policy \d+$"
_TSET = r"^crypto ipsec transform-set \S+ "
_PROFILE = r"^crypto ipsec profile \S+$"
_TUNNEL = r"^interface Tunnel\d+$"
_IFACE = r"^interface \S+$"
_CMDREF_ISAKMP = (
    "Cisco IOS Security Command Reference, 'crypto isakmp policy' (defaults: encryption des, "
    "hash sha, authentication rsa-sig, group 1, lifetime 86400)"
)


@dataclass(frozen=True)
class Spelling:
    """A keyword that ``since`` releases print as ``shown`` (older ones as ``typed``)."""

    parent: str
    typed: str
    shown: str
    since: tuple[str, ...]
    source: str

    def applies(self, release: IosRelease) -> bool:
        """True when ``release`` prints the ``shown`` form."""
        return any(release.has_since(IosRelease.parse(s)) for s in self.since)


@dataclass(frozen=True)
class DefaultLine:
    """A line restating a default; ``shown_since`` releases print it (others hide it).
    ``default_since``: the releases where it is the default (empty: every release).
    ``implied``: those releases print it even when it was never typed (unless another
    value of the same keyword is set)."""

    parent: str
    line: str
    shown_since: tuple[str, ...]
    source: str
    default_since: tuple[str, ...] = ()
    implied: bool = False  # printed by the ``shown_since`` releases even when not typed

    def is_default(self, release: IosRelease | None) -> bool:
        """True when the line restates ``release``'s default (unknown release: True)."""
        if not self.default_since or release is None:
            return True
        return any(release.has_since(IosRelease.parse(s)) for s in self.default_since)


SPELLINGS: tuple[Spelling, ...] = (
    Spelling(
        _ISAKMP,
        "encryption ",
        "encr ",
        ("12.4(2)T",),
        "Cisco IOS Security Configuration Guide: Configuring IKE for IPsec VPNs, "
        "configuration examples of 12.4T and 15.x (show running-config prints 'encr')",
    ),
)

# The same router's typed config (SirMysterion/wiki-techpatix@e33d85a9c432cb844d74fd4f17d7693a
# 17988b10 networking/VPN.md): ``encryption aes 256``, ``hash sha``, and a transform set
# typed without ``mode``; the running config shows ``encr``, no ``hash`` line, and
# ``mode tunnel``, which was never typed.
_HQ_EDGE_TYPED = (
    "typed config of the same router: SirMysterion/wiki-techpatix@e33d85a9c432cb844d74fd4f17d7693a"
    "17988b10 networking/VPN.md"
)
# A real IOS 15.4 ``show running-config`` (SirMysterion/wiki-techpatix, commit
# 5920cd3053338f2a7e7941bf1f94773bd0ced693, networking/CONFIGS/HQ-EDGE.md; tests/core/
# test_display_sources.py quotes it): a policy with the default hash prints no ``hash``
# line, a non-default lifetime prints (``lifetime 3600``), and the transform set prints
# ``mode tunnel``. docs/display-rules.md lists every source.
_HQ_EDGE_15_4 = (
    "show running-config of IOS 15.4: SirMysterion/wiki-techpatix@5920cd3053338f2a7e7941bf1f94773"
    "bd0ced693 networking/CONFIGS/HQ-EDGE.md"
)

DEFAULTS: tuple[DefaultLine, ...] = (
    DefaultLine(
        _ISAKMP,
        "hash sha",
        (),
        f"{_CMDREF_ISAKMP}; typed, and hidden on 15.4: {_HQ_EDGE_TYPED}; {_HQ_EDGE_15_4}",
    ),
    # Unsourced which release (if any) prints it: no public capture with it was found.
    DefaultLine(_ISAKMP, "lifetime 86400", ("15.0(1)M",), _CMDREF_ISAKMP),
    DefaultLine(_ISAKMP, "authentication rsa-sig", (), _CMDREF_ISAKMP),
    DefaultLine(_ISAKMP, "encryption des", (), _CMDREF_ISAKMP),
    DefaultLine(_ISAKMP, "encr des", (), _CMDREF_ISAKMP),
    DefaultLine(_ISAKMP, "group 1", (), _CMDREF_ISAKMP),
    DefaultLine(
        _TSET,
        "mode tunnel",
        ("15.0(1)M",),
        "Cisco IOS Security Command Reference, 'mode (IPsec)': tunnel is the default; "
        "15.x show running-config prints it under every transform set, typed or not "
        f"({_HQ_EDGE_TYPED}; {_HQ_EDGE_15_4})",
        implied=True,
    ),
    DefaultLine(
        _PROFILE,
        "set security-association lifetime seconds 3600",
        (),
        "Cisco IOS Security Command Reference, 'crypto ipsec security-association lifetime' "
        "(default 3600 seconds)",
    ),
    DefaultLine(
        _TUNNEL,
        "ip nhrp holdtime 7200",
        (),
        "Cisco IOS IP Addressing Services Command Reference, 'ip nhrp holdtime' "
        "(default 7200 seconds; IOS and IOS-XE hide it)",
    ),
    DefaultLine(
        r"^router eigrp \d+$",
        "no auto-summary",
        (),
        "Cisco EIGRP Command Reference, 'auto-summary (EIGRP)': disabled by default from "
        "15.0(1)M (and not shown); on 12.x auto-summary is the default",
        ("15.0(1)M",),
    ),
    DefaultLine(
        _TUNNEL,
        "tunnel mode gre ip",
        (),
        "Cisco IOS Interface Command Reference, 'tunnel mode' (GRE over IP is the default)",
    ),
)

# (parent, regex on the line, the line it stands for when comparing)
EQUIVALENTS: tuple[tuple[str, re.Pattern[str], str], ...] = (
    (
        _IFACE,
        re.compile(r"^ip address dhcp(?: (?:hostname|client-id) \S+)+$"),
        "ip address dhcp",
    ),
)


@lru_cache(maxsize=64)
def _release(text: str) -> IosRelease | None:
    try:
        return IosRelease.parse(text)
    except ValueError:
        return None


@dataclass(frozen=True)
class _Rules:
    """The display rules of one parent section, and the line starts they can touch."""

    spell: tuple[Spelling, ...]
    defaults: dict[str, DefaultLine]
    equivalents: tuple[tuple[re.Pattern[str], str], ...]
    starts: tuple[str, ...]

    def touches(self, line: str) -> bool:
        """True when a rule may rewrite ``line`` (a cheap test before :func:`canonical`)."""
        return line in self.defaults or line.startswith(self.starts)


@lru_cache(maxsize=4096)
def _parent_rules(parent: str) -> _Rules | None:
    spell = tuple(s for s in SPELLINGS if re.match(s.parent, parent))
    defaults = {d.line: d for d in DEFAULTS if re.match(d.parent, parent)}
    equivalents = tuple((p, v) for parent_re, p, v in EQUIVALENTS if re.match(parent_re, parent))
    if not (spell or defaults or equivalents):
        return None
    starts = tuple(x for s in spell for x in (s.typed, s.shown)) + tuple(v for _, v in equivalents)
    return _Rules(spell, defaults, equivalents, starts)


@lru_cache(maxsize=16384)
def canonical(parent: str | None, line: str, release: str) -> str | None:
    """``line`` (under ``parent``) as ``release`` prints it for comparison: the release's
    spelling, ``None`` for a line restating a default, the managed part of a line with
    options dmvpnprov does not manage. Unknown releases take the newest spellings."""
    rules = None if parent is None else _parent_rules(parent)
    if rules is None or not rules.touches(line):
        return line
    rel = _release(release)
    for s in rules.spell:
        short = rel is None or s.applies(rel)
        old, new = (s.typed, s.shown) if short else (s.shown, s.typed)
        if line.startswith(old):
            line = new + line[len(old) :]
    default = rules.defaults.get(line)
    if default is not None and default.is_default(rel):
        return None
    for pattern, value in rules.equivalents:
        if pattern.match(line):
            return value
    return line


def displayed(parent: str, line: str, release: str) -> str | None:
    """How ``release`` prints a line typed under ``parent`` (``None``: not printed), for
    the lab: spellings applied, defaults hidden unless the release shows them.

    Examples:
        >>> displayed("crypto ipsec transform-set T esp-aes ", "mode tunnel", "12.4(15)T")
        >>> displayed("crypto ipsec transform-set T esp-aes ", "mode tunnel", "15.1(4)M")
        'mode tunnel'
    """
    rules = _parent_rules(parent)
    if rules is None:
        return line
    rel = _release(release)
    for s in rules.spell:
        if line.startswith(s.typed) and (rel is None or s.applies(rel)):
            line = s.shown + line[len(s.typed) :]
    default = rules.defaults.get(line)
    hidden = default is not None and default.is_default(rel)
    if hidden and not shows_default(parent, line, release):
        return None
    return line


def shows_default(parent: str, line: str, release: str) -> bool:
    """True when ``release`` prints the default ``line`` under ``parent``."""
    rel = _release(release)
    for d in DEFAULTS:
        if d.line == line and re.match(d.parent, parent) and rel is not None:
            return any(rel.has_since(IosRelease.parse(s)) for s in d.shown_since)
    return False


def implied_lines(parent: str, present: tuple[str, ...], release: str) -> tuple[str, ...]:
    """Defaults ``release`` prints under ``parent`` although nobody typed them (for the
    lab): those not overridden by a line of ``present`` with the same keyword.

    Examples:
        >>> tset = "crypto ipsec transform-set T esp-aes"
        >>> implied_lines(tset, (), "15.4(3)M"), implied_lines(tset, (), "12.4(15)T")
        (('mode tunnel',), ())
        >>> implied_lines(tset, ("mode transport",), "15.4(3)M")
        ()
    """
    rules = _parent_rules(parent)
    if rules is None:
        return ()
    keywords = {line.split()[0] for line in present if line}
    return tuple(
        d.line
        for d in rules.defaults.values()
        if d.implied
        and d.line.split()[0] not in keywords
        and shows_default(parent, d.line, release)
    )


def normalise(tree: HConfig, release: str) -> HConfig:
    """Put every managed line of ``tree`` in its :func:`canonical` form, in place (lines
    restating defaults removed); returns ``tree``.

    Examples:
        >>> from dmvpnprov.core.configtree import parse
        >>> t = parse("crypto isakmp policy 1\\n encryption aes 256\\n hash sha\\n")
        >>> normalise(t, "15.1(4)M").dump_simple()
        ('crypto isakmp policy 1', '  encr aes 256')
    """
    for top in tuple(tree.children):
        rules = _parent_rules(top.text)
        if rules is None:
            continue
        for child in tuple(top.children):
            if not rules.touches(child.text):
                continue
            new = canonical(top.text, child.text, release)
            if new == child.text:
                continue
            if new is None or top.get_child(equals=new) is not None:
                child.delete()
            else:
                child.text = new
    return tree


def _outline_changes(outline: Outline, release: str) -> dict[tuple[str, str], str | None]:
    changes: dict[tuple[str, str], str | None] = {}
    for top, children in outline.tops.items():
        rules = _parent_rules(top)
        if rules is None:
            continue
        for child in children:
            if rules.touches(child) and (new := canonical(top, child, release)) != child:
                changes[(top, child)] = new
    return changes


def normalise_outline(outline: Outline, release: str) -> Outline:
    """An :class:`~dmvpnprov.core.configtree.Outline` with its lines in canonical form
    (the same object when no rule applies: the common case)."""
    changes = _outline_changes(outline, release)
    if not changes:
        return outline
    tops: dict[str, tuple[str, ...]] = {}
    for top, children in outline.tops.items():
        kept = (changes.get((top, c), c) for c in children)
        tops[top] = tuple(dict.fromkeys(c for c in kept if c is not None))
    paths: set[tuple[str, ...]] = set()
    for path in outline.paths:
        if len(path) < 2 or (path[0], path[1]) not in changes:
            paths.add(path)
        elif (child := changes[(path[0], path[1])]) is not None:
            paths.add((path[0], child, *path[2:]))
    return Outline(tops, frozenset(paths))
