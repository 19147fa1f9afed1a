"""Read the inventory's YAML files fast, strictly, and without ever raising a traceback.

Nornir's SimpleInventory reads YAML with ruamel's pure-Python safe loader and keeps the
last of two equal mapping keys without a word. Two hosts named ``spoke-a`` then become
one, silently. This reader uses libyaml (``CSafeLoader``), about five times faster, and
records every duplicate key with its line, so validation can report it.

YAML 1.1 turns ``yes``/``no``/``on``/``off`` into booleans; ruamel (and so Nornir) reads
YAML 1.2, where they stay strings. The resolver here follows YAML 1.2 for booleans so
both readers see the same values.

A file written as JSON (a subset of YAML; generated inventories often are) is read by
the JSON parser first, which is many times faster than any YAML parser.

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

from dmvpnprov.errors import Problem

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


class _Loader(CParser, yaml.constructor.SafeConstructor, _Resolver):
    """libyaml parser + safe constructor, recording duplicate mapping keys."""

    def __init__(self, stream: str) -> None:
        CParser.__init__(self, stream)
        yaml.constructor.SafeConstructor.__init__(self)
        _Resolver.__init__(self)
        self.duplicates: list[Duplicate] = []
        self._root: yaml.Node | None = None

    def construct_document(self, node: yaml.Node) -> Any:
        self._root = node
        return super().construct_document(node)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)
        if len(mapping) != len(node.value):  # only then look for the duplicates
            seen: set[Any] = set()
            for key_node, _ in node.value:
                key = key_node.value
                if key in seen:
                    line = key_node.start_mark.line + 1
                    self.duplicates.append(Duplicate(str(key), line, node is self._root))
                seen.add(key)
        return mapping


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
        data = loader.get_single_data()
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
    return parse_yaml(text, str(path))
