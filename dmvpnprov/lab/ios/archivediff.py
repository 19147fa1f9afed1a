"""``show archive config differences`` and ``incremental-diffs``, as IOS prints them.

Contextual diffs name each changed line under its parents with ``+`` / ``-``;
incremental diffs list the lines of a file that the running config lacks.

Examples:
    >>> old, new = ConfigTree(), ConfigTree()
    >>> old.put(old.root, "hostname R1", "hostname")
    >>> new.put(new.root, "hostname R2", "hostname")
    >>> print(contextual_diff(old, new))
    !Contextual Config Diffs:
    +hostname R2
    -hostname R1
    <BLANKLINE>
    >>> print(incremental_diff(old, old))
    !List of Commands:
    end
    !No changes were found
    <BLANKLINE>
"""

from __future__ import annotations

from dmvpnprov.lab.state.config import ConfigTree, Node

__all__ = ["contextual_diff", "incremental_diff"]


def _all(node: Node, sign: str, depth: int) -> list[str]:
    out = [f"{' ' * depth}{sign}{node.line}"]
    for child in node.children:
        out += _all(child, sign, depth + 1)
    return out


def _context(old: Node, new: Node, depth: int) -> list[str]:
    before = {c.line: c for c in old.children}
    after = {c.line: c for c in new.children}
    out: list[str] = []
    for line, node in after.items():
        if line not in before:
            out += _all(node, "+", depth)
        else:
            inner = _context(before[line], node, depth + 1)
            if inner:
                out += [" " * depth + line, *inner]
    for line, node in before.items():
        if line not in after:
            out += _all(node, "-", depth)
    return out


def contextual_diff(old: ConfigTree, new: ConfigTree) -> str:
    """``show archive config differences OLD NEW``."""
    lines = _context(old.root, new.root, 0)
    if not lines:
        return "!Contextual Config Diffs:\n!No changes were found\n"
    return "!Contextual Config Diffs:\n" + "\n".join(lines) + "\n"


def _missing(running: Node, wanted: Node, depth: int) -> list[str]:
    have = {c.line: c for c in running.children}
    out: list[str] = []
    for node in wanted.children:
        if node.line not in have:
            out += [" " * depth + line.lstrip("+") for line in _all(node, "", 0)]
            continue
        inner = _missing(have[node.line], node, depth + 1)
        if inner:
            out += [" " * depth + node.line, *inner]
    return out


def incremental_diff(running: ConfigTree, wanted: ConfigTree) -> str:
    """``show archive config incremental-diffs FILE``: what FILE would add."""
    lines = _missing(running.root, wanted.root, 0)
    if not lines:
        return "!List of Commands:\nend\n!No changes were found\n"
    return "!List of Commands:\n" + "\n".join(lines) + "\nend\n"
