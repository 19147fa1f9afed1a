"""``?`` help: the keywords the grammar accepts at the point typed.

Examples:
    >>> ctx = Context(release="12.4(15)T")
    >>> help_words("exec", "show ru", ctx)
    ['running-config']
    >>> "<cr>" in help_words("exec", "show version ", ctx)
    True
    >>> "terminal" in help_words("exec", "configure ", ctx)
    True
"""

from __future__ import annotations

import re

from dmvpnprov.core.platforms import has_feature
from dmvpnprov.lab.ios.parser import _keyword, _Node, _param, _trie
from dmvpnprov.lab.state.router import Context

__all__ = ["help_words"]

_PLACEHOLDERS = {"<ip>": "A.B.C.D", "<word>": "WORD", "<line>": "LINE", "<iface>": "INTERFACE"}


def _walk(node: _Node, toks: list[str], ctx: Context) -> _Node | None:
    i = 0
    while i < len(toks):
        kw = _keyword(node, toks[i], ctx)
        if isinstance(kw, tuple):
            node, i = kw[1], i + 1
            continue
        if kw == "ambiguous":
            return None
        for spec, child in node.params:
            got = _param(spec, toks, i, ctx)
            if got is not None and got[0] > 0:
                node, i = child, i + got[0]
                break
        else:
            return None
    return node


def _visible(node: _Node, ctx: Context) -> list[str]:
    return sorted(
        word
        for word, (_, feature) in node.keywords.items()
        if feature is None or has_feature(ctx.release, feature)
    )


def help_words(mode: str, typed: str, ctx: Context, *, priv: bool = True) -> list[str]:
    """The completions of ``typed`` (a partial word) or the next words (after a space)."""
    toks = typed.split()
    partial = "" if typed.endswith(" ") or not typed else toks.pop()
    node = _walk(_trie(mode, priv), toks, ctx)
    if node is None:
        return []
    if partial:
        return [w for w in _visible(node, ctx) if w.lower().startswith(partial.lower())]
    words = _visible(node, ctx)
    for spec, _ in node.params:
        num = re.match(r"<num:(-?\d+)-(-?\d+)>", spec)
        words.append(f"<{num[1]}-{num[2]}>" if num else _PLACEHOLDERS.get(spec, spec))
    if node.cmd is not None:
        words.append("<cr>")
    return words
