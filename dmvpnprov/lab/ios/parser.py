"""Match a typed line against the grammar of a mode, as IOS's parser does.

Keywords match by unique prefix (``sh run``, ``int tu0``), parameters by type; a
keyword gated on a feature the release lacks does not exist. The result is the
command with its canonical words, or an error with the column IOS puts its caret at.

Examples:
    >>> ctx = Context(release="12.4(15)T")
    >>> parse_line("exec", "sh run", ctx).words
    ['show', 'running-config']
    >>> parse_line("config", "int tu0", ctx).words
    ['interface', 'Tunnel0']
    >>> err = parse_line("tunnel", "ip nhrp redirect", Context(release="12.2(13)T"))
    >>> err.kind, err.column
    ('invalid', 8)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from ipaddress import IPv4Address

from dmvpnprov.core.platforms import has_feature
from dmvpnprov.lab.ios.grammar import GRAMMAR, Cmd
from dmvpnprov.lab.ios.params import match_iface, match_transforms
from dmvpnprov.lab.state.router import Context

__all__ = ["Context", "ParseError", "Parsed", "parse_line"]

# Present in every configuration mode.
_COMMON = (Cmd("end"), Cmd("exit"), Cmd("do <line>"), Cmd("no <line>"))
_TOKEN = re.compile(r"\[[^\]]*\]|\S+")
_NUM = re.compile(r"^num:(-?\d+)-(-?\d+)$")


@dataclass(frozen=True)
class Parsed:
    """A matched command: the pattern and the canonical words typed."""

    cmd: Cmd
    words: list[str]
    complete: bool = True

    @property
    def line(self) -> str:
        """The canonical line (full keywords, one space)."""
        return " ".join(self.words)


@dataclass(frozen=True)
class ParseError:
    """Why a line does not parse: ``invalid`` (at ``column``), ``incomplete``, ``ambiguous``."""

    kind: str
    column: int = 0


@dataclass
class _Node:
    keywords: dict[str, tuple[_Node, str | None]] = field(default_factory=dict)
    params: list[tuple[str, _Node]] = field(default_factory=list)
    cmd: Cmd | None = None

    def child(self, token: str) -> _Node:
        if token.startswith("<"):
            for spec, node in self.params:
                if spec == token:
                    return node
            node = _Node()
            self.params.append((token, node))
            return node
        word, _, feature = token.partition("@")
        if word not in self.keywords:
            self.keywords[word] = (_Node(), feature or None)
        return self.keywords[word][0]

    def any_cmd(self) -> Cmd | None:
        if self.cmd is not None:
            return self.cmd
        for node, _ in self.keywords.values():
            if (found := node.any_cmd()) is not None:
                return found
        for _, node in self.params:
            if (found := node.any_cmd()) is not None:
                return found
        return None


def _expand(pattern: str) -> list[list[str]]:
    """Every token list a pattern allows (optional groups in or out, choices split)."""
    variants: list[list[str]] = [[]]
    for item in _TOKEN.findall(pattern):
        if item.startswith("["):
            inner = _expand(item[1:-1])
            variants = [v + i for v in variants for i in [[], *inner]]
        elif item.startswith("{"):
            variants = [[*v, c] for v in variants for c in item[1:-1].split("|")]
        else:
            variants = [[*v, item] for v in variants]
    return variants


@cache
def _trie(mode: str, priv: bool) -> _Node:
    root = _Node()
    for cmd in GRAMMAR[mode] + (() if mode == "exec" else _COMMON):
        if mode == "exec" and cmd.priv and not priv:
            continue
        for tokens in _expand(cmd.pattern):
            node = root
            for token in tokens:
                node = node.child(token)
            node.cmd = node.cmd or cmd
    return root


def _ip(tok: str) -> str | None:
    try:
        return str(IPv4Address(tok))
    except ValueError:
        return None


def _param(spec: str, toks: list[str], i: int, ctx: Context) -> tuple[int, list[str]] | None:
    """Match parameter ``spec`` at ``toks[i]``: (tokens consumed, canonical words)."""
    tok, kind = toks[i], spec[1:-1]
    simple = {
        "word": (1, [tok]),
        "line": (len(toks) - i, toks[i:]),
        "ip": (1, [ip]) if (ip := _ip(tok)) else None,
    }
    if kind in simple:
        return simple[kind]
    if kind == "iface":
        return match_iface(toks, i, ctx.physical)
    if kind == "transforms":
        return match_transforms(toks, i, ctx.release)
    num = _NUM.match(kind)
    ok = num is not None and re.fullmatch(r"-?\d+", tok) and int(num[1]) <= int(tok) <= int(num[2])
    return (1, [str(int(tok))]) if ok else None


def _keyword(node: _Node, tok: str, ctx: Context) -> tuple[str, _Node] | str | None:
    """The keyword child ``tok`` abbreviates; "ambiguous" or None when none."""
    low = tok.lower()
    found = [
        (word, child)
        for word, (child, feature) in node.keywords.items()
        if word.lower().startswith(low) and (feature is None or has_feature(ctx.release, feature))
    ]
    exact = [f for f in found if f[0].lower() == low]
    if exact:
        return exact[0]
    if len(found) == 1:
        return found[0]
    return "ambiguous" if found else None


def parse_line(
    mode: str, line: str, ctx: Context, *, priv: bool = True, prefix: bool = False
) -> Parsed | ParseError:
    """Parse ``line`` in ``mode``; ``prefix`` accepts an incomplete command (``no`` forms)."""
    spans = [(m.start(), m.group()) for m in re.finditer(r"\S+", line)]
    toks = [t for _, t in spans]
    node, words, i = _trie(mode, priv), [], 0
    while i < len(toks):
        kw = _keyword(node, toks[i], ctx)
        if kw == "ambiguous":
            return ParseError("ambiguous", spans[i][0])
        if isinstance(kw, tuple):
            words.append(kw[0])
            node, i = kw[1], i + 1
            continue
        for spec, child in node.params:
            got = _param(spec, toks, i, ctx)
            if got is not None:
                used, canon = got
                if used < 0:  # a multi-token parameter failed inside: caret there
                    return ParseError("invalid", spans[i - used - 1][0])
                words.extend(canon)
                node, i = child, i + used
                break
        else:
            return ParseError("invalid", spans[i][0])
    if node.cmd is not None:
        return Parsed(node.cmd, words)
    if prefix and words and (found := node.any_cmd()) is not None:
        return Parsed(found, words, complete=False)
    return ParseError("incomplete", len(line))
