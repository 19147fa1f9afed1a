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

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        """No path resolvers in safe loading: skip PyYAML's per-node bookkeeping."""

    def ascend_resolver(self) -> None:
        """See :meth:`descend_resolver`."""

    def load(self) -> Any:
        """The document's data (``None`` for an empty document)."""
        node = self.get_single_node()
        return None if node is None else self.build(node, top=True)

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
        return self.construct_object(node, deep=True)


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


def parse_yaml(text: str, file: str) -> YamlDocument:
    """Parse ``text`` (the content of ``file``); a syntax error becomes ``problem``."""
    if text.lstrip().startswith("{"):
        doc = _parse_json(text)
        if doc is not None:
            return doc
    loader = _Loader(text)
    try:
        data = loader.load()
    except RecursionError:
        msg = "YAML nests too deeply (or an alias refers to itself)"
        return YamlDocument(None, problem=Problem(file, None, None, msg))
    except TypeError as exc:  # a list or mapping used as a key
        return YamlDocument(None, problem=Problem(file, None, None, f"YAML: unusable key: {exc}"))
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
    """Read and parse ``path``; a missing file is a problem only when ``required``."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        if not required:
            return YamlDocument({})
        return YamlDocument(None, problem=Problem(str(path), None, None, "file not found"))
    except (OSError, UnicodeDecodeError) as exc:
        return YamlDocument(None, problem=Problem(str(path), None, None, f"cannot read: {exc}"))
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
