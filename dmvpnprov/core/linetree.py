"""A config's lines as a plain tree: what reading a config needs, without hier_config.

The audit reads every running config: its host rules and its facts look at lines, their
children and their parent, nothing more. hier_config's tree (:func:`configtree.parse`)
is what comparing with the intended config needs (drift, the managed scope), and
building it costs most of what reading a config costs. :func:`read_tree` builds the
plain tree from the same lines, by the same indentation walk, for a text it can be sure
of: it returns ``None`` whenever hier_config's tree could differ, and the caller parses
instead:

* text hier_config or the front end treats specially (banners, text to clean: see
  :func:`configtree.plain_lines`);
* a sectional exit (``exit-address-family``: hier_config drops it);
* a line written twice under one parent (hier_config merges or refuses it);
* a top-level line one of the driver's post-load callbacks rewrites (IPv4 and IPv6
  access lists, VLAN lists), or a callback this module does not know.

``tests/core/test_linetree.py`` checks the tree against hier_config's on every golden
config, and the audit's findings and facts from both trees.

Examples:
    >>> tree = read_tree("interface Tunnel0\\n ip mtu 1400\\nhostname r1\\n")
    >>> [(line.text, line.parent.text if isinstance(line.parent, Line) else None)
    ...  for line in tree.all_children()]
    [('interface Tunnel0', None), ('ip mtu 1400', 'interface Tunnel0'), ('hostname r1', None)]
    >>> read_tree("vlan 10-12\\n") is None
    True
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Protocol

from dmvpnprov.core.configtree import plain_lines, post_load_callbacks

__all__ = ["ConfigLine", "ConfigTree", "Line", "Root", "parent_text", "read_tree"]


class ConfigLine(Protocol):
    """What reading a line needs: a :class:`Line` or a hier_config ``HConfigChild``."""

    @property
    def text(self) -> str:
        """The line, spaces normalised."""

    @property
    def children(self) -> Iterable[ConfigLine]:
        """The lines under it, in config order."""

    @property
    def parent(self) -> object:
        """The line (or tree) it is under."""

    def all_children(self) -> Iterator[ConfigLine]:
        """Every line under it, depth first."""


class ConfigTree(Protocol):
    """A whole config: a :class:`Root` or a hier_config ``HConfig``."""

    @property
    def children(self) -> Iterable[ConfigLine]:
        """The top-level lines, in config order."""

    def all_children(self) -> Iterator[ConfigLine]:
        """Every line, depth first."""


def parent_text(line: ConfigLine) -> str | None:
    """The text of the line ``line`` is under (``None`` at the top level).

    Examples:
        >>> tree = read_tree("line vty 0 4\\n password 7 0822455D0A16\\n")
        >>> [parent_text(line) for line in tree.all_children()]
        [None, 'line vty 0 4']
    """
    text = getattr(line.parent, "text", None)  # a tree's top has no text
    return text if isinstance(text, str) else None


# The driver's post-load callbacks and the top-level lines each one rewrites.
_CALLBACK_LINES = {
    "_rm_ipv6_acl_sequence_numbers": "ipv6 access-list ",
    "_remove_ipv4_acl_remarks": "ip access-list ",
    "_add_acl_sequence_numbers": "ip access-list",
    "split_vlan_id_lists": "vlan ",
}


class Root:
    """The top of a tree: its children are the config's top-level lines."""

    __slots__ = ("children", "indent")

    def __init__(self, indent: int = -1) -> None:
        self.children: list[Line] = []
        self.indent = indent

    def all_children(self) -> Iterator[Line]:
        """Every line under this one, depth first, in config order."""
        for child in self.children:
            yield child
            yield from child.all_children()


class Line(Root):
    """One config line: its text (spaces normalised), children and parent."""

    __slots__ = ("parent", "text")

    def __init__(self, parent: Root, text: str, indent: int) -> None:
        super().__init__(indent)
        self.parent = parent
        self.text = text

    def __repr__(self) -> str:
        return f"Line({self.text!r})"


def read_tree(text: str) -> Root | None:
    """The plain tree of ``text``, or ``None`` when hier_config's could differ (above)."""
    lines = plain_lines(text)
    if lines is None:
        return None
    rewritten = post_load_callbacks()
    if any(name not in _CALLBACK_LINES for name in rewritten):
        return None
    touched = tuple(_CALLBACK_LINES[name] for name in rewritten)
    root = Root()
    section: Root = root
    recent: Root = root
    seen: set[tuple[int, str]] = set()
    for indent, line in lines:
        if line.startswith("exit"):
            return None
        while indent <= section.indent and isinstance(section, Line):
            section = section.parent
        if indent > recent.indent:
            section = recent
        if section is root and line.startswith(touched):
            return None
        key = (id(section), line)
        if key in seen:
            return None
        seen.add(key)
        recent = Line(section, line, indent)
        section.children.append(recent)
    return root
