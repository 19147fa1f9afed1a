"""Read the inventory's YAML files fast, strictly, and without ever raising a traceback.

Nornir's SimpleInventory reads YAML with ruamel's pure-Python safe loader and keeps the
last of two equal mapping keys without a word. Two hosts named ``spoke-a`` then become
one, silently. This reader uses libyaml (``CSafeLoader``), about five times faster, and
records every duplicate key with its line, so validation can report it.

YAML 1.1 turns ``yes``/``no``/``on``/``off`` into booleans; ruamel (and so Nornir) reads
YAML 1.2, where they stay strings. The resolver here follows YAML 1.2 for booleans so
both readers see the same values.

A file written as JSON (a subset of YAML; generated inventories often are) is read by
the JSON parser first, which is many times faster than any YAML parser. Large YAML
files are cached by content (:mod:`dmvpnprov.inventory.yamlcache`).

Examples:
    >>> doc = parse_yaml("a: 1\\na: 2\\nb: yes\\n", "hosts.yaml")
    >>> doc.data, [(d.key, d.line) for d in doc.duplicates]
    ({'a': 2, 'b': 'yes'}, [('a', 2)])
"""

from __future__ import annotations

import json
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.cyaml import CParser  # type: ignore[attr-defined]

from dmvpnprov.core.errors import Problem
from dmvpnprov.inventory import yamlcache, yamlchunks

__all__ = ["Duplicate", "YamlDocument", "parse_yaml", "read_yaml"]


@dataclass(frozen=True)
class Duplicate:
    """A mapping key written twice. ``top_level`` keys are host/group names."""

    key: str
    line: int | None
    top_level: bool


@dataclass
class YamlDocument:
    """A parsed file: its data, duplicate keys, and the problem that stopped it, if any."""

    data: Any
    duplicates: list[Duplicate] = field(default_factory=list)
    problem: Problem | None = None


class _Resolver(yaml.resolver.Resolver):
    """YAML 1.2 booleans (true/false only); everything else as PyYAML's safe resolver."""


_Resolver.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.items()
}
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


_STR, _MAP, _SEQ = (f"tag:yaml.org,2002:{t}" for t in ("str", "map", "seq"))
_MERGE = "tag:yaml.org,2002:merge"
_INT = "tag:yaml.org,2002:int"

# Bounds on what a file may ask for: aliases may share a value, but the data they stand
# for (what validation walks) must stay small; no inventory integer needs 20 digits.
MAX_EXPANDED = 1_000_000  # values aliases may add once expanded
MAX_INT_DIGITS = 20
MAX_BYTES = 256 << 20


class _Refused(Exception):
    """The document asks for too much; ``line`` is 1-based (or None)."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.line = line


class _Loader(CParser, yaml.constructor.SafeConstructor, _Resolver):
    """libyaml composes the node tree; :meth:`build` turns it into Python data.

    PyYAML's generic constructor costs several Python calls per node; an inventory is
    almost only strings, mappings and lists, which :meth:`build` makes directly (sharing
    aliased nodes as PyYAML does, so no alias bomb). Every other tag (int, bool, null,
    float, timestamp, merge keys) goes through the safe constructor unchanged.
    """

    def __init__(self, stream: str) -> None:
        CParser.__init__(self, stream)
        yaml.constructor.SafeConstructor.__init__(self)
        _Resolver.__init__(self)
        self.duplicates: list[Duplicate] = []
        self._memo: dict[int, Any] = {}
        self._sizes: dict[int, int] = {}  # values per node with its aliases expanded
        self._repeated = 0  # values that aliases add: each reference again to a node
        # No anchor, no alias: nothing to expand, and (no merge key either) every value is
        # built by build(), which checks integers itself: no need for _size's walk.
        self._walk = "&" in stream or "<<" in stream
        self._tags: dict[str, str] = {}  # plain scalar -> its resolved tag

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        """PyYAML's tag resolution, remembered per plain scalar: a fleet's file repeats
        its keys and most values, and each resolution tries several patterns."""
        if kind is not yaml.ScalarNode or self.yaml_path_resolvers:
            return super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]
        if not implicit[0]:  # quoted: a string (what PyYAML returns without path resolvers)
            return self.DEFAULT_SCALAR_TAG
        tag = self._tags.get(value)
        if tag is None:
            tag = self._tags[value] = super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]
        return tag

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        """No path resolvers in safe loading: skip PyYAML's per-node bookkeeping."""

    def ascend_resolver(self) -> None:
        """See :meth:`descend_resolver`."""

    def load(self) -> Any:
        """The document's data (``None`` for an empty document).

        Raises:
            _Refused: aliases expand to more than :data:`MAX_EXPANDED` values (an alias
                bomb: shared here, but every later walk would expand it), or an integer
                has more than :data:`MAX_INT_DIGITS` digits.
        """
        node = self.get_single_node()
        if node is None:
            return None
        if self._walk:
            self._size(node)
        return self.build(node, top=True)

    def _size(self, node: yaml.Node) -> int:
        """Values under ``node`` with every alias expanded (each node sized once).

        What aliases add (every reference to a node after the first, at its expanded
        size) is bounded, not the file's own values: a fleet of 100,000 hosts without
        aliases is several million values and no bomb.
        """
        known = self._sizes.get(id(node))
        if known is not None:
            self._repeated += known
            if self._repeated > MAX_EXPANDED:
                raise _Refused(
                    f"YAML aliases expand to more than {MAX_EXPANDED:,} values (an alias bomb?)",
                    None,
                )
            return known
        self._sizes[id(node)] = 1  # a node that contains itself counts once
        if isinstance(node, yaml.SequenceNode):
            size = 1 + sum(self._size(child) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            size = 1 + sum(self._size(k) + self._size(v) for k, v in node.value)
        else:
            _check_int(node)
            size = 1
        self._sizes[id(node)] = min(size, MAX_EXPANDED + 1)
        return self._sizes[id(node)]

    def build(self, node: yaml.Node, top: bool = False) -> Any:
        """Python data of ``node``; records duplicate mapping keys."""
        tag = node.tag
        if tag == _STR:
            return node.value
        if id(node) in self._memo:
            return self._memo[id(node)]
        if tag == _SEQ:
            items: list[Any] = []
            self._memo[id(node)] = items
            items.extend(self.build(child) for child in node.value)
            return items
        if tag == _MAP and not any(k.tag == _MERGE for k, _ in node.value):
            mapping: dict[Any, Any] = {}
            self._memo[id(node)] = mapping
            for key_node, value_node in node.value:
                key = self.build(key_node)
                if key in mapping:
                    line = key_node.start_mark.line + 1
                    self.duplicates.append(Duplicate(str(key), line, top))
                mapping[key] = self.build(value_node)
            return mapping
        _check_int(node)
        return self.construct_object(node, deep=True)


def _check_int(node: yaml.Node) -> None:
    """:class:`_Refused` for an integer of more than :data:`MAX_INT_DIGITS` digits."""
    if node.tag == _INT and len(str(node.value).lstrip("+-")) > MAX_INT_DIGITS:
        line = node.start_mark.line + 1
        digits = len(str(node.value))
        raise _Refused(f"line {line}: an integer of {digits} digits (at most 20)", line)


def _parse_json(text: str) -> YamlDocument | None:
    dups: list[tuple[str, int]] = []

    def hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(pairs)
        if len(result) != len(pairs):
            seen: set[str] = set()
            for key, _ in pairs:
                if key in seen:
                    dups.append((key, id(result)))
                seen.add(key)
        return result

    try:
        data = json.loads(text, object_pairs_hook=hook)
    except ValueError:
        return None  # not JSON: let the YAML parser read it (and report its errors)
    root = id(data)
    return YamlDocument(data, [Duplicate(k, None, owner == root) for k, owner in dups])


def _refusal(exc: Exception) -> str:
    if isinstance(exc, RecursionError):
        return "YAML nests too deeply (or an alias refers to itself)"
    if isinstance(exc, _Refused):
        return str(exc)
    if isinstance(exc, TypeError):  # a list or mapping used as a key
        return f"YAML: unusable key: {exc}"
    return f"YAML value: {exc}"  # a value the safe constructor cannot make


def _not_readable(path: Path) -> str | None:
    """Why ``path`` is not read (``None``: a regular file of a sane size)."""
    info = path.stat()
    if not stat.S_ISREG(info.st_mode):
        return "not a regular file (a pipe, device or folder cannot be an inventory file)"
    if info.st_size > MAX_BYTES:
        return f"{info.st_size:,} bytes: larger than any inventory ({MAX_BYTES:,} at most)"
    return None


def parse_yaml(text: str, file: str) -> YamlDocument:
    """Parse ``text`` (the content of ``file``); a syntax error becomes ``problem``."""
    if text.lstrip().startswith("{"):
        doc = _parse_json(text)
        if doc is not None:
            return doc
    loader = _Loader(text)
    try:
        data = loader.load()
    except (RecursionError, _Refused, ValueError, TypeError) as exc:
        return YamlDocument(None, problem=Problem(file, None, None, _refusal(exc)))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        reason = getattr(exc, "problem", None) or str(exc)
        return YamlDocument(
            None, problem=Problem(file, None, None, f"YAML syntax: {where}{reason}")
        )
    finally:
        loader.dispose()
    return YamlDocument(data, loader.duplicates)


def _parsed(text: str) -> yamlchunks.Parsed | None:
    """Data and duplicate keys of ``text`` (``None`` when it does not parse): one chunk."""
    doc = parse_yaml(text, "")
    if doc.problem is not None:
        return None
    return doc.data, [(d.key, d.line, d.top_level) for d in doc.duplicates]


def read_yaml(path: Path, *, required: bool) -> YamlDocument:
    """Read and parse ``path``; a missing file is a problem only when ``required``.

    Only a regular file is read (a FIFO would block, ``/dev/zero`` never ends), and at
    most :data:`MAX_BYTES` of it.
    """
    try:
        why = _not_readable(path)
        text = "" if why else path.read_text(encoding="utf-8")
    except FileNotFoundError:
        if not required:
            return YamlDocument({})
        return YamlDocument(None, problem=Problem(str(path), None, None, "file not found"))
    except (OSError, UnicodeDecodeError) as exc:
        why = f"cannot read: {exc}"
    if why:
        return YamlDocument(None, problem=Problem(str(path), None, None, why))
    if text.lstrip().startswith("{"):
        return parse_yaml(text, str(path))  # JSON: fast enough without a cache
    cached = yamlcache.lookup(text)
    if cached is not None:
        data, duplicates = cached
        return YamlDocument(data, [Duplicate(*d) for d in duplicates])
    chunked = yamlchunks.parse_chunks(text, _parsed)  # large files: parallel, else None
    if chunked is not None:
        doc = YamlDocument(chunked[0], [Duplicate(*d) for d in chunked[1]])
    else:
        doc = parse_yaml(text, str(path))
    if doc.problem is None:
        duplicates = [(d.key, d.line, d.top_level) for d in doc.duplicates]
        yamlcache.store(text, (doc.data, duplicates))
    return doc
